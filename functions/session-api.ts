/** Live sessions: the dialogue deck, joining, the waiting room, the overlay, LiveKit's webhook. */
import { Hono } from 'hono';
import type { AppEnv } from './config';
import { dialogueRoutes } from './dialogues/routes';
import { webhookRoutes } from './livekit/webhook-routes';
import { bcrRoutes } from './sessions/bcr-routes';
import { sessionRoutes } from './sessions/routes';

export const sessionApi = new Hono<AppEnv>()
  .route('/dialogues', dialogueRoutes)
  .route('/sessions', sessionRoutes)
  .route('/sessions', bcrRoutes)
  .route('/livekit', webhookRoutes);
