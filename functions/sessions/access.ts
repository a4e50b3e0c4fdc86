/**
 * Who may touch a session: its therapist (session cookie) or one of its two partners (invite
 * token as `Authorization: Bearer`). A session that exists but is not the caller's is a 404.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Seat } from '../../shared/schemas';
import type { AppEnv, Deps } from '../config';
import { deps, partnerFromRequest, sessionCookieName } from '../auth/middleware';
import { sessionTherapistId } from '../auth/service';
import { getBooking, type BookingItem } from '../booking/repo';
import { AppError, conflict, notFound, unauthorized } from '../http/errors';

export type Caller =
  | { kind: 'therapist'; therapistId: string }
  | { kind: 'partner'; bookingId: string; seat: Seat };

/**
 * The caller of a route open to therapist and partners. A request with an `Authorization`
 * header is a partner's (an invalid token is a 401, never a fallback to the cookie).
 */
export async function callerOf(c: Context<AppEnv>, options: { allowCancelled?: boolean } = {}): Promise<Caller> {
  if (c.req.header('authorization') !== undefined) {
    const invite = await partnerFromRequest(c, options);
    if (!invite) throw new AppError(401, 'invalid_token', 'This link is not valid or has expired');
    return { kind: 'partner', bookingId: invite.bookingId, seat: invite.seat };
  }
  const d = deps(c);
  const token = getCookie(c, sessionCookieName(d.config.publicUrl));
  const therapistId = token && token.length <= 200 ? await sessionTherapistId(d.table, token, d.now()) : undefined;
  if (!therapistId) throw unauthorized();
  return { kind: 'therapist', therapistId };
}

/** The booking behind session `id` if the caller belongs to it, else 404. */
export async function sessionBooking(d: Deps, id: string, caller: Caller): Promise<BookingItem> {
  if (caller.kind === 'partner' && caller.bookingId !== id) throw notFound('No such session');
  const booking = await getBooking(d.table, id, d.now());
  if (!booking || booking.status === 'pending') throw notFound('No such session');
  if (caller.kind === 'therapist' && booking.therapistId !== caller.therapistId) throw notFound('No such session');
  return booking;
}

/** Throws 409 `booking_cancelled` for a cancelled booking. */
export function assertNotCancelled(booking: BookingItem): void {
  if (booking.status === 'cancelled') throw conflict('booking_cancelled', 'This session was cancelled');
}
