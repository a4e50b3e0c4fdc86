/**
 * Wall-clock arithmetic in IANA timezones with nothing but `Intl`. Calendar dates are plain
 * `YYYY-MM-DD` strings and times `HH:MM`; instants are `Date`s or ISO strings in UTC.
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

function toMs(instant: Date | string | number): number {
  return typeof instant === 'number' ? instant : new Date(instant).getTime();
}

/**
 * The wall clock in `timeZone` at `instant`.
 * @example wallClock('2026-07-01T09:00:00Z', 'Europe/Tallinn') // { …, hour: 12, minute: 0 }
 */
export function wallClock(instant: Date | string | number, timeZone: string): WallClock {
  const parts = partsFormatter(timeZone).formatToParts(toMs(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year');
  return {
    year,
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** Minutes that `timeZone` is ahead of UTC at `instant` (Tallinn in summer: 180). */
export function offsetMinutes(timeZone: string, instant: Date | string | number): number {
  const ms = toMs(instant);
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

function parseDate(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`Not a calendar date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function parseTime(time: string): [number, number] {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) throw new RangeError(`Not a time of day: ${time}`);
  return [Number(m[1]), Number(m[2])];
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`.
 *
 * Across daylight-saving changes it behaves like Temporal's "compatible" disambiguation: a time
 * that occurs twice (autumn) resolves to the earlier instant, a time that is skipped (spring)
 * moves forward by the length of the gap.
 * @example zonedToUtc('2026-03-29', '03:30', 'Europe/Tallinn').toISOString() // '2026-03-29T01:30:00.000Z'
 */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = parseDate(date);
  const [h, mi] = parseTime(time);
  const wallMs = Date.UTC(y, mo - 1, d, h, mi);
  const day = 86_400_000;
  const before = offsetMinutes(timeZone, wallMs - day);
  const after = offsetMinutes(timeZone, wallMs + day);
  const candidates = [...new Set([before, after])]
    .map((offset) => wallMs - offset * 60_000)
    .filter((ms) => wallMs - offsetMinutes(timeZone, ms) * 60_000 === ms)
    .sort((a, b) => a - b);
  // A skipped wall time has no candidate: read it with the offset in force before the gap.
  return new Date(candidates[0] ?? wallMs - before * 60_000);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The calendar date in `timeZone` at `instant`, as `YYYY-MM-DD`. */
export function dateIn(instant: Date | string | number, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The wall-clock time in `timeZone` at `instant`, as `HH:MM`. */
export function timeIn(instant: Date | string | number, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** `date` moved by `days` calendar days. @example addDays('2026-12-31', 1) // '2027-01-01' */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = parseDate(date);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** The Monday on or before `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The half-open UTC range [from, to) covering the Monday-to-Sunday week of `monday` in `timeZone`. */
export function weekRange(monday: string, timeZone: string): { from: string; to: string } {
  return {
    from: zonedToUtc(monday, '00:00', timeZone).toISOString(),
    to: zonedToUtc(addDays(monday, 7), '00:00', timeZone).toISOString(),
  };
}
