/**
 * LiveKit identities and display names of a session's participants. Identities carry ids and
 * seats only; the display name is the one personal thing LiveKit sees (DESIGN §6).
 */
import type { Seat } from '../../shared/schemas';
import type { Role } from '../../shared/session-types';
import type { BookingItem } from '../booking/repo';

/** @example therapistIdentity('t1') // 'therapist:t1' */
export const therapistIdentity = (therapistId: string) => `therapist:${therapistId}`;

/** @example partnerIdentity('b1', 'A') // 'partner:b1:A' */
export const partnerIdentity = (bookingId: string, seat: Seat) => `partner:${bookingId}:${seat}`;

/**
 * Role and seat from an identity this API minted; nulls for anything else.
 *
 * @example parseIdentity('partner:b1:B') // { role: 'partner', seat: 'B' }
 */
export function parseIdentity(identity: string): { role: Role | null; seat: Seat | null } {
  const partner = /^partner:[^:]+:(A|B)$/.exec(identity);
  if (partner) return { role: 'partner', seat: partner[1] as Seat };
  if (/^therapist:[^:]+$/.test(identity)) return { role: 'therapist', seat: null };
  return { role: null, seat: null };
}

/** The partner's name at `seat`, or both names in seat order ("Ann & Ben") when together. */
export function partnerDisplayName(booking: BookingItem, seat: Seat, together: boolean): string {
  const own = booking.partners.find((p) => p.seat === seat)?.name ?? seat;
  if (!together) return own;
  return [...booking.partners]
    .sort((a, b) => a.seat.localeCompare(b.seat))
    .map((p) => p.name)
    .join(' & ');
}
