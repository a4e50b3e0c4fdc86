/**
 * The therapist's side of the waiting room and moderation: admit, send back (the "time-out"),
 * mute and end. State changes are written first; LiveKit is told afterwards, best effort, and
 * its outcome is reported as `livekit: 'ok' | 'unreachable'` instead of failing the request.
 */
import type { Seat } from '../../shared/schemas';
import type { EndResult, LobbyView, MuteResult, SendBackResult } from '../../shared/session-types';
import type { Deps } from '../config';
import type { BookingItem } from '../booking/repo';
import { conflict } from '../http/errors';
import { bestEffort } from '../livekit/adapter';
import { assertNotCancelled, type SessionContext } from './access';
import type { TherapistItem } from '../therapists/repo';
import { assertJoinWindow, assertNotEnded } from './join';
import { signalView } from './signals';
import { partnerIdentity } from '../../shared/session-identity';
import {
  admitSeat,
  ensureKey,
  markEnded,
  putEvent,
  readSessionState,
  keyForClient,
  rotateKey,
  takeSeatOut,
  type LobbyItem,
  type SessionState,
} from './repo';

export function lobbyView(booking: BookingItem, session: SessionState): LobbyView {
  return {
    seats: (['A', 'B'] as const).map((seat) => {
      const item: LobbyItem | undefined = session.lobby[seat];
      return {
        seat,
        name: booking.partners.find((p) => p.seat === seat)?.name ?? seat,
        state: item?.state ?? 'not_arrived',
        since: item?.since ?? null,
        together: item?.together ?? false,
      };
    }),
    endedAt: session.ended?.endedAt ?? null,
    signals: (['A', 'B'] as const).flatMap((seat) => {
      const signal = session.signals[seat];
      return signal ? [signalView(signal)] : [];
    }),
  };
}

/**
 * Admits a seat that is waiting (or was sent back and not yet polled again). Admitting an
 * admitted seat is a no-op; a seat that never arrived is a 409 `not_waiting`.
 */
export async function admit(
  d: Deps,
  { booking, session: loaded, therapist }: SessionContext & { therapist: TherapistItem },
  seat: Seat,
): Promise<LobbyView> {
  assertNotCancelled(booking);
  const now = d.now();
  let session = loaded;
  // Two tries: a partner polling at the same moment may move the seat between our read and write.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) session = await readSessionState(d.table, booking, now);
    assertNotEnded(session);
    const item = session.lobby[seat];
    if (!item) throw conflict('not_waiting', 'This partner is not in the waiting room');
    if (item.state === 'admitted') return lobbyView(booking, session);
    const [updated] = await Promise.all([
      admitSeat(d.table, booking, item, now),
      // The admitted partner's join hands out the media key: make sure it exists (the therapist's
      // own join usually created it already). Harmless if the admission loses a race.
      ensureKey(d.table, booking, session.e2ee, now, booking.expiresAt, !therapist.allowUnencrypted),
    ]);
    if (updated) {
      await putEvent(d.table, booking.id, { type: 'admitted', at: now.toISOString(), seat }, booking.expiresAt);
      return lobbyView(booking, { ...session, lobby: { ...session.lobby, [seat]: updated } });
    }
  }
  throw conflict('lobby_changed', 'The waiting room changed meanwhile; try again');
}

/**
 * Takes a partner out of the room, by the therapist (`sent_back`) or by their own Leave (`left`):
 * the seat is marked first and needs admission again; then, together, the media key is rotated
 * and LiveKit removes the participant and revokes their tokens.
 *
 * LiveKit's `revokeTokenTs` is in whole seconds: the whole current second is revoked, so a token
 * minted in the same second is revoked too (join waits that second out). LiveKit Cloud honours
 * it; the open-source server (v1.13) ignores it, so the webhook guard (room-guard.ts) removes a
 * revoked token's participant when it joins.
 *
 * The new key leaves the sent-back (or departed) device with only the old one. The therapist's
 * client gets it in the send-back answer; the others fetch it on their first undecryptable frame
 * or their 15-second check.
 */
async function takeOut(d: Deps, { booking, session: before }: SessionContext, seat: Seat, to: 'sent_back' | 'left') {
  const now = d.now();
  assertNotEnded(before);
  const revokedBefore = new Date((Math.floor(now.getTime() / 1000) + 1) * 1000);
  const updated = await takeSeatOut(d.table, booking, seat, to, now, revokedBefore);
  if (!updated) throw conflict('not_admitted', 'This partner is not in the room');
  const [key, { livekit }] = await Promise.all([
    rotateKey(d.table, booking, before.e2ee, now),
    bestEffort('removeParticipant', booking.id, () =>
      d.livekit.removeParticipant(booking.id, partnerIdentity(booking.id, seat), revokedBefore),
    ),
  ]);
  await putEvent(d.table, booking.id, { type: to, at: now.toISOString(), seat, livekit }, booking.expiresAt);
  return { before, updated, key, livekit };
}

/** The therapist's time-out: the partner goes back to the waiting room. */
export async function sendBack(d: Deps, context: SessionContext, seat: Seat): Promise<SendBackResult> {
  const { booking } = context;
  const { before, updated, key, livekit } = await takeOut(d, context, seat, 'sent_back');
  return {
    ...lobbyView(booking, { ...before, lobby: { ...before.lobby, [seat]: updated } }),
    livekit,
    e2ee: keyForClient(key),
  };
}

/**
 * A partner leaves the room for good (the Leave button). The new key is not in this answer: the
 * one who left must not have it.
 */
export async function leave(d: Deps, context: SessionContext, seat: Seat): Promise<{ left: true }> {
  await takeOut(d, context, seat, 'left');
  return { left: true };
}

/** Mutes the partner's microphone in the room. 409 `not_in_room` if they are not connected. */
export async function mute(d: Deps, { booking, session }: SessionContext, seat: Seat): Promise<MuteResult> {
  const now = d.now();
  assertNotEnded(session);
  const { livekit, result } = await bestEffort('mutePublishedTrack', booking.id, () =>
    d.livekit.muteMicrophone(booking.id, partnerIdentity(booking.id, seat)),
  );
  if (result === 'not_in_room') throw conflict('not_in_room', 'This partner is not in the room');
  if (result === 'no_microphone') throw conflict('no_microphone', 'This partner has no microphone on');
  if (livekit === 'ok') {
    await putEvent(d.table, booking.id, { type: 'muted', at: now.toISOString(), seat, livekit }, booking.expiresAt);
  }
  return { seat, muted: livekit === 'ok', livekit };
}

/**
 * Ends the session for everyone: marks it ended (later joins get 409 `session_ended`), then
 * deletes the LiveKit room. Repeating it keeps the first end time and retries the deletion.
 */
export async function endSession(
  d: Deps,
  booking: BookingItem,
): Promise<EndResult> {
  const now = d.now();
  assertNotCancelled(booking);
  assertJoinWindow(booking, now);
  const { ended, first } = await markEnded(d.table, booking, now, booking.expiresAt);
  const { livekit } = await bestEffort('deleteRoom', booking.id, () => d.livekit.deleteRoom(booking.id));
  if (first) {
    await putEvent(d.table, booking.id, { type: 'ended', at: now.toISOString(), livekit }, booking.expiresAt);
  }
  return { endedAt: ended.endedAt, livekit };
}
