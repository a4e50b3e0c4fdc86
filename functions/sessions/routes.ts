/**
 * `/api/sessions/:id/…` — joining, the waiting room, moderation, the overlay and the timeline.
 * The session id is the booking id; every route checks that the caller belongs to it (404 if not).
 */
import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { deckFor } from '../../shared/dialogues/overrides';
import { initialOverlay } from '../../shared/overlay';
import type { TimelineView } from '../../shared/session-types';
import type { AppEnv } from '../config';
import { overridesOf } from '../therapists/deck';
import { deps } from '../auth/middleware';
import { AppError, conflict, forbidden } from '../http/errors';
import { jsonBody, paramsOf, parseOr422 } from '../http/validate';
import { bestEffort } from '../livekit/adapter';
import { assertNotCancelled, loadSession } from './access';
import { assertNotEnded, joinSession, seatMayJoin } from './join';
import { admit, endSession, leave, lobbyView, mute, sendBack } from './lobby';
import { changeOverlay, currentOverlay, overlayEtag } from './overlay';
import { joinEventKey, keyForClient, listEvents } from './repo';
import { sessionView } from './view';
import { JoinRequest, OverlayChangeRequest, SeatRequest, SessionParam, SignalRequest } from './schemas';
import { acknowledge, raise } from './signals';
import { overlayDurations, sessionSpan } from './timeline';

const therapistOnly = { therapistOnly: true } as const;

/** A JSON body that may be absent (no Content-Type, no body); any other type is a 415. */
const optionalJson = validator('json', (value, c) => {
  const type = c.req.header('content-type');
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError(415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json');
  }
  return parseOr422(JoinRequest, value);
});

const idOf = (c: { req: { valid(target: 'param'): { id: string } } }) => c.req.valid('param').id;

export const sessionRoutes = new Hono<AppEnv>()
  // ---- Therapist or partner ----
  // Where the session stands for its caller: the one read a session page starts from.
  .get('/:id', paramsOf(SessionParam), async (c) => {
    const d = deps(c);
    const loaded = await loadSession(c, idOf(c), { allowCancelled: true, therapist: true });
    return c.json(sessionView(loaded, d.now()), 200);
  })
  .post('/:id/join', paramsOf(SessionParam), optionalJson, async (c) => {
    const d = deps(c);
    const id = idOf(c);
    const partner = c.req.header('authorization') !== undefined;
    // This minute's join records (either seat, or the therapist's) come with the same read, so a
    // re-join in the same minute writes none (putJoinEvent keeps one per participant per minute).
    const now = deps(c).now();
    const extraKeys = partner ? [joinEventKey(id, now, 'A'), joinEventKey(id, now, 'B')] : [joinEventKey(id, now, null)];
    const loaded = await loadSession(c, id, { therapist: !partner, extraKeys });
    const result = await joinSession(d, loaded, c.req.valid('json').together ?? false);
    // The admitted answer carries the session's media key: never cached anywhere.
    c.header('Cache-Control', 'no-store');
    if (result.status === 'waiting') return c.json(result, 202);
    return c.json(result, 200);
  })
  // A partner's Leave: out of the room for good (see lobby.ts `leave`).
  .post('/:id/leave', paramsOf(SessionParam), async (c) => {
    const d = deps(c);
    const loaded = await loadSession(c, idOf(c));
    if (loaded.caller.kind !== 'partner') throw forbidden('Only a partner leaves this way; the therapist ends the session');
    assertNotCancelled(loaded.booking);
    return c.json(await leave(d, loaded, loaded.caller.seat), 200);
  })
  // After a cancellation (which the booking function records; it holds no LiveKit credentials),
  // the canceller's page asks this function to close the room at once. If that call never comes,
  // the participants' pages leave on their next check and the room guard closes the room on the
  // next join.
  .post('/:id/close', paramsOf(SessionParam), async (c) => {
    const d = deps(c);
    const { booking } = await loadSession(c, idOf(c), { allowCancelled: true });
    if (booking.status !== 'cancelled') throw conflict('not_cancelled', 'Only a cancelled session is closed this way');
    const { livekit } = await bestEffort('deleteRoom', booking.id, () => d.livekit.deleteRoom(booking.id));
    return c.json({ closed: true, livekit }, 200);
  })
  // The current media key, for a participant whose frames arrive under a newer index (after a
  // send-back rotated it). Only the therapist and admitted partners get it.
  .get('/:id/key', paramsOf(SessionParam), async (c) => {
    const d = deps(c);
    const { caller, booking, session } = await loadSession(c, idOf(c));
    assertNotCancelled(booking);
    assertNotEnded(session);
    if (caller.kind === 'partner' && !seatMayJoin(session.lobby[caller.seat], d.now())) {
      throw forbidden('Wait until the therapist lets you in');
    }
    // Only joins and admissions create the key (they know the therapist's setting); none yet:
    // nothing to fetch.
    if (!session.e2ee) throw conflict('no_key', 'Nobody has joined the video yet');
    c.header('Cache-Control', 'no-store');
    return c.json({ e2ee: keyForClient(session.e2ee) }, 200);
  })
  // The partners' poll while video is down: one round trip, authentication included.
  .get('/:id/overlay', paramsOf(SessionParam), async (c) => {
    const { caller, booking, session } = await loadSession(c, idOf(c));
    // After a cancellation or the end, polling clients (video down) learn it here rather than
    // by re-joining.
    assertNotCancelled(booking);
    assertNotEnded(session);
    if (caller.kind === 'partner' && session.lobby[caller.seat]?.state !== 'admitted') {
      throw forbidden('Wait until the therapist lets you in');
    }
    const { state } = currentOverlay(session);
    const etag = overlayEtag(state.version);
    c.header('ETag', etag);
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
      return c.body(null, 304);
    }
    return c.json({ overlay: state }, 200);
  })
  // A partner's safety signal, for the therapist's eyes only (signals.ts).
  .post('/:id/signal', paramsOf(SessionParam), jsonBody(SignalRequest), async (c) => {
    const loaded = await loadSession(c, idOf(c));
    return c.json({ signal: await raise(deps(c), loaded, c.req.valid('json').kind) }, 200);
  })
  // ---- The session's therapist only (the cookie; a partner's token is not looked at: 401) ----
  .get('/:id/lobby', paramsOf(SessionParam), async (c) => {
    const { booking, session } = await loadSession(c, idOf(c), therapistOnly);
    return c.json(lobbyView(booking, session), 200);
  })
  .post('/:id/admit', paramsOf(SessionParam), jsonBody(SeatRequest), async (c) => {
    const d = deps(c);
    const loaded = await loadSession(c, idOf(c), { ...therapistOnly, therapist: true });
    return c.json(await admit(d, loaded, c.req.valid('json').seat), 200);
  })
  .post('/:id/send-back', paramsOf(SessionParam), jsonBody(SeatRequest), async (c) => {
    const d = deps(c);
    const loaded = await loadSession(c, idOf(c), therapistOnly);
    c.header('Cache-Control', 'no-store');
    return c.json(await sendBack(d, loaded, c.req.valid('json').seat), 200);
  })
  .post('/:id/signal/seen', paramsOf(SessionParam), jsonBody(SeatRequest), async (c) => {
    const loaded = await loadSession(c, idOf(c), therapistOnly);
    return c.json({ signal: await acknowledge(deps(c), loaded, c.req.valid('json').seat) }, 200);
  })
  .post('/:id/mute', paramsOf(SessionParam), jsonBody(SeatRequest), async (c) => {
    const d = deps(c);
    const loaded = await loadSession(c, idOf(c), therapistOnly);
    return c.json(await mute(d, loaded, c.req.valid('json').seat), 200);
  })
  .post('/:id/end', paramsOf(SessionParam), async (c) => {
    const d = deps(c);
    const { booking } = await loadSession(c, idOf(c), therapistOnly);
    return c.json(await endSession(d, booking), 200);
  })
  .post('/:id/overlay', paramsOf(SessionParam), jsonBody(OverlayChangeRequest), async (c) => {
    const d = deps(c);
    // With the profile (same read: the cookie names the therapist): their added stems are ids too.
    const { booking, session, therapist } = await loadSession(c, idOf(c), { ...therapistOnly, therapist: true });
    assertNotCancelled(booking);
    assertNotEnded(session);
    const { baseVersion, action } = c.req.valid('json');
    const result = await changeOverlay(d, booking, session, baseVersion, action, deckFor(overridesOf(therapist)));
    c.header('ETag', overlayEtag(result.overlay.version));
    return c.json(result, 200);
  })
  .get('/:id/timeline', paramsOf(SessionParam), async (c) => {
    const d = deps(c);
    const now = d.now();
    const { booking } = await loadSession(c, idOf(c), therapistOnly);
    const { events, truncated } = await listEvents(d.table, booking.id, now);
    const span = sessionSpan(events, now, booking.end);
    const initial = initialOverlay();
    const view: TimelineView = {
      events,
      truncated,
      span: span ?? null,
      durations: overlayDurations(events, initial, span),
    };
    return c.json(view, 200);
  });
