import { describe, expect, it } from 'vitest';
import { computeSlots } from './slots';

const rules = { timezone: 'Europe/Tallinn', sessionMinutes: 90, bufferMinutes: 15, minNoticeHours: 0, horizonDays: 365 };
const everyDay = { weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '09:00', end: '13:00' })), overrides: [] };
const on = (day: string, extra: Partial<Parameters<typeof computeSlots>[0]> = {}) =>
  computeSlots({
    availability: everyDay,
    rules,
    busy: [],
    from: new Date(`${day}T00:00:00Z`),
    to: new Date(`${day}T23:59:59Z`),
    now: new Date('2026-01-01T00:00:00Z'),
    ...extra,
  }).map((s) => s.start);

describe('slots across daylight-saving changes (Europe/Tallinn)', () => {
  it('winter: 09:00 local is 07:00 UTC; slots follow session + buffer', () => {
    expect(on('2026-03-28')).toEqual(['2026-03-28T07:00:00.000Z', '2026-03-28T08:45:00.000Z']);
  });
  it('the spring-forward Sunday (29 March 2026) switches to UTC+3', () => {
    expect(on('2026-03-29')).toEqual(['2026-03-29T06:00:00.000Z', '2026-03-29T07:45:00.000Z']);
  });
  it('the fall-back Sunday (25 October 2026) switches back to UTC+2', () => {
    expect(on('2026-10-24')).toEqual(['2026-10-24T06:00:00.000Z', '2026-10-24T07:45:00.000Z']);
    expect(on('2026-10-25')).toEqual(['2026-10-25T07:00:00.000Z', '2026-10-25T08:45:00.000Z']);
  });
  it('hours spanning the 03:00→04:00 spring gap lose the missing hour', () => {
    const night = { weekly: [{ day: 7, start: '02:00', end: '06:00' }], overrides: [] };
    const slots = computeSlots({
      availability: night,
      rules: { ...rules, sessionMinutes: 60, bufferMinutes: 0 },
      busy: [],
      from: new Date('2026-03-28T12:00:00Z'),
      to: new Date('2026-03-29T12:00:00Z'),
      now: new Date('2026-01-01T00:00:00Z'),
    });
    // 02:00 EET = 00:00Z; 06:00 EEST = 03:00Z: three real hours.
    expect(slots.map((s) => s.start)).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z']);
  });
});

describe('slot rules', () => {
  it('applies minimum notice and horizon', () => {
    const now = new Date('2026-06-01T06:30:00Z'); // 09:30 in Tallinn
    expect(on('2026-06-01', { now, rules: { ...rules, minNoticeHours: 1 } })).toEqual(['2026-06-01T07:45:00.000Z']);
    expect(on('2026-06-10', { now, rules: { ...rules, horizonDays: 5 } })).toEqual([]);
  });
  it('keeps the buffer around busy time', () => {
    const busy = [{ start: Date.parse('2026-06-01T09:00:00Z'), end: Date.parse('2026-06-01T09:30:00Z') }];
    // 09:00–10:30 local (06:00Z) is free; 10:45 local (07:45Z) ends 09:15Z → overlaps the busy block.
    expect(on('2026-06-01', { busy })).toEqual(['2026-06-01T06:00:00.000Z']);
  });
  it('uses a date override instead of the weekday', () => {
    const availability = { ...everyDay, overrides: [{ date: '2026-06-01', intervals: [{ start: '15:00', end: '16:30' }] }, { date: '2026-06-02', intervals: [] }] };
    expect(on('2026-06-01', { availability })).toEqual(['2026-06-01T12:00:00.000Z']);
    expect(on('2026-06-02', { availability })).toEqual([]);
  });
  it('supports hours until midnight (24:00)', () => {
    const availability = { weekly: [{ day: 1, start: '21:00', end: '24:00' }], overrides: [] };
    expect(on('2026-06-01', { availability, rules: { ...rules, timezone: 'UTC', bufferMinutes: 0 } })).toEqual(['2026-06-01T21:00:00.000Z', '2026-06-01T22:30:00.000Z']);
  });
});
