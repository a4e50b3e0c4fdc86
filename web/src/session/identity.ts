/**
 * LiveKit participant identities (DESIGN §6): `therapist:<id>` and `partner:<bookingId>:<A|B>`,
 * with attributes `{ role, seat }`. Names are display names only; nothing personal is parsed.
 */
import type { Seat } from '../../../shared/schemas';
import type { Role } from '../../../shared/session-types';

export type { Role } from '../../../shared/session-types';

export interface ParsedIdentity {
  role: Role;
  /** The partner's seat; `null` for the therapist. */
  seat: Seat | null;
}

const PARTNER = /^partner:[^:]+:(A|B)$/;
const THERAPIST = /^therapist:.+$/;

/**
 * The role and seat an identity stands for, preferring the participant's attributes.
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
