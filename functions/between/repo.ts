/**
 * Between sessions: the couple's worksheet, their Caring Behaviours lists, what they share of
 * their home practice and the session's BCR requests. All items live in the session's partition
 * (`SESSION#<bookingId>`, `sessionPk`), so erasure (`deleteSessionItems`) and retention remove
 * them with the booking; each carries the booking's `expiresAt` (refreshed on every write) and
 * reads ignore expired ones:
 *
 * - `WORKSHEET#DRAFT`        the therapist's draft, `version`ed (conditional write on it)
 * - `WORKSHEET#SHARED`       the copy the couple sees, written by "share" (a re-share replaces it)
 * - `CARING#A`, `CARING#B`   each partner's list, one item with a `version` (≤ 50 entries)
 * - `PRACTICE#<iso>#<rand>`  one shared practice record (ids, seconds and time only)
 * - `PRACTICE#COUNT`         how many records were shared: the cap of 200 per booking
 * - `PRACTICE#PROCESSES`     the processes unlocked for this couple (absent: the therapist's default)
 * - `BCR`                    the BCR requests written in the session
 *
 * Every invariant is one single-item conditional write (dynalite has no transactions).
 */
import type {
  BcrRequests,
  CaringItem,
  PracticeRecord,
  SharedWorksheet,
  WorksheetDraft,
} from '../../shared/between-types';
import { CARING_LIST_CAP, PRACTICE_CAP } from '../../shared/between-schemas';
import type { Seat } from '../../shared/schemas';
import { bookingKey, type BookingItem } from '../booking/repo';
import { conditionHolds, isExpired, type Key, type TableClient } from '../db/table-client';
import { profileKey, type TherapistItem } from '../therapists/repo';
import { sessionPk } from '../sessions/repo';

const DRAFT_SK = 'WORKSHEET#DRAFT';
const SHARED_SK = 'WORKSHEET#SHARED';
const PROCESSES_SK = 'PRACTICE#PROCESSES';
const COUNT_SK = 'PRACTICE#COUNT';
const BCR_SK = 'BCR';
const caringSk = (seat: Seat) => `CARING#${seat}`;
/** Records sort by the practice's start; `PRACTICE#<digit>…` leaves out COUNT and PROCESSES. */
const RECORD_FROM = 'PRACTICE#0';
const RECORD_TO = 'PRACTICE#9~';

const key = (bookingId: string, sk: string): Key => ({ pk: sessionPk(bookingId), sk });

type Content = Omit<WorksheetDraft, 'baseVersion'>;

export interface DraftItem extends Content {
  pk: string;
  sk: string;
  version: number;
  updatedAt: string;
  expiresAt: number;
}

export interface SharedItem {
  pk: string;
  sk: string;
  worksheet: SharedWorksheet;
  expiresAt: number;
}

export interface CaringListItem {
  pk: string;
  sk: string;
  seat: Seat;
  version: number;
  items: CaringItem[];
  expiresAt: number;
}

export interface ProcessesItem {
  pk: string;
  sk: string;
  processIds: string[];
  updatedAt: string;
  expiresAt: number;
}

export interface BcrItem {
  pk: string;
  sk: string;
  bcr: BcrRequests;
  updatedAt: string;
  expiresAt: number;
}

interface RecordItem {
  pk: string;
  sk: string;
  record: PracticeRecord;
  expiresAt: number;
}

/** What a between route starts from, read by key in one BatchGet (`readBetween`). */
export interface BetweenItems {
  booking?: BookingItem;
  therapist?: TherapistItem;
  draft?: DraftItem;
  shared?: SharedItem;
  caring: Record<Seat, CaringListItem | undefined>;
  processes?: ProcessesItem;
  bcr?: BcrItem;
}

export type BetweenPart = 'draft' | 'shared' | 'caring' | 'processes' | 'bcr';

/**
 * Reads the booking, the between items named in `parts` and (when its id is known) the
 * therapist's profile in ONE BatchGet; expired items count as absent.
 */
export async function readBetween(
  table: TableClient,
  bookingId: string,
  parts: BetweenPart[],
  now: Date,
  therapistId?: string,
): Promise<BetweenItems> {
  const sks: string[] = [];
  if (parts.includes('draft')) sks.push(DRAFT_SK);
  if (parts.includes('shared')) sks.push(SHARED_SK);
  if (parts.includes('caring')) sks.push(caringSk('A'), caringSk('B'));
  if (parts.includes('processes')) sks.push(PROCESSES_SK);
  if (parts.includes('bcr')) sks.push(BCR_SK);
  const keys = [bookingKey(bookingId), ...sks.map((sk) => key(bookingId, sk)), ...(therapistId ? [profileKey(therapistId)] : [])];
  const items = await table.batchGet<{ pk: string; sk: string; expiresAt?: number }>(keys);
  const find = <T>(k: Key) => {
    const item = items.find((i) => i.pk === k.pk && i.sk === k.sk);
    return item && !isExpired(item, now) ? (item as T) : undefined;
  };
  const at = (sk: string) => key(bookingId, sk);
  return {
    booking: find<BookingItem>(bookingKey(bookingId)),
    therapist: therapistId ? find<TherapistItem>(profileKey(therapistId)) : undefined,
    draft: find<DraftItem>(at(DRAFT_SK)),
    shared: find<SharedItem>(at(SHARED_SK)),
    caring: { A: find<CaringListItem>(at(caringSk('A'))), B: find<CaringListItem>(at(caringSk('B'))) },
    processes: find<ProcessesItem>(at(PROCESSES_SK)),
    bcr: find<BcrItem>(at(BCR_SK)),
  };
}

// ---- The worksheet -----------------------------------------------------------------------------

/** The stored draft, read consistently (after a lost write, for the 409). */
export async function readDraft(table: TableClient, bookingId: string, now: Date): Promise<DraftItem | undefined> {
  const item = await table.get<DraftItem>(sessionPk(bookingId), DRAFT_SK);
  return item && !isExpired(item, now) ? item : undefined;
}

/**
 * Writes the draft at `baseVersion + 1` if the stored one is still at `baseVersion` (0: none
 * stored yet, or only an expired one). False when another edit won: the caller answers 409 with
 * the current draft, so two tabs never overwrite each other unseen.
 */
export function writeDraft(
  table: TableClient,
  booking: BookingItem,
  content: Content,
  baseVersion: number,
  now: Date,
): Promise<boolean> {
  const item: DraftItem = {
    ...key(booking.id, DRAFT_SK),
    ...content,
    version: baseVersion + 1,
    updatedAt: now.toISOString(),
    expiresAt: booking.expiresAt,
  };
  return conditionHolds(
    table.put({
      Item: item,
      ...(baseVersion === 0
        ? {
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
          }
        : {
            ConditionExpression: '#v = :base',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':base': baseVersion },
          }),
    }),
  );
}

/**
 * Puts new BCR requests into a draft that exists (raising its version, so an editor holding the
 * older version gets a 409 instead of overwriting them). No draft yet: nothing to do — the first
 * read of the worksheet is pre-filled from the `BCR` item.
 */
export async function putBcrIntoDraft(table: TableClient, booking: BookingItem, bcr: BcrRequests, now: Date): Promise<void> {
  await conditionHolds(
    table.update({
      Key: key(booking.id, DRAFT_SK),
      UpdateExpression: 'SET bcr = :bcr, #v = #v + :one, updatedAt = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':bcr': bcr, ':one': 1, ':now': now.toISOString() },
    }),
  );
}

/** Writes what the couple sees; a re-share replaces the earlier copy. */
export async function putShared(table: TableClient, booking: BookingItem, worksheet: SharedWorksheet): Promise<void> {
  const item: SharedItem = { ...key(booking.id, SHARED_SK), worksheet, expiresAt: booking.expiresAt };
  await table.put({ Item: item });
}

// ---- BCR requests ------------------------------------------------------------------------------

/** The session's BCR requests (read beside `loadSession`, whose keys it cannot join). */
export async function readBcr(table: TableClient, bookingId: string, now: Date): Promise<BcrItem | undefined> {
  const item = await table.get<BcrItem>(sessionPk(bookingId), BCR_SK);
  return item && !isExpired(item, now) ? item : undefined;
}

/** The last write wins: only the session's therapist writes them, from one console. */
export async function putBcr(table: TableClient, booking: BookingItem, bcr: BcrRequests, now: Date): Promise<void> {
  const item: BcrItem = { ...key(booking.id, BCR_SK), bcr, updatedAt: now.toISOString(), expiresAt: booking.expiresAt };
  await table.put({ Item: item });
}

// ---- Practice processes -------------------------------------------------------------------------

export async function putProcesses(table: TableClient, booking: BookingItem, processIds: string[], now: Date): Promise<void> {
  const item: ProcessesItem = {
    ...key(booking.id, PROCESSES_SK),
    processIds,
    updatedAt: now.toISOString(),
    expiresAt: booking.expiresAt,
  };
  await table.put({ Item: item });
}

// ---- Caring Behaviours ---------------------------------------------------------------------------

/** One partner's list as stored: its entries and the version a change must be based on (0: none). */
export interface CaringList {
  version: number;
  items: CaringItem[];
}

export const caringListOf = (item: CaringListItem | undefined): CaringList =>
  item ? { version: item.version, items: item.items } : { version: 0, items: [] };

export async function readCaringList(table: TableClient, bookingId: string, seat: Seat, now: Date): Promise<CaringList> {
  const item = await table.get<CaringListItem>(sessionPk(bookingId), caringSk(seat));
  return caringListOf(item && !isExpired(item, now) ? item : undefined);
}

/**
 * Replaces a partner's list if it is still at `base.version` (0: no list yet). False when the
 * other device of the same partner changed it meanwhile: the caller re-reads and applies its
 * change again, so no entry is lost. The cap is checked by the caller on the list it read; the
 * version condition makes that check hold for the list it replaces.
 */
export function writeCaringList(
  table: TableClient,
  booking: BookingItem,
  seat: Seat,
  base: CaringList,
  items: CaringItem[],
  now: Date,
): Promise<boolean> {
  if (items.length > CARING_LIST_CAP) throw new RangeError('caring list over its cap');
  const item: CaringListItem = {
    ...key(booking.id, caringSk(seat)),
    seat,
    version: base.version + 1,
    items,
    expiresAt: booking.expiresAt,
  };
  return conditionHolds(
    table.put({
      Item: item,
      ...(base.version === 0
        ? {
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
          }
        : {
            ConditionExpression: '#v = :base',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':base': base.version },
          }),
    }),
  );
}

// ---- Practice records ---------------------------------------------------------------------------

/**
 * Takes one of the booking's 200 record places: an atomic counter whose condition refuses the
 * 201st, so concurrent shares cannot pass the cap. False when the cap is reached.
 */
export function takePracticePlace(table: TableClient, booking: BookingItem): Promise<boolean> {
  return conditionHolds(
    table.update({
      Key: key(booking.id, COUNT_SK),
      UpdateExpression: 'SET expiresAt = :x ADD #n :one',
      ConditionExpression: 'attribute_not_exists(#n) OR #n < :cap',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':cap': PRACTICE_CAP, ':x': booking.expiresAt },
    }),
  );
}

/** Writes a record; its key is returned so a refused share can take it back. */
export async function putPracticeRecord(table: TableClient, booking: BookingItem, record: PracticeRecord): Promise<Key> {
  const item: RecordItem = {
    ...key(booking.id, `PRACTICE#${record.at}#${record.id}`),
    record,
    expiresAt: booking.expiresAt,
  };
  await table.put({ Item: item });
  return { pk: item.pk, sk: item.sk };
}

export async function deletePracticeRecord(table: TableClient, k: Key): Promise<void> {
  await table.delete({ Key: k });
}

/** The booking's shared records, newest first (at most the cap: one page). */
export async function listPracticeRecords(table: TableClient, bookingId: string, now: Date): Promise<PracticeRecord[]> {
  const { items } = await table.queryPage<RecordItem>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': sessionPk(bookingId), ':from': RECORD_FROM, ':to': RECORD_TO },
    ScanIndexForward: false,
    Limit: PRACTICE_CAP + 10,
  });
  return items.filter((i) => !isExpired(i, now)).map((i) => i.record);
}
