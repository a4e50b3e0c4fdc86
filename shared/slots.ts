/**
 * Slot arithmetic: turns a therapist's weekly hours and date overrides (wall-clock times in their
 * IANA timezone) into bookable instants, minus busy intervals and buffers, with notice and horizon
 * applied. All zone math goes through @date-fns/tz (the IANA database via Intl), so daylight-saving days (Europe/Tallinn: last Sundays
 * of March and October) give the right instants. Pure code, no I/O.
 */
import { TZDate } from '@date-fns/tz';
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

/** A calendar date (no zone): year, month 1–12, day. */
interface CalendarDay {
  year: number;
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  iso: string;
}

function calendarDay(utcMidnight: number): CalendarDay {
  const d = new Date(utcMidnight);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: ((d.getUTCDay() + 6) % 7) + 1,
    iso: d.toISOString().slice(0, 10),
  };
}

/** The intervals of one local date: its override if any, else its weekday's hours. */
export function intervalsOn(availability: Availability, date: { iso: string; weekday: number }): TimeInterval[] {
  const override = availability.overrides.find((o) => o.date === date.iso);
  if (override) return override.intervals;
  return availability.weekly.filter((w) => w.day === date.weekday);
}

/**
 * The instant of a wall-clock time on a date in `zone`. A time inside a spring-forward gap moves
 * forward by the gap; "24:00" is the next day's midnight.
 */
function atLocal(date: CalendarDay, hhmm: string, zone: string): number {
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  return new TZDate(date.year, date.month - 1, date.day, hour, minute, zone).getTime();
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
  // Walk the therapist's local calendar dates (plain date arithmetic), from the day before the
  // window's first local date to its last one.
  const first = new TZDate(earliest, rules.timezone);
  const last = new TZDate(latest, rules.timezone);
  const firstDay = Date.UTC(first.getFullYear(), first.getMonth(), first.getDate() - 1);
  const lastDay = Date.UTC(last.getFullYear(), last.getMonth(), last.getDate());
  for (let dayMs = firstDay; dayMs <= lastDay; dayMs += 24 * 60 * MINUTE) {
    const day = calendarDay(dayMs);
    for (const interval of intervalsOn(availability, day)) {
      const open = atLocal(day, interval.start, rules.timezone);
      const close = atLocal(day, interval.end, rules.timezone);
      for (let s = open; s + sessionMs <= close; s += stepMs) {
        if (s < earliest || s >= latest) continue;
        if (conflicts(busy, s, s + sessionMs, gapMs)) continue;
        slots.push({ start: new Date(s).toISOString(), end: new Date(s + sessionMs).toISOString() });
      }
    }
  }
  return slots.sort((a, b) => a.start.localeCompare(b.start));
}
