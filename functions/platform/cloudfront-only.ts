/**
 * "Behind CloudFront only": CloudFront adds the origin secret (Secrets Manager, see
 * `infra/stacks/web-stack.ts`) to every request it forwards to the API. A request without it
 * came around CloudFront, straight to API Gateway's endpoint, and is refused before anything else
 * runs. Only on a request that carried the secret is CloudFront's client-address header trusted.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { createHash, timingSafeEqual } from 'node:crypto';
import { CLIENT_IP_HEADER, ORIGIN_SECRET_HEADER } from '../../infra/web/edge-functions';
import { AppError } from '../http/errors';

const verified = new WeakSet<Context>();

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares in constant time (both sides hashed to the same length first). */
function matchesAny(presented: string, accepted: string[]): boolean {
  const p = digest(presented);
  let match = false;
  for (const value of accepted) match = timingSafeEqual(p, digest(value)) || match;
  return match;
}

/**
 * Middleware that refuses (403) any request without a currently accepted origin secret.
 *
 * @example
 * buildApp(deps, routes, { guard: cloudFrontOnly(() => getOriginSecrets(arn)) });
 */
export function cloudFrontOnly(acceptedSecrets: () => Promise<string[]>): MiddlewareHandler {
  return async (c, next) => {
    const presented = c.req.header(ORIGIN_SECRET_HEADER);
    if (presented === undefined || !matchesAny(presented, await acceptedSecrets())) {
      throw new AppError(403, 'forbidden', 'This API answers only through the site address');
    }
    verified.add(c);
    await next();
  };
}

/** The viewer address CloudFront passed on, only for a request that proved it came through it. */
export function viewerAddress(c: Context): string | undefined {
  return verified.has(c) ? c.req.header(CLIENT_IP_HEADER) : undefined;
}
