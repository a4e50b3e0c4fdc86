import { describe, expect, it } from 'vitest';
import { roomTiles, type TileParticipant } from './room-tiles';

const partners = [
  { seat: 'A' as const, name: 'Ann' },
  { seat: 'B' as const, name: 'Ben' },
];
const remote = (p: Partial<TileParticipant>): TileParticipant => ({
  identity: 'x',
  name: 'x',
  role: 'partner',
  seat: 'A',
  together: false,
  ...p,
});

describe('roomTiles', () => {
  it('shows both partners and the therapist even with no video', () => {
    const tiles = roomTiles({
      me: { role: 'therapist', seat: null, together: false, name: 'Mari' },
      partners,
      therapistName: null,
      remotes: [],
    });
    expect(tiles.map((t) => [t.key, t.local, t.names.map((n) => n.name)])).toEqual([
      ['A', false, ['Ann']],
      ['B', false, ['Ben']],
      ['therapist', true, ['Mari']],
    ]);
  });

  it('marks the partner’s own tile local and finds remote tracks by seat and role', () => {
    const b = remote({ identity: 'partner:x:B', seat: 'B', name: 'Ben' });
    const t = remote({ identity: 'therapist:t', role: 'therapist', seat: null, name: 'Mari' });
    const tiles = roomTiles({
      me: { role: 'partner', seat: 'A', together: false, name: 'Ann' },
      partners,
      therapistName: 'Mari',
      remotes: [t, b],
    });
    expect(tiles.map((x) => [x.key, x.local, x.remote?.identity ?? null])).toEqual([
      ['A', true, null],
      ['B', false, 'partner:x:B'],
      ['therapist', false, 'therapist:t'],
    ]);
  });

  it('shows a couple on one device as one tile with both names', () => {
    const fromRemote = roomTiles({
      me: { role: 'therapist', seat: null, together: false, name: 'Mari' },
      partners,
      therapistName: null,
      remotes: [remote({ seat: 'B', together: true, name: 'Ann & Ben' })],
    });
    expect(fromRemote.map((t) => [t.key, t.seats])).toEqual([
      ['B', ['A', 'B']],
      ['therapist', []],
    ]);
    expect(fromRemote[0]!.names.map((n) => n.name)).toEqual(['Ann', 'Ben']);

    const mine = roomTiles({
      me: { role: 'partner', seat: 'A', together: true, name: 'Ann & Ben' },
      partners,
      therapistName: 'Mari',
      remotes: [],
    });
    expect(mine.map((t) => [t.key, t.local])).toEqual([
      ['A', true],
      ['therapist', false],
    ]);

    const fromLobby = roomTiles({
      me: { role: 'therapist', seat: null, together: false, name: 'Mari' },
      partners,
      therapistName: null,
      remotes: [],
      togetherSeats: ['A'],
    });
    expect(fromLobby.map((t) => t.key)).toEqual(['A', 'therapist']);
  });
});
