/**
 * Display names of a session's participants: the one personal thing LiveKit sees (DESIGN §6).
 * Identities are in `shared/session-identity.ts`.
 */
import type { Seat } from '../../shared/schemas';
import type { BookingItem } from '../booking/repo';

/** The partner's name at `seat`, or both names in seat order ("Ann & Ben") when together. */
export function partnerDisplayName(booking: BookingItem, seat: Seat, together: boolean): string {
  const own = booking.partners.find((p) => p.seat === seat)?.name ?? seat;
  if (!together) return own;
  return [...booking.partners]
    .sort((a, b) => a.seat.localeCompare(b.seat))
    .map((p) => p.name)
    .join(' & ');
}
