/**
 * Lambda entry for live sessions (API Gateway HTTP API, payload v2): `/api/sessions/*`,
 * `/api/dialogues`, and LiveKit's webhook `/api/livekit/webhook`. The only function that holds
 * the LiveKit SDK and may read the LiveKit secret (LIVEKIT_SECRET_ARN). Every request must carry
 * CloudFront's origin secret — LiveKit's webhooks too, since they are sent to the site address.
 */
import { buildApp } from '../app-core';
import { createLiveKitRooms } from '../livekit/adapter';
import { awsDeps, cloudFrontGuard } from '../platform/aws';
import { httpHandler } from './http-handler';
import { sessionApi } from '../session-api';

export const handler = httpHandler(async () =>
  buildApp(await awsDeps((config) => createLiveKitRooms(config)), sessionApi, {
    guard: cloudFrontGuard(),
  }),
);
