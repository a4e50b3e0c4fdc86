/**
 * zod schemas for every body, query and param of the HTTP API, shared by the functions (which
 * validate at the edge) and the web client (which shows the same rules in forms). Written with
 * `zod/mini`, whose functions tree-shake: the Lambda bundles and pages stay small.
 */
import * as z from 'zod/mini';
import { safeParse } from 'zod/v4/core';
import type { ApiErrorCode } from './error-codes';
import { PracticeProcessIds } from './between-schemas';

export const LOCALES = ['et', 'en'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** Is `tz` an IANA timezone this runtime knows? */
export function isTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `Area/Location` or `UTC`: letters, digits, `_`, `-`, `+`; no offsets ("+02:00"), no spaces. */
const ZONE_NAME = /^(?:UTC|[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){1,2})$/i;

let canonicalZones: Map<string, string> | undefined;

/**
 * The canonical spelling of an IANA timezone name, or undefined when it is not one: a name this
 * runtime lists (`Intl.supportedValuesOf('timeZone')`, plus `UTC`) in its listed spelling, or an
 * alias the runtime resolves to a listed name. Offsets, abbreviations that resolve to nothing
 * listed, `Etc/…` zones and misspellings are refused.
 *
 * @example
 * canonicalTimeZone('europe/tallinn'); // 'Europe/Tallinn'
 * canonicalTimeZone('US/Eastern'); // 'America/New_York'
 * canonicalTimeZone('+02:00'); // undefined
 */
export function canonicalTimeZone(tz: string): string | undefined {
  if (!ZONE_NAME.test(tz) || !isTimeZone(tz)) return undefined;
  canonicalZones ??= new Map(
    [...Intl.supportedValuesOf('timeZone'), 'UTC'].map((name) => [name.toLowerCase(), name]),
  );
  const listed = canonicalZones.get(tz.toLowerCase());
  if (listed) return listed;
  const resolved = new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  return canonicalZones.get(resolved.toLowerCase());
}

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
/** "HH:MM" wall-clock time; "24:00" is allowed only as an end. */
export const TimeOfDay = z.string().check(z.regex(hhmm, 'Use HH:MM (00:00–23:59)'));
export const EndTimeOfDay = z.string().check(z.refine((v) => v === '24:00' || hhmm.test(v), 'Use HH:MM (00:00–24:00)'));

export function minutesOfDay(t: string): number {
  const [h, m] = t.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z$/;

/**
 * Is `v` an ISO 8601 UTC instant that exists as written? No rolling over: `2027-02-30T10:00Z`,
 * `…T24:00Z` and `…T10:60Z` are refused, where `Date.parse` would move them to another time.
 */
export function isRealInstant(v: string): boolean {
  const m = INSTANT.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  if (h! > 23 || mi! > 59 || sec! > 59) return false;
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h, mi, sec));
  return (
    date.getUTCFullYear() === y && date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d
  );
}

/** An ISO 8601 instant in UTC, e.g. 2026-12-01T09:00:00Z or …00.000Z, that exists. */
export const Instant = z.string().check(
  z.maxLength(40),
  z.regex(INSTANT, 'Use an ISO 8601 UTC time ending in Z'),
  z.refine(isRealInstant, 'Not a real date and time'),
);

/** A calendar date YYYY-MM-DD that exists. */
export const CalendarDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD'),
  z.refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'Not a real date'),
);

const endAfterStart = z.refine<{ start: string; end: string }>((i) => minutesOfDay(i.start) < minutesOfDay(i.end), {
  message: 'End must be after start',
  path: ['end'],
});

export const TimeInterval = z.strictObject({ start: TimeOfDay, end: EndTimeOfDay }).check(endAfterStart);
export type TimeInterval = z.infer<typeof TimeInterval>;

const int = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));

export const WeeklyInterval = z
  .strictObject({ day: int(1, 7), start: TimeOfDay, end: EndTimeOfDay })
  .check(endAfterStart);
export type WeeklyInterval = z.infer<typeof WeeklyInterval>;

export const DateOverride = z.strictObject({
  date: CalendarDate,
  intervals: z.array(TimeInterval).check(z.maxLength(12)),
});
export type DateOverride = z.infer<typeof DateOverride>;

function overlapping(intervals: { start: string; end: string }[]): boolean {
  const sorted = [...intervals].sort((a, b) => minutesOfDay(a.start) - minutesOfDay(b.start));
  for (let i = 1; i < sorted.length; i++) {
    if (minutesOfDay(sorted[i]!.start) < minutesOfDay(sorted[i - 1]!.end)) return true;
  }
  return false;
}

/** Weekly hours (day 1 = Monday … 7 = Sunday) and date overrides, in the therapist's timezone. */
export const Availability = z
  .strictObject({
    weekly: z.array(WeeklyInterval).check(z.maxLength(84)),
    overrides: z.array(DateOverride).check(z.maxLength(400)),
  })
  .check(z.superRefine((a, ctx) => {
    for (let day = 1; day <= 7; day++) {
      if (overlapping(a.weekly.filter((w) => w.day === day))) {
        ctx.addIssue({ code: 'custom', message: `Intervals overlap on day ${day}`, path: ['weekly'] });
      }
    }
    const seen = new Set<string>();
    a.overrides.forEach((o, i) => {
      if (seen.has(o.date)) {
        ctx.addIssue({ code: 'custom', message: `Date ${o.date} appears twice`, path: ['overrides', i, 'date'] });
      }
      seen.add(o.date);
      if (overlapping(o.intervals)) {
        ctx.addIssue({ code: 'custom', message: `Intervals overlap on ${o.date}`, path: ['overrides', i, 'intervals'] });
      }
    });
  }));
export type Availability = z.infer<typeof Availability>;

export const Slug = z.string().check(
  z.minLength(3),
  z.maxLength(40),
  z.regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Use lowercase letters, digits and dashes'),
  z.refine((s) => !s.includes('--'), 'No double dashes'),
);

/**
 * What no name may hold: control characters (C0, DEL, C1 — tabs and line feeds among them), line
 * and paragraph separators, bidi embeddings, overrides, isolates and marks, and lone surrogates.
 */
const UNSAFE_IN_NAME = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** Is `v` free of the characters {@link UNSAFE_IN_NAME} lists? The one rule for every name. */
export const isSafeName = (v: string): boolean => !UNSAFE_IN_NAME.test(v);

const Name = z.string().check(
  z.refine(isSafeName, 'No control characters, line breaks or text-direction overrides'),
  z.trim(),
  z.normalize('NFC'),
  z.minLength(1),
  z.maxLength(80),
);
const PersonName = Name;

/** Something a mail client or reader takes for a link: a scheme, `www.`, an `@`, `name.tld`. */
const LINK_LIKE = /:\/\/|@|\bwww[.。｡]|[\p{L}\p{N}-]{2,}[.。｡]\p{L}{2,}/iu;
const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u];

/** Does one word mix Latin, Cyrillic or Greek letters (the classic look-alike spoof)? */
function mixesScripts(v: string): boolean {
  return v
    .split(/[\s\p{P}]+/u)
    .some((word) => SCRIPTS.filter((script) => script.test(word)).length > 1);
}

/**
 * A therapist's public name: it goes into email subjects and onto the booking page, so besides
 * the name rule it carries no links or addresses, no invisible formatting characters, no
 * stylised or full-width letters (NFKC would change it), and no word that mixes alphabets.
 */
const DisplayName = Name.check(
  z.refine((v) => !/\p{Cf}/u.test(v), 'No invisible formatting characters'),
  z.refine(
    (v) => v.normalize('NFKC') === v,
    'Use plain letters, not stylised or full-width characters',
  ),
  z.refine((v) => !LINK_LIKE.test(v), 'No web or email addresses'),
  z.refine((v) => !mixesScripts(v), 'Do not mix alphabets within one word'),
);
/**
 * A first display name from a new account's email address that passes the display-name rule
 * ("kadri.tamm@…" → "Kadri Tamm"), so a sign-up cannot put a link-like text ("paypal.com@…")
 * into email subjects before the therapist has chosen a name.
 *
 * @example
 * defaultDisplayName('kadri.tamm@practice.example'); // 'Kadri Tamm'
 */
export function defaultDisplayName(email: string, fallback = 'Peegel'): string {
  const local = email.slice(0, Math.max(0, email.lastIndexOf('@'))) || email;
  const name = local
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ')
    .slice(0, 80)
    .trim();
  return name && safeParse(DisplayName, name).success ? name : fallback;
}

export const Email = z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email());

/** An IANA timezone name, stored in its canonical spelling (see {@link canonicalTimeZone}). */
const TimeZone = z.pipe(
  z.string().check(
    z.maxLength(64),
    z.refine(
      (tz) => canonicalTimeZone(tz) !== undefined,
      'Use an IANA timezone name such as Europe/Tallinn',
    ),
  ),
  z.transform((tz) => canonicalTimeZone(tz)!),
);

const settingsShape = {
  displayName: DisplayName,
  slug: Slug,
  timezone: TimeZone,
  locale: Locale,
  sessionMinutes: int(15, 240),
  bufferMinutes: int(0, 120),
  minNoticeHours: int(0, 720),
  horizonDays: int(1, 365),
  cancelWindowHours: int(0, 720),
  /**
   * Run sessions without end-to-end encryption (for couples whose browser cannot encrypt).
   * Off by default: sessions are end-to-end encrypted. Fixed per session at its first join.
   */
  allowUnencrypted: z.boolean(),
  /**
   * Which processes couples may practise at home between sessions, unless a booking chooses
   * otherwise (absent: Couples Dialogue and Appreciation; shared/between-schemas.ts).
   */
  practiceProcesses: z.optional(PracticeProcessIds),
};
export const Settings = z.object(settingsShape);
export type Settings = z.infer<typeof Settings>;
export const SettingsPatch = z.partial(z.strictObject(settingsShape));
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export { DEFAULT_SETTINGS } from './consent';

export const Partner = z.strictObject({ name: PersonName, email: z.optional(Email) });
export type Partner = z.infer<typeof Partner>;
const Partners = z.tuple([Partner, Partner]);

export const PublicBookingRequest = z
  .strictObject({
    start: Instant,
    partners: Partners,
    locale: Locale,
    consent: z.strictObject({ privacy: z.literal(true), telehealth: z.literal(true) }),
    /** The booker's own timezone, so emails show their local time next to the therapist's. */
    timezone: z.optional(TimeZone),
  })
  .check(
    z.refine((b) => b.partners.some((p) => p.email), {
      message: 'At least one partner needs an email address',
      path: ['partners'],
    }),
  );
export type PublicBookingRequest = z.infer<typeof PublicBookingRequest>;

export const TherapistBookingRequest = z.strictObject({
  start: Instant,
  durationMinutes: z.optional(int(15, 240)),
  partners: Partners,
  locale: Locale,
});
export type TherapistBookingRequest = z.infer<typeof TherapistBookingRequest>;

export const RescheduleRequest = z.strictObject({ start: Instant });
export const RangeQuery = z.object({ from: z.optional(Instant), to: z.optional(Instant) });
export const AuthEmailRequest = z.strictObject({ email: Email, locale: z.optional(Locale) });
export const VerifyRequest = z.strictObject({ token: z.string().check(z.minLength(16), z.maxLength(200)) });
export const SlugParam = z.object({ slug: z.string().check(z.minLength(1), z.maxLength(40)) });
export const LocaleQuery = z.object({ locale: z.optional(Locale) });

export { CONSENT_VERSIONS } from './consent';

export const BOOKING_STATUSES = ['confirmed', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type Seat = 'A' | 'B';

// ---- Response shapes -------------------------------------------------------------------------

export interface TherapistView extends Settings {
  id: string;
  email: string;
  availability: Availability;
  publicUrl: string;
}

export interface PublicTherapistView {
  slug: string;
  displayName: string;
  timezone: string;
  locale: Locale;
  sessionMinutes: number;
  cancelWindowHours: number;
}


export interface SlotView {
  start: string;
  end: string;
}

export interface BookingView {
  id: string;
  start: string;
  end: string;
  status: BookingStatus;
  locale: Locale;
  partners: { seat: Seat; name: string; email?: string }[];
  createdAt: string;
  source: 'public' | 'therapist';
}

export interface PartnerBookingView {
  booking: { id: string; start: string; end: string; status: BookingStatus; locale: Locale };
  seat: Seat;
  partners: { seat: Seat; name: string }[];
  therapist: PublicTherapistView;
  canChange: boolean;
  changeDeadline: string;
  joinOpensAt: string;
}

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: unknown };
}
