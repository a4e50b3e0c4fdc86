/**
 * The one Hono app: every `/api/*` route, one error handler. Local mode, Lambda and tests build it
 * with their own dependencies (`Deps`). Export `AppType` for the typed client (`hc`).
 */
import { Hono } from 'hono';
import type { AppEnv, Deps } from './config';
import { authRoutes } from './auth/routes';
import { checkOrigin } from './auth/middleware';
import { partnerBookingRoutes, publicTherapistRoutes } from './booking/routes';
import { AppError } from './http/errors';
import { onError } from './http/on-error';
import { meRoutes } from './therapists/routes';
import { devRoutes } from './local/dev-routes';
import { dialogueRoutes } from './dialogues/routes';
import { sessionRoutes } from './sessions/routes';
import { webhookRoutes } from './livekit/webhook-routes';

const MAX_BODY_BYTES = 64 * 1024;

export function createApp(deps: Deps) {
  const api = new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('deps', deps);
      const length = Number(c.req.header('content-length') ?? 0);
      if (length > MAX_BODY_BYTES) throw new AppError(413, 'payload_too_large', 'The request body is too large');
      await next();
      if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    })
    .use(checkOrigin)
    .route('/auth', authRoutes)
    .route('/me', meRoutes)
    .route('/therapists', publicTherapistRoutes)
    .route('/bookings/me', partnerBookingRoutes)
    .route('/dialogues', dialogueRoutes)
    .route('/sessions', sessionRoutes)
    .route('/livekit', webhookRoutes);

  if (deps.config.mode === 'local') api.route('/dev', devRoutes);

  api.notFound((c) => c.json({ error: { code: 'not_found', message: 'No such API route' } }, 404));
  api.onError(onError);

  const app = new Hono().route('/api', api);
  app.onError(onError);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
