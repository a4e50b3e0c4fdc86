/**
 * What every deployment of the API shares: request middleware (deps, body limit, no-store, Origin
 * check), the dev-only routes in local mode, the JSON 404 for every `/api/*` path without a route,
 * and the one error handler. `app.ts` mounts all route groups for local mode and tests; each
 * Lambda entry mounts its own group (and puts its CloudFront check in front), so a function
 * bundles only the code it serves.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv, Deps } from './config';
import { checkOrigin } from './auth/middleware';
import { AppError, notFound } from './http/errors';
import { onError } from './http/on-error';
import { devRoutes } from './local/dev-routes';

/** The largest request body, counted on the bytes that arrive (also without Content-Length). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface BuildOptions {
  /**
   * Runs before anything else, for every path (the Lambda entries: the request must have come
   * through CloudFront, see `functions/platform/cloudfront-only.ts`).
   */
  guard?: MiddlewareHandler;
}

const tooLarge = () => {
  throw new AppError(413, 'payload_too_large', 'The request body is too large (at most 64 KB)');
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function buildApp<R extends Hono<AppEnv, any, any>>(
  deps: Deps,
  routes: R,
  options: BuildOptions = {},
) {
  const api = new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('deps', deps);
      await next();
      if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    })
    .use(bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }))
    .use(checkOrigin)
    .route('/', routes);

  if (deps.config.mode === 'local') api.route('/dev', devRoutes);

  // Last: any `/api/*` path or method no route above answered. A sub-app's notFound handler is
  // not used once it is mounted, so this is a route, not `api.notFound`.
  api.all('*', () => {
    throw notFound('No such API route');
  });
  api.onError(onError);

  const root = new Hono();
  if (options.guard) root.use(options.guard);
  const app = root.route('/api', api);
  app.onError(onError);
  return app;
}
