/**
 * Lambda entry for accounts and booking (API Gateway HTTP API, payload v2): `/api/auth/*`,
 * `/api/me*`, `/api/therapists/*`, `/api/bookings/*`. Live-session routes are served by
 * `sessions.ts`, so this bundle carries no LiveKit SDK. Configuration from the environment
 * (TABLE_NAME, SECRET_ARN, PUBLIC_URL, LIVEKIT_URL, MAIL_FROM, RETENTION_DAYS); secrets from
 * Secrets Manager.
 */
import { handle } from 'hono/aws-lambda';
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { buildApp } from '../app-core';
import { bookingApi } from '../booking-api';
import { awsDeps, noLiveKit } from '../platform/aws';

const build = async () => handle(buildApp(await awsDeps(noLiveKit), bookingApi));
let handlerPromise: ReturnType<typeof build> | undefined;

export const handler = async (event: LambdaEvent, context: LambdaContext) => {
  handlerPromise ??= build().catch((err) => {
    handlerPromise = undefined;
    throw err;
  });
  const h = await handlerPromise;
  return h(event, context);
};
