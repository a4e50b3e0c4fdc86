/**
 * LiveKit participant identities (DESIGN §6): `therapist:<therapistId>` and
 * `partner:<bookingId>:<A|B>`, with attributes `{ role, seat }`. Identities carry ids and seats
 * only; the display name is the one personal thing LiveKit sees. The API mints them and the web
 * app reads them, both through this module.
 */
import type { Seat } from './schemas';
import type { Role } from './session-types';

export interface ParsedIdentity {
  role: Role;
  /** The partner's seat; `null` for the therapist. */
  seat: Seat | null;
}

/** @example therapistIdentity('t1') // 'therapist:t1' */
export const therapistIdentity = (therapistId: string) => `therapist:${therapistId}`;

/** @example partnerIdentity('b1', 'A') // 'partner:b1:A' */
export const partnerIdentity = (bookingId: string, seat: Seat) => `partner:${bookingId}:${seat}`;

const PARTNER = /^partner:[^:]+:(A|B)$/;
const THERAPIST = /^therapist:[^:]+$/;

/**
 * The role and seat an identity stands for, preferring the participant's attributes (set by the
 * API in the token); null for an identity this API did not mint.
 * @example parseIdentity('partner:01J…:B') // { role: 'partner', seat: 'B' }
 */
export function parseIdentity(
  identity: string,
  attributes?: Readonly<Record<string, string>>,
): ParsedIdentity | null {
  const role = attributes?.role;
  const seat = attributes?.seat;
  if (role === 'partner' && (seat === 'A' || seat === 'B')) return { role, seat };
  if (role === 'therapist') return { role, seat: null };
  const partner = PARTNER.exec(identity);
  if (partner) return { role: 'partner', seat: partner[1] as Seat };
  if (THERAPIST.test(identity)) return { role: 'therapist', seat: null };
  return null;
}

/** The partner seat of an identity, or `null` (therapist, unknown). */
export function seatOf(identity: string): Seat | null {
  return parseIdentity(identity)?.seat ?? null;
}
