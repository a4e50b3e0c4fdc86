/**
 * Joining a session (DESIGN §6): inside the join window, the therapist gets a LiveKit token at
 * once; a partner waits in the lobby until the therapist admits their seat. Minting a token is
 * local signing — a join never waits on LiveKit.
 */
import { joinOpensAt, joinWindowAt } from '../../shared/join-window';
import { encodeLiveKitOverlay } from '../../shared/overlay';
import type { Seat } from '../../shared/schemas';
import type { JoinResult, Role } from '../../shared/session-types';
import type { Deps } from '../config';
import type { BookingItem } from '../booking/repo';
import { conflict } from '../http/errors';
import { bestEffort, type RoomOptions } from '../livekit/adapter';
import { getTherapist, type TherapistItem } from '../therapists/repo';
import { assertNotCancelled, type SessionContext } from './access';
import { currentOverlay, publishInBackground } from './overlay';
import { ensureKey, enterWaiting, joinEventKey, keyForClient, putEvent, putJoinEvent, readSeat, type LobbyItem, type SessionState } from './repo';
import { partnerIdentity, therapistIdentity } from '../../shared/session-identity';
import { partnerDisplayName } from './participants';

/** Join tokens are short-lived; LiveKit refreshes them itself on reconnects. */
export const TOKEN_TTL_SECONDS = 10 * 60;
export const ROOM_OPTIONS: RoomOptions = {
  maxParticipants: 4,
  emptyTimeout: 10 * 60,
  departureTimeout: 2 * 60,
};

/** Throws 409 `not_open` unless `now` is inside the join window (shared/join-window.ts). */
export function assertJoinWindow(booking: BookingItem, now: Date): void {
  const where = joinWindowAt(booking.start, booking.end, now);
  if (where !== 'open') {
    throw conflict(
      'not_open',
      where === 'before' ? 'The session opens 10 minutes before it starts' : 'The session time is over',
      { opensAt: joinOpensAt(booking.start), closesAt: new Date(booking.end).toISOString() },
    );
  }
}

/**
 * Whether a partner's seat may be given a token now: admitted, and past the revocation of its
 * last send-back. LiveKit's revocation is in whole seconds and may include its own second, so a
 * token is minted only from the second after `revokedBefore` on; until then the partner waits
 * (their page asks again within seconds).
 */
export function seatMayJoin(item: LobbyItem | undefined, now: Date): boolean {
  if (item?.state !== 'admitted') return false;
  return !item.revokedBefore || now.getTime() >= Date.parse(item.revokedBefore) + 1000;
}

/** Throws 409 `session_ended` once the therapist ended the session. */
export function assertNotEnded(session: SessionState): void {
  if (session.ended) {
    throw conflict('session_ended', 'This session has ended', { endedAt: session.ended.endedAt });
  }
}

/**
 * A join, from what `loadSession` read (one round trip; the therapist's profile with it when the
 * caller is the therapist). At most one more round trip follows, with its writes side by side:
 * - therapist: the join event and (the first time) the media key;
 * - partner, first arrival or back after a send-back: the lobby write and the arrival event;
 * - partner, still waiting: nothing;
 * - partner, admitted: the join event and a re-read of the seat (a send-back may have landed
 *   between our read and the minting; then the token is kept back).
 */
export async function joinSession(
  d: Deps,
  { booking, caller, session, therapist, extra }: SessionContext & { therapist?: TherapistItem },
  together: boolean,
): Promise<JoinResult> {
  const now = d.now();
  assertNotCancelled(booking);
  assertNotEnded(session);
  assertJoinWindow(booking, now);

  let role: Role;
  let seat: Seat | null;
  let identity: string;
  let name: string;
  let admission: number | undefined;
  if (caller.kind === 'therapist') {
    if (!therapist) throw new Error('joinSession: the therapist was not loaded');
    role = 'therapist';
    seat = null;
    identity = therapistIdentity(therapist.id);
    name = therapist.displayName;
    together = false;
  } else {
    seat = caller.seat;
    let lobby = session.lobby[seat];
    if (lobby?.state !== 'admitted') {
      const arriving = !lobby || lobby.state === 'sent_back' || lobby.state === 'left';
      const [stored] = await Promise.all([
        enterWaiting(d.table, booking, { seat, current: lobby, together, now, expiresAt: booking.expiresAt }),
        // The arrival is a fact whatever the lobby write finds (even an admission in between).
        arriving
          ? putEvent(d.table, booking.id, { type: 'arrived', at: now.toISOString(), seat, together }, booking.expiresAt)
          : undefined,
      ]);
      if (stored?.state !== 'admitted') return { status: 'waiting', since: stored?.since ?? now.toISOString(), seat };
      lobby = stored;
    }
    if (!seatMayJoin(lobby, now)) return { status: 'waiting', since: lobby.since, seat };
    admission = lobby.admissions ?? 1;
    role = 'partner';
    identity = partnerIdentity(booking.id, seat);
    name = partnerDisplayName(booking, seat, together);
  }

  const overlay = currentOverlay(session);
  const token = await d.livekit.mintToken({
    room: booking.id,
    identity,
    name,
    attributes: {
      role,
      ...(seat ? { seat } : {}),
      ...(together ? { together: 'true' } : {}),
      // Which admission of the seat this token belongs to: a count, no personal data.
      ...(admission !== undefined ? { admission: String(admission) } : {}),
    },
    ttlSeconds: TOKEN_TTL_SECONDS,
    grant: {
      roomJoin: true,
      room: booking.id,
      canPublish: true,
      canSubscribe: true,
      // The overlay travels as server-set room metadata; no client needs data packets, which
      // are not end-to-end encrypted. Least privilege for the therapist too. No `roomAdmin`, and
      // `canUpdateOwnMetadata` stays at its default (false): moderation goes through the API.
      canPublishData: false,
    },
    roomOptions: ROOM_OPTIONS,
    roomMetadata: encodeLiveKitOverlay(overlay.state),
  });

  // This caller's join record of this minute came with the read: they joined moments ago.
  const joinKey = joinEventKey(booking.id, now, seat);
  const recorded = extra.some((i) => i.pk === joinKey.pk && i.sk === joinKey.sk);
  if (role === 'therapist' && !recorded) {
    // Best effort, never awaited: the token's roomConfig covers a room LiveKit auto-creates.
    // It carries the overlay too: when it reaches LiveKit before the first token does, the
    // token's roomConfig (with the metadata) no longer applies. A re-join within the minute
    // (a reconnect) does not ask again: the first join of the minute did.
    void bestEffort('createRoom', booking.id, () =>
      d.livekit.createRoom(booking.id, ROOM_OPTIONS, encodeLiveKitOverlay(overlay.state)),
    );
  }
  if (!overlay.published) publishInBackground(d, booking, overlay.state);
  const [, recheck, key] = await Promise.all([
    recorded
      ? undefined
      : putJoinEvent(d.table, booking.id, { type: 'token_issued', at: now.toISOString(), role, seat }, booking.expiresAt),
    seat ? readSeat(d.table, booking, seat, now) : undefined,
    // The therapist's first join creates the media key (it knows the therapist's setting); an
    // admission creates it too (lobby.ts), so an admitted partner finds it.
    therapist
      ? ensureKey(d.table, booking, session.e2ee, now, booking.expiresAt, !therapist.allowUnencrypted)
      : (session.e2ee ?? keyForPartner(d, booking, now)),
  ]);
  if (seat && (!seatMayJoin(recheck, now) || (recheck?.admissions ?? 1) !== admission)) {
    return { status: 'waiting', since: recheck?.since ?? now.toISOString(), seat };
  }

  return {
    status: 'admitted',
    livekit: { url: d.livekit.url, token },
    identity,
    role,
    seat,
    name,
    together,
    partners: booking.partners.map((p) => ({ seat: p.seat, name: p.name })),
    overlay: overlay.state,
    e2ee: keyForClient(key),
  };
}

/**
 * The key for an admitted partner of a session that has none: only sessions admitted before
 * admissions created the key (stored state from an older version) — read the therapist's setting
 * and create it. Never on the usual path.
 */
async function keyForPartner(d: Deps, booking: BookingItem, now: Date) {
  const therapist = await getTherapist(d.table, booking.therapistId);
  return ensureKey(d.table, booking, undefined, now, booking.expiresAt, !therapist?.allowUnencrypted);
}
