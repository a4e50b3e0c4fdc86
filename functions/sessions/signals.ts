/**
 * A partner's discreet safety signal ("I need a pause" / "Ouch"): it reaches the therapist only —
 * in the lobby view their console polls every two seconds, and on the timeline — never the other
 * partner, and works while video is down (it is plain API). The therapist acknowledges it and the
 * partner's page sees that in `GET /api/sessions/:id`. One signal per seat per 10 seconds.
 */
import type { Seat } from '../../shared/schemas';
import type { SeatSignal, SignalKind } from '../../shared/session-types';
import type { Deps } from '../config';
import { AppError, conflict, forbidden } from '../http/errors';
import type { SessionContext } from './access';
import { assertNotCancelled } from './access';
import { assertNotEnded } from './join';
import { markSignalSeen, putEvent, raiseSignal, type SignalItem } from './repo';

/** The shortest time between two signals of one seat. */
export const SIGNAL_GAP_MS = 10_000;

export const signalView = (item: SignalItem): SeatSignal => ({
  seat: item.seat,
  kind: item.kind,
  at: item.at,
  seenAt: item.seenAt ?? null,
});

/** A partner raises a signal: admitted (in the room or on its way back) or waiting to be let in. */
export async function raise(d: Deps, { caller, booking, session }: SessionContext, kind: SignalKind): Promise<SeatSignal> {
  if (caller.kind !== 'partner') throw forbidden('Only a partner sends this signal');
  assertNotCancelled(booking);
  assertNotEnded(session);
  const seat = caller.seat;
  if (!session.lobby[seat] || session.lobby[seat]?.state === 'left') throw forbidden('Join the session first');
  const now = d.now();
  const item = await raiseSignal(d.table, booking, seat, kind, now, SIGNAL_GAP_MS, booking.expiresAt);
  if (!item) {
    const last = session.signals[seat];
    const wait = last ? Math.max(1, Math.ceil((Date.parse(last.at) + SIGNAL_GAP_MS - now.getTime()) / 1000)) : 1;
    throw new AppError(429, 'rate_limited', 'The therapist already has your signal', {
      headers: { 'Retry-After': String(wait) },
    });
  }
  // After the signal, not beside it: a refused repeat must not grow the timeline.
  await putEvent(d.table, booking.id, { type: 'signal', at: now.toISOString(), seat, kind }, booking.expiresAt);
  return signalView(item);
}

/** The therapist acknowledges a seat's latest signal; acknowledging again is harmless. */
export async function acknowledge(d: Deps, { booking, session }: SessionContext, seat: Seat): Promise<SeatSignal> {
  const current = session.signals[seat];
  if (!current) throw conflict('no_signal', 'This partner has not sent a signal');
  if (current.seenAt) return signalView(current);
  const now = d.now();
  const seen = await markSignalSeen(d.table, booking, current, now);
  if (!seen) throw conflict('no_signal', 'The signal changed meanwhile; look again');
  await putEvent(d.table, booking.id, { type: 'signal_seen', at: now.toISOString(), seat }, booking.expiresAt);
  return signalView(seen);
}
