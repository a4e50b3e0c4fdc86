import { describe, expect, it } from 'vitest';
import { Availability } from '../../../shared/schemas';
import { intervalErrors, toAvailability, toModel, validateModel, weeklyIndex } from './availability-form';

describe('availability model', () => {
  const saved = {
    weekly: [
      { day: 1, start: '13:00', end: '17:00' },
      { day: 1, start: '09:00', end: '12:00' },
      { day: 5, start: '18:00', end: '24:00' },
    ],
    overrides: [
      { date: '2026-12-31', intervals: [] },
      { date: '2026-12-24', intervals: [{ start: '10:00', end: '12:00' }] },
    ],
  };

  it('round-trips saved availability, showing 24:00 as 00:00', () => {
    const model = toModel(saved);
    expect(model.weekly[0]).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(model.weekly[4]).toEqual([{ start: '18:00', end: '00:00' }]);
    expect(model.overrides.map((o) => [o.date, o.off])).toEqual([
      ['2026-12-24', false],
      ['2026-12-31', true],
    ]);
    const body = toAvailability(model);
    expect(Availability.safeParse(body).success).toBe(true);
    expect(body.weekly).toContainEqual({ day: 5, start: '18:00', end: '24:00' });
  });

  it('maps body positions back to editor rows', () => {
    expect(weeklyIndex(toModel(saved))).toEqual([
      [0, 0],
      [0, 1],
      [4, 0],
    ]);
  });

  it('flags end before start and overlaps, like the shared schema', () => {
    const list = [
      { start: '09:00', end: '12:00' },
      { start: '11:00', end: '13:00' },
      { start: '15:00', end: '14:00' },
      { start: '', end: '10:00' },
    ];
    expect(intervalErrors(list)).toEqual(['avail.overlap', 'avail.overlap', 'avail.endAfterStart', 'avail.timeFormat']);
    const model = { weekly: [list, [], [], [], [], [], []], overrides: [] };
    expect(validateModel(model).valid).toBe(false);
    expect(Availability.safeParse(toAvailability({ ...model, weekly: [list.slice(0, 2), [], [], [], [], [], []] })).success).toBe(false);
  });

  it('allows touching intervals and an end at midnight', () => {
    expect(intervalErrors([{ start: '09:00', end: '12:00' }, { start: '12:00', end: '00:00' }])).toEqual([undefined, undefined]);
  });

  it('flags duplicate and missing override dates', () => {
    const errors = validateModel({
      weekly: [[], [], [], [], [], [], []],
      overrides: [
        { date: '2026-12-24', off: true, intervals: [] },
        { date: '2026-12-24', off: true, intervals: [] },
        { date: '', off: false, intervals: [{ start: '10:00', end: '09:00' }] },
      ],
    });
    expect(errors.overrides).toEqual([
      { date: undefined, intervals: [] },
      { date: 'avail.duplicateDate', intervals: [] },
      { date: 'avail.pickDate', intervals: ['avail.endAfterStart'] },
    ]);
    expect(errors.valid).toBe(false);
  });
});
