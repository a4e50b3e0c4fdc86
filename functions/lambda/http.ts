/**
 * Lambda entry for the HTTP API (API Gateway HTTP API, payload v2). Serves every `/api/*` route,
 * including the LiveKit webhook. Configuration comes from the environment (TABLE_NAME,
 * SECRET_ARN, PUBLIC_URL, LIVEKIT_URL, MAIL_FROM, RETENTION_DAYS); secrets from Secrets Manager.
 */
import { handle } from 'hono/aws-lambda';
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { createApp } from '../app';
import { createLiveKitRooms } from '../livekit/adapter';
import { awsDeps } from '../platform/aws';

const build = async () => handle(createApp(await awsDeps((config) => createLiveKitRooms(config))));
let handlerPromise: ReturnType<typeof build> | undefined;

export const handler = async (event: LambdaEvent, context: LambdaContext) => {
  handlerPromise ??= build().catch((err) => {
    handlerPromise = undefined;
    throw err;
  });
  const h = await handlerPromise;
  return h(event, context);
};
