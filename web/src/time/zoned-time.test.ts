import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateIn,
  isoWeekday,
  offsetMinutes,
  startOfWeek,
  timeIn,
  wallClock,
  weekRange,
  zonedToUtc,
} from './zoned-time';

const iso = (d: Date) => d.toISOString();

describe('zonedToUtc', () => {
  it('converts an ordinary winter and summer wall time in Tallinn', () => {
    expect(iso(zonedToUtc('2026-01-15', '09:00', 'Europe/Tallinn'))).toBe('2026-01-15T07:00:00.000Z');
    expect(iso(zonedToUtc('2026-07-15', '09:00', 'Europe/Tallinn'))).toBe('2026-07-15T06:00:00.000Z');
  });

  it('is correct on both sides of the spring change (last Sunday of March)', () => {
    expect(iso(zonedToUtc('2026-03-29', '02:59', 'Europe/Tallinn'))).toBe('2026-03-29T00:59:00.000Z');
    expect(iso(zonedToUtc('2026-03-29', '04:00', 'Europe/Tallinn'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedToUtc('2026-03-29', '12:00', 'Europe/Tallinn'))).toBe('2026-03-29T09:00:00.000Z');
  });

  it('moves a skipped wall time forward by the gap', () => {
    // 03:30 does not exist in Tallinn on 2026-03-29; compatible resolution gives 04:30 local.
    const d = zonedToUtc('2026-03-29', '03:30', 'Europe/Tallinn');
    expect(iso(d)).toBe('2026-03-29T01:30:00.000Z');
    expect(timeIn(d, 'Europe/Tallinn')).toBe('04:30');
  });

  it('picks the earlier instant for a wall time that occurs twice (autumn change)', () => {
    // 03:30 happens twice in Tallinn on 2026-10-25: first at +03:00, then at +02:00.
    expect(iso(zonedToUtc('2026-10-25', '03:30', 'Europe/Tallinn'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedToUtc('2026-10-25', '05:00', 'Europe/Tallinn'))).toBe('2026-10-25T03:00:00.000Z');
  });

  it('handles zones west of UTC and their own DST dates', () => {
    expect(iso(zonedToUtc('2026-03-08', '03:00', 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(zonedToUtc('2026-03-07', '23:30', 'America/Los_Angeles'))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('handles half-hour offsets and UTC', () => {
    expect(iso(zonedToUtc('2026-06-01', '10:00', 'Asia/Kolkata'))).toBe('2026-06-01T04:30:00.000Z');
    expect(iso(zonedToUtc('2026-06-01', '10:00', 'UTC'))).toBe('2026-06-01T10:00:00.000Z');
  });

  it('round-trips every quarter hour of a DST day', () => {
    for (let m = 0; m < 24 * 60; m += 15) {
      const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      if (time >= '03:00' && time < '04:00') continue; // skipped hour
      const d = zonedToUtc('2026-03-29', time, 'Europe/Tallinn');
      expect(timeIn(d, 'Europe/Tallinn')).toBe(time);
      expect(dateIn(d, 'Europe/Tallinn')).toBe('2026-03-29');
    }
  });

  it('rejects malformed input', () => {
    expect(() => zonedToUtc('2026-3-1', '09:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedToUtc('2026-03-01', '9:00', 'UTC')).toThrow(RangeError);
  });
});

describe('wall clock helpers', () => {
  it('reads the wall clock and offset', () => {
    expect(wallClock('2026-07-01T21:30:00Z', 'Europe/Tallinn')).toMatchObject({
      year: 2026,
      month: 7,
      day: 2,
      hour: 0,
      minute: 30,
    });
    expect(offsetMinutes('Europe/Tallinn', '2026-07-01T00:00:00Z')).toBe(180);
    expect(offsetMinutes('Europe/Tallinn', '2026-01-01T00:00:00Z')).toBe(120);
    expect(offsetMinutes('America/New_York', '2026-01-01T00:00:00Z')).toBe(-300);
  });

  it('shows midnight as 00:00 and on the new date', () => {
    expect(timeIn('2026-01-01T22:00:00Z', 'Europe/Tallinn')).toBe('00:00');
    expect(dateIn('2026-01-01T22:00:00Z', 'Europe/Tallinn')).toBe('2026-01-02');
  });

  it('does calendar arithmetic', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(isoWeekday('2026-12-06')).toBe(7);
    expect(startOfWeek('2026-12-06')).toBe('2026-11-30');
    expect(startOfWeek('2026-11-30')).toBe('2026-11-30');
  });

  it('gives a week range that is 167 hours long across the spring change', () => {
    const { from, to } = weekRange('2026-03-23', 'Europe/Tallinn');
    expect(from).toBe('2026-03-22T22:00:00.000Z');
    expect(to).toBe('2026-03-29T21:00:00.000Z');
  });
});
