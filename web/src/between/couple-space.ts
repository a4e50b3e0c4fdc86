/**
 * The couple's page between sessions, as pure rules: the partner's local date, "done today",
 * and the worksheet and caring lists told by name. Unit-tested without a page.
 */
import type { CaringItem, CoupleSpace } from '../../../shared/between-types';
import type { Seat } from '../../../shared/schemas';

/**
 * The partner's own calendar date (YYYY-MM-DD) at `now`, in their device's time zone: "done
 * today" means their today, not the server's.
 *
 * @example localDate(new Date('2026-12-01T23:30:00Z'), 'Europe/Tallinn') // '2026-12-02'
 */
export function localDate(now: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Whether the item was marked as done on `date`. */
export function doneOn(item: CaringItem, date: string): boolean {
  return item.doneOn.includes(date);
}

/** The partner's name for a seat, or the seat letter when the booking has no such partner. */
export function nameOf(space: Pick<CoupleSpace, 'partners'>, seat: Seat): string {
  return space.partners.find((p) => p.seat === seat)?.name ?? seat;
}

/** The other seat of the couple. */
export function otherSeat(seat: Seat): Seat {
  return seat === 'A' ? 'B' : 'A';
}

/** A caring list in the order to show it: the most meaningful first, then the oldest. */
export function sortCaring(items: readonly CaringItem[]): CaringItem[] {
  return [...items].sort((a, b) => b.rating - a.rating || a.createdAt.localeCompare(b.createdAt));
}

/** Limits of the contract (`CaringAdd`): a caring behaviour is one short sentence. */
export const CARING_TEXT_MAX = 200;

/** The text to send for a new caring behaviour, or null when there is nothing to add. */
export function caringText(input: string): string | null {
  const text = input.trim().replace(/\s+/g, ' ');
  return text ? text.slice(0, CARING_TEXT_MAX) : null;
}

/**
 * A duration as the record line says it: whole minutes, or seconds under a minute.
 *
 * @example durationMessage(754) // ['between.minutes', 13]
 */
export function durationMessage(seconds: number): ['between.minutes' | 'between.seconds', number] {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? ['between.seconds', s] : ['between.minutes', Math.round(s / 60)];
}
