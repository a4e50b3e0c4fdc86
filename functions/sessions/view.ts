/** `GET /api/sessions/:id`: where a session stands for its caller (`SessionView`). */
import { joinOpensAt, joinWindowAt } from '../../shared/join-window';
import type { SessionStatus, SessionView } from '../../shared/session-types';
import { overridesOf } from '../therapists/deck';
import type { TherapistItem } from '../therapists/repo';
import type { SessionContext } from './access';
import { currentOverlay } from './overlay';
import { signalView } from './signals';

export function sessionView(
  { caller, booking, session, therapist }: SessionContext & { therapist: TherapistItem },
  now: Date,
): SessionView {
  const seat = caller.kind === 'partner' ? caller.seat : null;
  const seatState = seat ? (session.lobby[seat]?.state ?? 'not_arrived') : null;
  // The therapist is in the room from their first join (it creates the media key) or first
  // admission; a partner from their admission.
  const inRoom = seat ? seatState === 'admitted' : session.e2ee !== undefined;
  let status: SessionStatus;
  if (booking.status === 'cancelled') status = 'cancelled';
  else if (session.ended) status = 'ended';
  else {
    const window = joinWindowAt(booking.start, booking.end, now);
    status = window === 'before' ? 'not_open' : window === 'over' ? 'ended' : inRoom ? 'live' : 'lobby';
  }
  const showOverlay = (status === 'live' || status === 'lobby') && (!seat || seatState === 'admitted');
  return {
    id: booking.id,
    role: caller.kind,
    seat,
    seatState,
    therapistName: therapist.displayName,
    partners: booking.partners.map((p) => ({ seat: p.seat, name: p.name })),
    start: booking.start,
    end: booking.end,
    joinOpensAt: joinOpensAt(booking.start),
    status,
    endedAt: session.ended?.endedAt ?? null,
    overlay: showOverlay ? currentOverlay(session).state : null,
    locale: booking.locale,
    signal: seat && session.signals[seat] ? signalView(session.signals[seat]) : null,
    // The wording the overlay's ids resolve to: the session's own therapist's (partners see it).
    deckOverrides: overridesOf(therapist),
  };
}
