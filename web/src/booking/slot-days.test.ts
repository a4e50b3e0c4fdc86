import { describe, expect, it } from 'vitest';
import { groupSlotsByDay } from './slot-days';

const slot = (start: string, minutes = 90) => ({
  start,
  end: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
});

describe('groupSlotsByDay', () => {
  const slots = [
    slot('2026-12-01T15:00:00.000Z'),
    slot('2026-12-01T07:00:00.000Z'),
    slot('2026-12-02T03:30:00.000Z'),
    slot('2026-12-01T22:30:00.000Z'),
  ];

  it('groups by the day in the visitor timezone, in time order', () => {
    const days = groupSlotsByDay(slots, 'Europe/Tallinn');
    expect(days.map((d) => d.date)).toEqual(['2026-12-01', '2026-12-02']);
    expect(days[0]!.slots.map((s) => s.start)).toEqual([
      '2026-12-01T07:00:00.000Z',
      '2026-12-01T15:00:00.000Z',
    ]);
    // 22:30Z is already 00:30 on the 2nd in Tallinn.
    expect(days[1]!.slots.map((s) => s.start)).toEqual([
      '2026-12-01T22:30:00.000Z',
      '2026-12-02T03:30:00.000Z',
    ]);
  });

  it('puts the same slots on one day for a visitor west of UTC', () => {
    // In New York (UTC-5 in December) all four fall on 1 December, the last at 22:30.
    const days = groupSlotsByDay(slots, 'America/New_York');
    expect(days.map((d) => [d.date, d.slots.length])).toEqual([['2026-12-01', 4]]);
  });

  it('returns nothing for no slots', () => {
    expect(groupSlotsByDay([], 'UTC')).toEqual([]);
  });
});
