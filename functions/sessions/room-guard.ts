/**
 * The API's word over who stays in a session's LiveKit room, applied when LiveKit's webhook
 * reports a room starting or a participant joining.
 *
 * Why a guard and not only token revocation: LiveKit's `revokeTokenTs` is honoured by LiveKit
 * Cloud but ignored by the open-source server (v1.13), and a token minted with room options can
 * re-create a room LiveKit already deleted. So, on every `room_started` and `participant_joined`:
 *
 * - the session ended, or its booking was cancelled → the room is deleted again;
 * - a partner whose seat is not admitted now, or whose token came from an earlier admission
 *   (its `admission` attribute differs from the seat's count) → removed, revoking the same
 *   tokens as the send-back did.
 *
 * Identities of other shapes (not minted by this API) are left alone.
 */
import type { WebhookEvent } from 'livekit-server-sdk';
import type { Deps } from '../config';
import type { BookingItem } from '../booking/repo';
import { bestEffort } from '../livekit/adapter';
import { log } from '../platform/log';
import { seatMayJoin } from './join';
import { parseIdentity } from '../../shared/session-identity';
import { putEvent, readSessionState } from './repo';

export type GuardOutcome = 'allowed' | 'room_closed' | 'participant_removed' | 'not_applicable';

/**
 * @example await guardRoom(deps, booking, event) // 'participant_removed' for a stale token
 */
export async function guardRoom(d: Deps, booking: BookingItem, event: WebhookEvent): Promise<GuardOutcome> {
  if (event.event !== 'room_started' && event.event !== 'participant_joined') return 'not_applicable';
  const now = d.now();
  const session = await readSessionState(d.table, booking, now);

  if (session.ended || booking.status === 'cancelled') {
    const { livekit } = await bestEffort('deleteRoom', booking.id, () => d.livekit.deleteRoom(booking.id));
    log.info('room_guard_closed', { sessionId: booking.id, event: event.event, livekit });
    return 'room_closed';
  }
  if (event.event !== 'participant_joined' || !event.participant) return 'allowed';

  const { identity, attributes } = event.participant;
  const { role, seat } = parseIdentity(identity) ?? { role: null, seat: null };
  if (role !== 'partner' || !seat || !identity.startsWith(`partner:${booking.id}:`)) return 'allowed';

  const item = session.lobby[seat];
  const current = seatMayJoin(item, now) && attributes.admission === String(item?.admissions ?? 1);
  if (current) return 'allowed';

  const revokedBefore = item?.revokedBefore ? new Date(item.revokedBefore) : now;
  const { livekit } = await bestEffort('removeParticipant', booking.id, () =>
    d.livekit.removeParticipant(booking.id, identity, revokedBefore),
  );
  await putEvent(
    d.table,
    booking.id,
    { type: 'stale_token_removed', at: now.toISOString(), seat, livekit },
    booking.expiresAt,
  );
  log.info('room_guard_removed', { sessionId: booking.id, seat, livekit });
  return 'participant_removed';
}
