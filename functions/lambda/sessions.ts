/**
 * Lambda entry for live sessions (API Gateway HTTP API, payload v2): `/api/sessions/*`,
 * `/api/dialogues`, and LiveKit's webhook `/api/livekit/webhook`. The only function that holds
 * the LiveKit SDK.
 */
import { handle } from 'hono/aws-lambda';
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { buildApp } from '../app-core';
import { createLiveKitRooms } from '../livekit/adapter';
import { awsDeps } from '../platform/aws';
import { sessionApi } from '../session-api';

const build = async () => handle(buildApp(await awsDeps((config) => createLiveKitRooms(config)), sessionApi));
let handlerPromise: ReturnType<typeof build> | undefined;

export const handler = async (event: LambdaEvent, context: LambdaContext) => {
  handlerPromise ??= build().catch((err) => {
    handlerPromise = undefined;
    throw err;
  });
  const h = await handlerPromise;
  return h(event, context);
};
