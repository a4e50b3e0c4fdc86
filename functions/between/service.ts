/**
 * Between sessions: the rules. The worksheet draft is pre-filled from the session (processes from
 * the timeline, the BCR requests) until the therapist first saves it; nothing reaches the couple
 * until the therapist shares it. Each partner writes only their own Caring Behaviours list and
 * both read both. Practice records say which process, how long and when — never content.
 */
import type {
  CaringItem,
  CaringLists,
  CoupleSpace,
  PracticeRecord,
  SharedWorksheet,
  WorksheetAdmin,
} from '../../shared/between-types';
import {
  CARING_LIST_CAP,
  DEFAULT_PRACTICE_PROCESSES,
  PROCESS_IDS,
  type CaringAddRequest,
  type CaringPatchRequest,
  type PracticeShareRequest,
  type WorksheetDraftRequest,
} from '../../shared/between-schemas';
import type { Seat } from '../../shared/schemas';
import type * as z from 'zod/mini';
import type { Deps } from '../config';
import type { BookingItem } from '../booking/repo';
import { AppError, conflict, invalid, notFound } from '../http/errors';
import type { TherapistItem } from '../therapists/repo';
import { overridesOf } from '../therapists/deck';
import { listEvents } from '../sessions/repo';
import {
  caringListOf,
  deletePracticeRecord,
  listPracticeRecords,
  putPracticeRecord,
  putShared,
  readCaringList,
  readDraft,
  takePracticePlace,
  writeCaringList,
  writeDraft,
  type BetweenItems,
  type CaringList,
  type DraftItem,
} from './repo';

type Draft = WorksheetAdmin['draft'];

/** The processes this couple may practise: the booking's choice, else the therapist's, else the default. */
export function practiceProcessesOf(items: Pick<BetweenItems, 'processes'>, therapist: TherapistItem | undefined): string[] {
  return items.processes?.processIds ?? therapist?.practiceProcesses ?? DEFAULT_PRACTICE_PROCESSES;
}

const draftOf = (item: DraftItem): Draft => ({
  note: item.note,
  appreciations: item.appreciations,
  bcr: item.bcr,
  processIds: item.processIds,
  version: item.version,
  updatedAt: item.updatedAt,
});

/**
 * The draft as stored, or (none saved yet) pre-filled from the session: the processes the
 * timeline shows in the order they were first used, and the BCR requests written in the session.
 * Version 0 until the first save. The timeline is read only in that case (one more round trip).
 */
export async function currentDraft(d: Deps, bookingId: string, items: BetweenItems): Promise<Draft> {
  if (items.draft) return draftOf(items.draft);
  const { events } = await listEvents(d.table, bookingId, d.now());
  const used: string[] = [];
  for (const e of events) {
    if (e.type !== 'overlay' || used.includes(e.processId)) continue;
    if ((PROCESS_IDS as readonly string[]).includes(e.processId)) used.push(e.processId);
  }
  return { note: '', appreciations: [], bcr: items.bcr?.bcr ?? null, processIds: used, version: 0, updatedAt: null };
}

/** The therapist's view of the worksheet; `written` holds what the request itself just wrote. */
export function worksheetAdmin(
  draft: Draft,
  items: BetweenItems,
  therapist: TherapistItem | undefined,
  practice: PracticeRecord[],
  written: Partial<Pick<WorksheetAdmin, 'shared' | 'practiceProcesses'>> = {},
): WorksheetAdmin {
  return {
    draft,
    shared: written.shared ?? items.shared?.worksheet ?? null,
    practiceProcesses: written.practiceProcesses ?? practiceProcessesOf(items, therapist),
    practice,
  };
}

/**
 * Saves the therapist's edit on `baseVersion`; fields left out keep their current value. A stale
 * base is a 409 `worksheet_changed` carrying the current draft.
 */
export async function saveDraft(
  d: Deps,
  booking: BookingItem,
  items: BetweenItems,
  edit: z.infer<typeof WorksheetDraftRequest>,
): Promise<Draft> {
  const now = d.now();
  const current = await currentDraft(d, booking.id, items);
  if (edit.baseVersion !== current.version) throw worksheetChanged(current);
  const content = {
    note: edit.note ?? current.note,
    appreciations: edit.appreciations ?? current.appreciations,
    bcr: edit.bcr === undefined ? current.bcr : edit.bcr,
    processIds: edit.processIds ?? current.processIds,
  };
  if (!(await writeDraft(d.table, booking, content, edit.baseVersion, now))) {
    const fresh = await readDraft(d.table, booking.id, now);
    throw worksheetChanged(fresh ? draftOf(fresh) : current);
  }
  return { ...content, version: edit.baseVersion + 1, updatedAt: now.toISOString() };
}

function worksheetChanged(draft: Draft): AppError {
  return conflict('worksheet_changed', 'The worksheet changed meanwhile; apply your edit to the current draft', { draft });
}

/** Copies the current draft as what the couple sees (a re-share replaces the earlier copy). */
export async function shareDraft(d: Deps, booking: BookingItem, draft: Draft): Promise<SharedWorksheet> {
  const worksheet: SharedWorksheet = {
    bookingId: booking.id,
    date: booking.start,
    processIds: draft.processIds,
    note: draft.note,
    appreciations: draft.appreciations,
    bcr: draft.bcr,
    sharedAt: d.now().toISOString(),
  };
  await putShared(d.table, booking, worksheet);
  return worksheet;
}

// ---- The couple's space --------------------------------------------------------------------------

export function caringLists(items: Pick<BetweenItems, 'caring'>): CaringLists {
  return { A: caringListOf(items.caring.A).items, B: caringListOf(items.caring.B).items };
}

export function coupleSpace(
  booking: BookingItem,
  seat: Seat,
  therapist: TherapistItem,
  items: BetweenItems,
  practice: PracticeRecord[],
): CoupleSpace {
  return {
    seat,
    partners: booking.partners.map((p) => ({ seat: p.seat, name: p.name })),
    therapistName: therapist.displayName,
    worksheet: items.shared?.worksheet ?? null,
    caring: caringLists(items),
    practiceProcesses: practiceProcessesOf(items, therapist),
    practice,
    deckOverrides: overridesOf(therapist),
  };
}

/** How many times a change of one's own list is re-applied after losing to one's other device. */
const CARING_ATTEMPTS = 5;

/**
 * Applies `change` to the caller's own list and writes it on the version it read; when another
 * write won meanwhile (the same partner on two devices), re-reads and applies the change again,
 * so concurrent adds all land. Returns both lists.
 */
async function changeOwnList(
  d: Deps,
  booking: BookingItem,
  seat: Seat,
  items: BetweenItems,
  change: (list: CaringItem[]) => CaringItem[],
): Promise<CaringLists> {
  const other: Seat = seat === 'A' ? 'B' : 'A';
  let list: CaringList = caringListOf(items.caring[seat]);
  for (let attempt = 0; attempt < CARING_ATTEMPTS; attempt++) {
    if (attempt > 0) list = await readCaringList(d.table, booking.id, seat, d.now());
    const next = change(list.items);
    if (await writeCaringList(d.table, booking, seat, list, next, d.now())) {
      return { [seat]: next, [other]: caringListOf(items.caring[other]).items } as CaringLists;
    }
  }
  throw conflict('list_changed', 'Your list changed meanwhile; please try again');
}

export function addCaring(d: Deps, booking: BookingItem, seat: Seat, items: BetweenItems, add: z.infer<typeof CaringAddRequest>) {
  const item: CaringItem = {
    id: crypto.randomUUID(),
    text: add.text,
    rating: add.rating,
    doneOn: [],
    createdAt: d.now().toISOString(),
  };
  return changeOwnList(d, booking, seat, items, (list) => {
    if (list.length >= CARING_LIST_CAP) {
      throw conflict('list_full', `A list holds at most ${CARING_LIST_CAP} behaviours; remove one first`);
    }
    return [...list, item];
  });
}

/** The most "done" days an item keeps (the latest). */
const DONE_DAYS_KEPT = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export function patchCaring(
  d: Deps,
  booking: BookingItem,
  seat: Seat,
  items: BetweenItems,
  itemId: string,
  patch: z.infer<typeof CaringPatchRequest>,
) {
  if (patch.done) {
    // "Done today" in the partner's timezone: within a day of the server's date either side.
    const offset = Date.parse(`${patch.done.date}T00:00:00Z`) - Date.parse(`${d.now().toISOString().slice(0, 10)}T00:00:00Z`);
    if (Math.abs(offset) > DAY_MS) {
      throw invalid('Mark a behaviour done for today', [{ path: ['done', 'date'], message: 'Use your local date of today' }]);
    }
  }
  return changeOwnList(d, booking, seat, items, (list) => {
    if (!list.some((entry) => entry.id === itemId)) throw notFound('No such behaviour in your list');
    return list.map((entry) => {
      if (entry.id !== itemId) return entry;
      let doneOn = entry.doneOn;
      if (patch.done) {
        const { date, value } = patch.done;
        doneOn = doneOn.filter((day) => day !== date);
        if (value) doneOn = [...doneOn, date].sort().slice(-DONE_DAYS_KEPT);
      }
      return { ...entry, rating: patch.rating ?? entry.rating, text: patch.text ?? entry.text, doneOn };
    });
  });
}

export function removeCaring(d: Deps, booking: BookingItem, seat: Seat, items: BetweenItems, itemId: string) {
  return changeOwnList(d, booking, seat, items, (list) => {
    if (!list.some((entry) => entry.id === itemId)) throw notFound('No such behaviour in your list');
    return list.filter((entry) => entry.id !== itemId);
  });
}

// ---- Practice records ------------------------------------------------------------------------------

/**
 * Records a practice the couple chose to share. The record and its place under the cap are
 * written side by side; when the cap refuses the place, the record is taken back before the 409.
 * (A crash in that instant would leave one record over the cap; nothing depends on the count.)
 */
export async function sharePractice(
  d: Deps,
  booking: BookingItem,
  unlocked: string[],
  share: z.infer<typeof PracticeShareRequest>,
): Promise<PracticeRecord> {
  const now = d.now();
  if (!unlocked.includes(share.processId)) {
    throw invalid('Your therapist has not opened this process for home practice', [
      { path: ['processId'], message: 'Not one of the processes you may practise' },
    ]);
  }
  if (Date.parse(share.at) > now.getTime() + 10 * 60_000) {
    throw invalid('A practice cannot start in the future', [{ path: ['at'], message: 'Use the time the practice started' }]);
  }
  const record: PracticeRecord = { id: crypto.randomUUID(), processId: share.processId, seconds: share.seconds, at: share.at };
  const [placed, recordKey] = await Promise.all([
    takePracticePlace(d.table, booking),
    putPracticeRecord(d.table, booking, record),
  ]);
  if (!placed) {
    await deletePracticeRecord(d.table, recordKey);
    throw conflict('practice_limit', 'This booking holds as many practice records as it can');
  }
  return record;
}

export { listPracticeRecords };
