/**
 * `POST /api/livekit/webhook`: LiveKit's room and participant events, verified with the SDK's
 * `WebhookReceiver` on the raw body, recorded once per event id in the session timeline, and
 * answered at once. Only ids and seats are kept — never names.
 */
import { Hono } from 'hono';
import { WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import type { AppEnv } from '../config';
import { deps } from '../auth/middleware';
import { getBooking } from '../booking/repo';
import { AppError } from '../http/errors';
import { log } from '../platform/log';
import { sha256Hex } from '../security/tokens';
import { parseIdentity } from '../../shared/session-identity';
import { putWebhookEvent } from '../sessions/repo';
import { guardRoom } from '../sessions/room-guard';
import type { TimelineEvent } from '../sessions/timeline';

const receivers = new Map<string, WebhookReceiver>();

function receiverFor(apiKey: string, apiSecret: string): WebhookReceiver {
  const key = `${apiKey}\u0000${apiSecret}`;
  let receiver = receivers.get(key);
  if (!receiver) {
    receiver = new WebhookReceiver(apiKey, apiSecret);
    receivers.set(key, receiver);
  }
  return receiver;
}

const ROOM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The timeline record of a webhook event, or undefined for events the timeline does not keep. */
function toTimelineEvent(event: WebhookEvent, at: string): TimelineEvent | undefined {
  switch (event.event) {
    case 'participant_joined':
    case 'participant_left':
    case 'participant_connection_aborted': {
      const identity = event.participant?.identity ?? '';
      return { type: event.event, at, identity, ...(parseIdentity(identity) ?? { role: null, seat: null }) };
    }
    case 'room_started':
    case 'room_finished':
      return { type: event.event, at };
    default:
      return undefined;
  }
}

export const webhookRoutes = new Hono<AppEnv>().post('/webhook', async (c) => {
  const d = deps(c);
  const body = await c.req.text();
  const { apiKey, apiSecret } = d.config.livekit;
  let event: WebhookEvent;
  try {
    event = await receiverFor(apiKey, apiSecret).receive(body, c.req.header('authorization'));
  } catch (err) {
    if (err instanceof SyntaxError) {
      throw new AppError(400, 'malformed_request', 'The webhook body is not JSON', { cause: err });
    }
    throw new AppError(401, 'invalid_signature', 'The webhook signature does not verify', { cause: err });
  }

  const room = event.room?.name ?? '';
  const at = event.createdAt > 0n ? new Date(Number(event.createdAt) * 1000) : d.now();
  const record = toTimelineEvent(event, at.toISOString());
  if (!record || !ROOM_NAME.test(room)) return c.json({ ok: true, recorded: false }, 200);

  const booking = await getBooking(d.table, room, d.now());
  if (!booking) return c.json({ ok: true, recorded: false }, 200);

  const eventId = event.id || sha256Hex(body).slice(0, 32);
  const recorded = await putWebhookEvent(d.table, room, eventId, record, booking.expiresAt);
  if (!recorded) log.info('webhook_duplicate', { sessionId: room, eventId, event: event.event });
  // Ended, cancelled or stale-token joins are undone here (see room-guard.ts). Also on a repeated
  // delivery: the guard is idempotent, and a crash after recording must not skip it.
  const guard = await guardRoom(d, booking, event);
  return c.json({ ok: true, recorded, guard }, 200);
});
