/**
 * zod schemas of the Between-sessions routes (`shared/between-types.ts` names the routes and the
 * shapes): the worksheet draft, BCR requests, caring behaviours, practice records. Strict objects
 * with length limits, so bad input is a 422 at the edge and nothing unbounded reaches the table.
 */
import * as z from 'zod/mini';

// This module imports nothing from `./schemas`: that one imports `PracticeProcessIds` from here
// (the therapist's setting), and a cycle between the two would break their initialisation.

/**
 * The processes of the dialogue deck (`shared/dialogues/content.ts`), by id: the ones a worksheet
 * may name and a therapist may unlock for home practice. A copy, so that the booking function
 * does not bundle the whole deck; `tests/api/between.test.ts` checks it against the deck.
 */
export const PROCESS_IDS = [
  'couples-dialogue',
  'appreciation',
  'frustration',
  'behavior-change-request',
  'parent-child',
  'caring-behaviors',
] as const;

/** What a couple may practise at home when neither the booking nor the therapist chose. */
export const DEFAULT_PRACTICE_PROCESSES: string[] = ['couples-dialogue', 'appreciation'];

/** The most items one partner's Caring Behaviours list holds. */
export const CARING_LIST_CAP = 50;
/** The most practice records one booking holds. */
export const PRACTICE_CAP = 200;

const int = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));

/**
 * Control characters other than tab and line feed, line and paragraph separators, bidi
 * embeddings, overrides, isolates and marks, lone surrogates.
 */
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** The same, and no line breaks or tabs either: one line of text. */
const UNSAFE_IN_LINE = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** One line of free text, trimmed, 1–`max` characters. */
const Line = (max: number) =>
  z.string().check(
    z.maxLength(max * 4),
    z.refine((v) => !UNSAFE_IN_LINE.test(v), 'No control characters, line breaks or text-direction overrides'),
    z.trim(),
    z.normalize('NFC'),
    z.minLength(1),
    z.maxLength(max),
  );

/** Free text that may span lines, trimmed, 0–`max` characters. */
const Text = (max: number) =>
  z.string().check(
    z.maxLength(max * 4),
    z.refine((v) => !UNSAFE_IN_TEXT.test(v), 'No control characters or text-direction overrides'),
    z.trim(),
    z.normalize('NFC'),
    z.maxLength(max),
  );

export const SeatSchema = z.enum(['A', 'B']);

/** A process of the deck, by id. */
export const ProcessId = z.string().check(
  z.maxLength(64),
  z.refine((v) => (PROCESS_IDS as readonly string[]).includes(v), 'Not a process of the dialogue deck'),
);

const noRepeats = z.refine<string[]>((ids) => new Set(ids).size === ids.length, 'Each process once');

/** A list of distinct processes (a worksheet's, or those unlocked for home practice). */
export const ProcessIds = z.array(ProcessId).check(z.maxLength(PROCESS_IDS.length), noRepeats);
/** The therapist's setting `practiceProcesses` and a booking's choice: at least one process. */
export const PracticeProcessIds = ProcessIds.check(z.minLength(1, 'Choose at least one process'));

/** `PUT /api/me/bookings/:id/practice-processes`. */
export const PracticeProcessesRequest = z.strictObject({ processIds: PracticeProcessIds });

/** `PUT /api/sessions/:id/bcr`: exactly three requests, the chosen one (or null), who asked. */
export const BcrRequestsSchema = z.strictObject({
  requests: z.tuple([Line(300), Line(300), Line(300)]),
  chosen: z.nullable(z.union([z.literal(0), z.literal(1), z.literal(2)])),
  from: SeatSchema,
});

export const Appreciation = z.strictObject({ from: SeatSchema, text: Line(300) });

/**
 * `PUT /api/me/bookings/:id/worksheet`: the edit and the version it is based on (0 for the first
 * save). A field left out keeps its current value.
 */
export const WorksheetDraftRequest = z.strictObject({
  baseVersion: int(0, 1_000_000),
  note: z.optional(Text(2000)),
  appreciations: z.optional(z.array(Appreciation).check(z.maxLength(20))),
  bcr: z.optional(z.nullable(BcrRequestsSchema)),
  processIds: z.optional(ProcessIds),
});

/** Does `v` (already in ISO form) name a real date, e.g. not 2027-02-30? */
const realDate = (v: string) => {
  const d = new Date(`${v.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v.slice(0, 10);
};
/** A calendar date YYYY-MM-DD that exists (the partner's local date). */
const CalendarDate = z.iso.date().check(z.refine(realDate, 'Not a real date'));
/** An ISO 8601 instant in UTC (…Z) that exists. */
const Instant = z.iso.datetime().check(z.maxLength(40), z.refine(realDate, 'Not a real date and time'));

const Rating = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

/** `POST /api/bookings/me/caring`. */
export const CaringAddRequest = z.strictObject({ text: Line(300), rating: Rating });

/** `PATCH /api/bookings/me/caring/:itemId`: at least one change. */
export const CaringPatchRequest = z
  .strictObject({
    rating: z.optional(Rating),
    done: z.optional(z.strictObject({ date: CalendarDate, value: z.boolean() })),
    text: z.optional(Line(300)),
  })
  .check(
    z.refine((p) => p.rating !== undefined || p.done !== undefined || p.text !== undefined, 'Nothing to change'),
  );

export const CaringItemParam = z.object({ itemId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)) });

/** `POST /api/bookings/me/practice`: which process, for how long (1 s – 4 h), when it started. */
export const PracticeShareRequest = z.strictObject({
  processId: ProcessId,
  seconds: int(1, 4 * 60 * 60),
  at: Instant,
});
