/**
 * What every deployment of the API shares: request middleware (deps, body limit, no-store, Origin
 * check), the dev-only routes in local mode, and the one error handler. `app.ts` mounts all route
 * groups for local mode and tests; each Lambda entry mounts its own group, so a function bundles
 * only the code it serves.
 */
import { Hono } from 'hono';
import type { AppEnv, Deps } from './config';
import { checkOrigin } from './auth/middleware';
import { AppError } from './http/errors';
import { onError } from './http/on-error';
import { devRoutes } from './local/dev-routes';

const MAX_BODY_BYTES = 64 * 1024;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function buildApp<R extends Hono<AppEnv, any, any>>(deps: Deps, routes: R) {
  const api = new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('deps', deps);
      const length = Number(c.req.header('content-length') ?? 0);
      if (length > MAX_BODY_BYTES) throw new AppError(413, 'payload_too_large', 'The request body is too large');
      await next();
      if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    })
    .use(checkOrigin)
    .route('/', routes);

  if (deps.config.mode === 'local') api.route('/dev', devRoutes);

  api.notFound((c) => c.json({ error: { code: 'not_found', message: 'No such API route' } }, 404));
  api.onError(onError);

  const app = new Hono().route('/api', api);
  app.onError(onError);
  return app;
}
