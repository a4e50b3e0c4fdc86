/**
 * Locale-aware date and time formatting, always in an explicit timezone. Formatters are cached:
 * building an `Intl.DateTimeFormat` is far slower than using one.
 */
import type { Locale } from '../../../shared/schemas';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, options);
    cache.set(key, f);
  }
  return f;
}

/**
 * The BCP 47 tag to format with. English follows the browser's region (12- or 24-hour clock),
 * falling back to British English; Estonian is always `et-EE`.
 */
export function intlTag(locale: Locale, browserLanguage?: string): string {
  if (locale === 'et') return 'et-EE';
  return browserLanguage && /^en(-|$)/i.test(browserLanguage) && browserLanguage !== 'en'
    ? browserLanguage
    : 'en-GB';
}

export interface FormatContext {
  tag: string;
  timeZone: string;
}

const twelveHour = new Map<string, boolean>();

/** Does `tag` use a 12-hour clock by default? */
function usesTwelveHour(tag: string): boolean {
  let v = twelveHour.get(tag);
  if (v === undefined) {
    v = new Intl.DateTimeFormat(tag, { hour: 'numeric' }).resolvedOptions().hour12 === true;
    twelveHour.set(tag, v);
  }
  return v;
}

/** "09:30" on a 24-hour clock, "9:30 AM" on a 12-hour one, per locale. */
export function formatTime(instant: string | Date, ctx: FormatContext): string {
  return formatter(ctx.tag, {
    timeZone: ctx.timeZone,
    hour: usesTwelveHour(ctx.tag) ? 'numeric' : '2-digit',
    minute: '2-digit',
  }).format(new Date(instant));
}

/** "Monday, 14 December 2026" for a calendar date `YYYY-MM-DD` (no timezone involved). */
export function formatCalendarDate(
  date: string,
  tag: string,
  style: 'long' | 'short' = 'long',
): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'long'
      ? { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' };
  return formatter(tag, options).format(new Date(`${date}T12:00:00Z`));
}

/** "Monday, 14 December 2026" for the day `instant` falls on in the context's timezone. */
export function formatDate(instant: string | Date, ctx: FormatContext): string {
  return formatter(ctx.tag, {
    timeZone: ctx.timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(instant));
}

/** "Monday, 14 December 2026, 09:30". */
export function formatDateTime(instant: string | Date, ctx: FormatContext): string {
  return `${formatDate(instant, ctx)}, ${formatTime(instant, ctx)}`;
}

/** "09:30–11:00". */
export function formatTimeRange(start: string, end: string, ctx: FormatContext): string {
  return `${formatTime(start, ctx)}–${formatTime(end, ctx)}`;
}

/** Weekday names Monday…Sunday in the given locale. */
export function weekdayNames(tag: string, style: 'long' | 'short' = 'long'): string[] {
  const f = formatter(tag, { timeZone: 'UTC', weekday: style });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i, 12))));
}

/** "GMT+2" style offset name of `timeZone` at `at`. */
export function offsetName(timeZone: string, tag: string, at: Date = new Date()): string {
  const parts = formatter(tag, { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}
