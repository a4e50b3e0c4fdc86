/**
 * The no-overlap lock. Each therapist has ONE calendar item holding every booked interval that
 * has not ended yet. Claiming an interval is a single conditional write on that item's `version`,
 * so two overlapping bookings can never both succeed, whatever their lengths and however many
 * requests race (dynalite and DynamoDB both honour the condition; no transactions needed).
 *
 * Timeline it protects:
 *   A reads v7 (free)   B reads v7 (free)
 *   A writes v8 if v=7 → ok
 *   B writes v8 if v=7 → ConditionFailed → B re-reads v8, sees A's interval → slot_unavailable
 *
 * One item per therapist (not per day) so that a session crossing midnight is still one write.
 * A therapist's future sessions fit easily in DynamoDB's 400 KB item limit; ended intervals are
 * pruned on every write.
 *
 * The item also names the slug its public booking page is at (`slug`, set by `pointCalendarAt`
 * in the order of profile versions): after each write its intervals are copied to that slug item,
 * the view the slots route reads in one request (therapists/slug.ts). The copy follows the
 * calendar; it never decides anything.
 */
import { conflicts } from '../../shared/slots';
import { conditionHolds, type TableClient } from '../db/table-client';
import { AppError, conflict } from '../http/errors';
import { publishBusy } from '../therapists/slug';

export interface CalendarInterval {
  /** booking id */
  id: string;
  /** epoch ms */
  s: number;
  e: number;
}

interface CalendarItem {
  pk: string;
  sk: 'CALENDAR';
  intervals: CalendarInterval[];
  version: number;
  /** The slug the booking page is at, as of profile version `slugVersion`. */
  slug?: string;
  slugVersion?: number;
}

const key = (therapistId: string) => ({ pk: `THERAPIST#${therapistId}`, sk: 'CALENDAR' as const });
const KEEP_ENDED_MS = 24 * 60 * 60 * 1000;
const MAX_ATTEMPTS = 60;

export async function readCalendar(table: TableClient, therapistId: string): Promise<CalendarInterval[]> {
  const k = key(therapistId);
  const item = await table.get<CalendarItem>(k.pk, k.sk);
  return item?.intervals ?? [];
}

const pause = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 + attempt * 3)));

type Page = Pick<CalendarItem, 'slug' | 'slugVersion'>;

/**
 * Applies `change` to the calendar with optimistic concurrency, retrying on a lost race, then
 * copies the result to the booking page. `change` returns the new interval list and, to move the
 * page, its new slug; or null for nothing to write; or throws to abort.
 */
async function mutate(
  table: TableClient,
  therapistId: string,
  now: Date,
  change: (intervals: CalendarInterval[], page: Page) => { intervals: CalendarInterval[]; page?: Page } | null,
): Promise<{ item?: CalendarItem; wrote: boolean }> {
  const k = key(therapistId);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const item = await table.get<CalendarItem>(k.pk, k.sk);
    const live = (item?.intervals ?? []).filter((i) => i.e > now.getTime() - KEEP_ENDED_MS);
    const page: Page = { slug: item?.slug, slugVersion: item?.slugVersion };
    const next = change(live, page);
    if (next === null) return { item, wrote: false };
    const written: CalendarItem = { ...k, ...page, ...next.page, intervals: next.intervals, version: (item?.version ?? 0) + 1 };
    const won = await conditionHolds(
      table.put({
        Item: written,
        ...(item
          ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': item.version } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      }),
    );
    if (won) {
      await copyToPage(table, therapistId, written);
      return { item: written, wrote: true };
    }
    await pause(attempt);
  }
  throw new AppError(409, 'busy_try_again', 'The calendar is busy, please try again');
}

const copyToPage = async (table: TableClient, therapistId: string, c: CalendarItem) => {
  if (c.slug) await publishBusy(table, c.slug, therapistId, c.intervals.map(({ s, e }) => ({ s, e })), c.version);
};

/**
 * Points the calendar's copy at the booking page of profile version `profileVersion` (its slug),
 * unless a newer profile version pointed it already; and copies the intervals there. Run after
 * every profile write, so a new slug gets the busy times, and a copy a crash missed is repaired.
 */
export async function pointCalendarAt(
  table: TableClient,
  therapistId: string,
  slug: string,
  profileVersion: number,
): Promise<void> {
  // No clock here: the intervals are kept as they are (the next booking write prunes them).
  const { item, wrote } = await mutate(table, therapistId, new Date(0), (intervals, page) => {
    if (page.slug === slug || (page.slugVersion ?? 0) >= profileVersion) return null;
    return { intervals, page: { slug, slugVersion: profileVersion } };
  });
  // Nothing to move: the copy may still be missing (a crash, or a slug item claimed afresh).
  if (!wrote && item) await copyToPage(table, therapistId, item);
}

/** Copies the calendar to its booking page again (the job, after a crash may have skipped it). */
export async function recopyCalendar(table: TableClient, therapistId: string): Promise<void> {
  const k = key(therapistId);
  const item = await table.get<CalendarItem>(k.pk, k.sk);
  if (item) await copyToPage(table, therapistId, item);
}

/**
 * Claims [s, e) for a booking that holds no interval yet, keeping `gapMs` away from other
 * bookings. Claiming the interval the booking already holds is a no-op (safe to retry); a booking
 * that holds another interval is moved only by `moveInterval`.
 */
export async function claimInterval(
  table: TableClient,
  therapistId: string,
  interval: CalendarInterval,
  gapMs: number,
  now: Date,
): Promise<void> {
  await mutate(table, therapistId, now, (intervals) => {
    const mine = intervals.find((i) => i.id === interval.id);
    if (mine && mine.s === interval.s && mine.e === interval.e) return null;
    if (mine) throw conflict('booking_changed', 'The booking changed meanwhile; please reload');
    if (conflicts(intervals.map((i) => ({ start: i.s, end: i.e })), interval.s, interval.e, gapMs)) {
      throw conflict('slot_unavailable', 'This time is no longer available');
    }
    return { intervals: [...intervals, interval].sort((a, b) => a.s - b.s) };
  });
}

/**
 * Moves booking `id` from the interval it holds, `from`, to `to` in one write (reschedule),
 * keeping `gapMs` away from other bookings. Only the interval the booking really holds is moved:
 * if it holds something else (or nothing), the move is refused with 409 `booking_changed`.
 * Already at `to`: a no-op (safe to retry).
 */
export async function moveInterval(
  table: TableClient,
  therapistId: string,
  id: string,
  from: { s: number; e: number },
  to: { s: number; e: number },
  gapMs: number,
  now: Date,
): Promise<void> {
  await mutate(table, therapistId, now, (intervals) => {
    const mine = intervals.find((i) => i.id === id);
    if (mine && mine.s === to.s && mine.e === to.e) return null;
    if (!mine || mine.s !== from.s || mine.e !== from.e) {
      throw conflict('booking_changed', 'The booking changed meanwhile; please reload');
    }
    const others = intervals.filter((i) => i.id !== id);
    if (conflicts(others.map((i) => ({ start: i.s, end: i.e })), to.s, to.e, gapMs)) {
      throw conflict('slot_unavailable', 'This time is no longer available');
    }
    return { intervals: [...others, { id, s: to.s, e: to.e }].sort((a, b) => a.s - b.s) };
  });
}

/** Frees the interval of booking `id` (no-op if it holds none). */
export async function releaseInterval(
  table: TableClient,
  therapistId: string,
  id: string,
  now: Date,
): Promise<void> {
  await mutate(table, therapistId, now, (intervals) =>
    intervals.some((i) => i.id === id) ? { intervals: intervals.filter((i) => i.id !== id) } : null,
  );
}
