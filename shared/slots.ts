/**
 * Slot arithmetic: turns a therapist's weekly hours and date overrides (wall-clock times in their
 * IANA timezone) into bookable instants, minus busy intervals and buffers, with notice and horizon
 * applied. All zone math goes through luxon, so daylight-saving days (Europe/Tallinn: last Sundays
 * of March and October) give the right instants. Pure code, no I/O.
 */
import { DateTime } from 'luxon';
import type { Availability, TimeInterval } from './schemas';

export interface Busy {
  /** epoch ms */
  start: number;
  end: number;
}

export interface SlotRules {
  timezone: string;
  sessionMinutes: number;
  bufferMinutes: number;
  minNoticeHours: number;
  horizonDays: number;
}

export interface Slot {
  start: string;
  end: string;
}

const MINUTE = 60_000;

/** Does [start, end) come within `gapMs` of any busy interval? */
export function conflicts(busy: Busy[], start: number, end: number, gapMs: number): boolean {
  return busy.some((b) => start < b.end + gapMs && b.start < end + gapMs);
}

/** The intervals of one local date (YYYY-MM-DD): its override if any, else its weekday's hours. */
export function intervalsOn(availability: Availability, date: DateTime): TimeInterval[] {
  const iso = date.toISODate();
  const override = availability.overrides.find((o) => o.date === iso);
  if (override) return override.intervals;
  return availability.weekly.filter((w) => w.day === date.weekday);
}

function atLocal(date: DateTime, hhmm: string): DateTime {
  if (hhmm === '24:00') return date.plus({ days: 1 }).startOf('day');
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  // luxon moves a wall time that does not exist (spring-forward gap) forward by the gap.
  return date.set({ hour, minute, second: 0, millisecond: 0 });
}

/**
 * Every slot that starts inside [from, to), is at least `minNoticeHours` after `now` and within
 * `horizonDays`, lies inside the available hours, and keeps `bufferMinutes` away from busy time.
 * Slots of a day start at each interval's start and follow every session + buffer.
 *
 * @example computeSlots({ availability, rules, busy: [], from, to, now }) // [{start, end}, …]
 */
export function computeSlots(input: {
  availability: Availability;
  rules: SlotRules;
  busy: Busy[];
  from: Date;
  to: Date;
  now: Date;
  /** Skip notice and horizon (a therapist booking directly). */
  ignoreNotice?: boolean;
}): Slot[] {
  const { availability, rules, busy, now } = input;
  const earliest = input.ignoreNotice
    ? input.from.getTime()
    : Math.max(input.from.getTime(), now.getTime() + rules.minNoticeHours * 60 * MINUTE);
  const latest = input.ignoreNotice
    ? input.to.getTime()
    : Math.min(input.to.getTime(), now.getTime() + rules.horizonDays * 24 * 60 * MINUTE);
  if (earliest >= latest) return [];

  const sessionMs = rules.sessionMinutes * MINUTE;
  const stepMs = (rules.sessionMinutes + rules.bufferMinutes) * MINUTE;
  const gapMs = rules.bufferMinutes * MINUTE;
  const slots: Slot[] = [];
  let day = DateTime.fromMillis(earliest, { zone: rules.timezone }).startOf('day').minus({ days: 1 });
  const lastDay = DateTime.fromMillis(latest, { zone: rules.timezone }).startOf('day');

  while (day <= lastDay) {
    for (const interval of intervalsOn(availability, day)) {
      const open = atLocal(day, interval.start).toMillis();
      const close = atLocal(day, interval.end).toMillis();
      for (let s = open; s + sessionMs <= close; s += stepMs) {
        if (s < earliest || s >= latest) continue;
        if (conflicts(busy, s, s + sessionMs, gapMs)) continue;
        slots.push({ start: new Date(s).toISOString(), end: new Date(s + sessionMs).toISOString() });
      }
    }
    day = day.plus({ days: 1 });
  }
  return slots.sort((a, b) => a.start.localeCompare(b.start));
}
