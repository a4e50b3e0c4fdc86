/**
 * Lambda entry for accounts and booking (API Gateway HTTP API, payload v2): `/api/auth/*`,
 * `/api/me*`, `/api/therapists/*`, `/api/bookings/*`, and the JSON 404 for any other `/api/*`
 * path. Live-session routes are served by `sessions.ts`, so this bundle carries no LiveKit SDK
 * and its role cannot read the LiveKit secret. Every request must carry CloudFront's origin
 * secret. Configuration from the environment (TABLE_NAME, SECRET_ARN, ORIGIN_SECRET_ARN,
 * PUBLIC_URL, LIVEKIT_URL, MAIL_FROM, RETENTION_DAYS); secrets from Secrets Manager.
 */
import { buildApp } from '../app-core';
import { bookingApi } from '../booking-api';
import { awsDeps, cloudFrontGuard } from '../platform/aws';
import { httpHandler } from './http-handler';

export const handler = httpHandler(async () =>
  buildApp(await awsDeps(), bookingApi, { guard: cloudFrontGuard() }),
);
