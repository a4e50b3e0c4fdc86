/**
 * Lambda entry for live sessions (API Gateway HTTP API, payload v2): `/api/sessions/*`,
 * `/api/dialogues`, and LiveKit's webhook `/api/livekit/webhook`. The only function that holds
 * the LiveKit SDK.
 */
import { buildApp } from '../app-core';
import { createLiveKitRooms } from '../livekit/adapter';
import { awsDeps } from '../platform/aws';
import { httpHandler } from './http-handler';
import { sessionApi } from '../session-api';

export const handler = httpHandler(async () =>
  buildApp(await awsDeps((config) => createLiveKitRooms(config)), sessionApi),
);
