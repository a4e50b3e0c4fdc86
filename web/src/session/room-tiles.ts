/**
 * Which video tiles the room shows: one per partner (or one for a couple sharing a device) and
 * one for the therapist, whether or not video is connected, so names and Sender / Receiver
 * badges stay in place when the video service is down.
 */
import type { Seat } from '../../../shared/schemas';
import type { Role } from '../../../shared/session-types';

export interface TileParticipant {
  identity: string;
  name: string;
  role: Role | null;
  seat: Seat | null;
  together: boolean;
}

export interface TileInput<P extends TileParticipant> {
  me: { role: Role; seat: Seat | null; together: boolean; name: string };
  partners: readonly { seat: Seat; name: string }[];
  therapistName: string | null;
  remotes: readonly P[];
  /** Seats sharing one device, as the lobby reports them (therapist only). */
  togetherSeats?: readonly Seat[];
}

export interface Tile<P extends TileParticipant> {
  key: 'therapist' | Seat;
  role: Role;
  /** Partner seats this tile shows: one, or both for a couple on one device. */
  seats: Seat[];
  /** Names per seat (partner tiles), or the therapist's name. */
  names: { seat: Seat | null; name: string }[];
  local: boolean;
  remote: P | null;
}

/**
 * @example roomTiles({ me: { role: 'partner', seat: 'A', together: false, name: 'Ann' }, ... })
 *   .map((t) => t.key) // ['A', 'B', 'therapist']
 */
export function roomTiles<P extends TileParticipant>(input: TileInput<P>): Tile<P>[] {
  const { me, partners, remotes } = input;
  const nameOf = (seat: Seat) =>
    partners.find((p) => p.seat === seat)?.name ?? remotes.find((r) => r.seat === seat && !r.together)?.name ?? null;
  const remotePartner = (seat: Seat) => remotes.find((r) => r.role === 'partner' && r.seat === seat) ?? null;

  let togetherSeat: Seat | null = null;
  if (me.role === 'partner' && me.together && me.seat) togetherSeat = me.seat;
  else togetherSeat = remotes.find((r) => r.role === 'partner' && r.together)?.seat ?? input.togetherSeats?.[0] ?? null;

  const tiles: Tile<P>[] = [];
  const seats: Seat[] = togetherSeat ? [togetherSeat] : ['A', 'B'];
  for (const seat of seats) {
    const local = me.role === 'partner' && me.seat === seat;
    const shown: Seat[] = togetherSeat ? ['A', 'B'] : [seat];
    tiles.push({
      key: seat,
      role: 'partner',
      seats: shown,
      names: shown.map((s) => ({ seat: s, name: nameOf(s) ?? s })),
      local,
      remote: local ? null : remotePartner(seat),
    });
  }
  const therapistRemote = remotes.find((r) => r.role === 'therapist') ?? null;
  const local = me.role === 'therapist';
  tiles.push({
    key: 'therapist',
    role: 'therapist',
    seats: [],
    names: [{ seat: null, name: (local ? me.name : (therapistRemote?.name ?? input.therapistName)) ?? '' }],
    local,
    remote: local ? null : therapistRemote,
  });
  return tiles;
}
