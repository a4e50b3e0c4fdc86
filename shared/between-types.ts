/**
 * Between sessions (the couple's worksheet and guided home practice): the API's shapes, written
 * once for the functions that send them and the pages that read them. Types only.
 *
 * Routes (DESIGN §4 error shape; every route checks that the caller owns the booking, else 404):
 *
 * Partner (`Authorization: Bearer <invite token>`; works until the booking's retention ends):
 * - `GET    /api/bookings/me/between`                 → `CoupleSpace`
 * - `POST   /api/bookings/me/caring`   `CaringAdd`     → `CaringLists` (adds to the caller's own list)
 * - `PATCH  /api/bookings/me/caring/:itemId` `CaringPatch` → `CaringLists` (own list only)
 * - `DELETE /api/bookings/me/caring/:itemId`           → `CaringLists` (own list only)
 * - `POST   /api/bookings/me/practice` `PracticeShare` → `{ record: PracticeRecord }` (only what
 *   the couple chose to share: process, duration, date — never content)
 *
 * Therapist (session cookie; their own bookings only):
 * - `GET  /api/me/bookings/:id/worksheet`               → `WorksheetAdmin`
 * - `PUT  /api/me/bookings/:id/worksheet`  `WorksheetDraft` (with `baseVersion`) → `WorksheetAdmin`
 * - `POST /api/me/bookings/:id/worksheet/share`         → `WorksheetAdmin` (copies the draft as shared)
 * - `PUT  /api/me/bookings/:id/practice-processes` `{ processIds }` → `WorksheetAdmin`
 *   (which processes this couple may practise; default from the therapist's settings
 *   `practiceProcesses`, itself defaulting to Couples Dialogue and Appreciation)
 *
 * In the session (therapist, or admitted partners read-only), never through LiveKit:
 * - `GET  /api/sessions/:id/bcr`                        → `{ bcr: BcrRequests | null }`
 * - `PUT  /api/sessions/:id/bcr`   `BcrRequests`        → `{ bcr: BcrRequests }` (therapist; also
 *   lands in the worksheet draft)
 *
 * Errors besides 401/404 (all `{"error": {"code", "message"}}`): `PUT …/worksheet` on a stale
 * `baseVersion` → 409 `worksheet_changed` with the current draft beside the error
 * (`WorksheetChanged`); a full caring list → 409 `list_full` (50 items); the 201st practice record
 * → 409 `practice_limit`; a caring change that kept losing to the same partner's other device →
 * 409 `list_changed` (retry); a practice of a process not unlocked, or starting in the future →
 * 422; a cancelled booking's link → 409 `booking_cancelled` on every partner route above.
 * `POST …/practice` answers 201. In `PUT …/worksheet`, a field left out keeps its value.
 *
 * Storage: items in the session's partition (`SESSION#<bookingId>`), each with the booking's
 * `expiresAt`, so retention and erasure (DESIGN §8) remove them with the booking. No worksheet
 * text in logs or LiveKit.
 */
import type { DeckOverrides } from './dialogues/overrides';
import type { Seat } from './schemas';

/** The three requests of a Behaviour Change Request and the one the Receiver chose. */
export interface BcrRequests {
  /** Exactly three, each 1–300 characters. */
  requests: [string, string, string];
  /** Index of the request the Receiver chose to give as a gift; null while undecided. */
  chosen: 0 | 1 | 2 | null;
  /** Who asked (the Sender's seat) — so the worksheet can say whose requests they are. */
  from: Seat;
}

/** What the therapist edits before sharing (all optional; at most 20 appreciations, 2,000 chars of note). */
export interface WorksheetDraft {
  /** Optimistic concurrency: the version this edit is based on (0 for the first). */
  baseVersion: number;
  note: string;
  /** Appreciations heard in the session, each with who said it. */
  appreciations: { from: Seat; text: string }[];
  bcr: BcrRequests | null;
  /** Processes practised, by id; pre-filled from the timeline, editable. */
  processIds: string[];
}

/** The body of a 409 `worksheet_changed`: apply the edit to `draft` and save on its version. */
export interface WorksheetChanged {
  error: { code: 'worksheet_changed'; message: string };
  draft: WorksheetAdmin['draft'];
}

/** The worksheet as the couple sees it, once shared. */
export interface SharedWorksheet {
  bookingId: string;
  /** The session's start (its date). */
  date: string;
  processIds: string[];
  note: string;
  appreciations: { from: Seat; text: string }[];
  bcr: BcrRequests | null;
  sharedAt: string;
}

/** `GET/PUT …/worksheet` for the therapist: the draft, what is shared, and the couple's records. */
export interface WorksheetAdmin {
  draft: Omit<WorksheetDraft, 'baseVersion'> & { version: number; updatedAt: string | null };
  shared: SharedWorksheet | null;
  /** Processes this couple may practise at home. */
  practiceProcesses: string[];
  /** What the couple chose to share about their home practice, newest first. */
  practice: PracticeRecord[];
}

/** One thing a partner's partner does that makes them feel loved (Caring Behaviours). */
export interface CaringItem {
  id: string;
  text: string;
  /** How much it means, 1–5. */
  rating: 1 | 2 | 3 | 4 | 5;
  /** Days (YYYY-MM-DD, the partner's local date) it was marked as done. */
  doneOn: string[];
  createdAt: string;
}

/** Both partners' lists: each writes their own, and both see both (as the exercise prescribes). */
export type CaringLists = Record<Seat, CaringItem[]>;

export interface CaringAdd {
  text: string;
  rating: CaringItem['rating'];
}

export interface CaringPatch {
  rating?: CaringItem['rating'];
  /** Marks or unmarks "done today" for the given local date. */
  done?: { date: string; value: boolean };
  text?: string;
}

/** A shared record of home practice: never content. */
export interface PracticeRecord {
  id: string;
  processId: string;
  seconds: number;
  /** When the practice started (ISO instant). */
  at: string;
}

export interface PracticeShare {
  processId: string;
  seconds: number;
  at: string;
}

/** `GET /api/bookings/me/between`: the couple's private space behind their personal links. */
export interface CoupleSpace {
  seat: Seat;
  partners: { seat: Seat; name: string }[];
  therapistName: string;
  /** The worksheet of this booking's session, once the therapist shared it; else null. */
  worksheet: SharedWorksheet | null;
  caring: CaringLists;
  /** Processes the therapist unlocked for home practice. */
  practiceProcesses: string[];
  /** Records this couple shared, newest first. */
  practice: PracticeRecord[];
  /**
   * Their therapist's own wording of the deck (texts and added cards), so home practice reads as
   * the sessions do: `deckFor(space.deckOverrides)`. Null when the therapist has none.
   */
  deckOverrides: DeckOverrides | null;
}
