/**
 * zod schemas for every body, query and param of the HTTP API, shared by the functions (which
 * validate at the edge) and the web client (which shows the same rules in forms). Written with
 * `zod/mini`, whose functions tree-shake: the Lambda bundles and pages stay small.
 */
import * as z from 'zod/mini';

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

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
/** "HH:MM" wall-clock time; "24:00" is allowed only as an end. */
export const TimeOfDay = z.string().check(z.regex(hhmm, 'Use HH:MM (00:00–23:59)'));
export const EndTimeOfDay = z.string().check(z.refine((v) => v === '24:00' || hhmm.test(v), 'Use HH:MM (00:00–24:00)'));

export function minutesOfDay(t: string): number {
  const [h, m] = t.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** An ISO 8601 instant in UTC, e.g. 2026-12-01T09:00:00Z or …00.000Z. */
export const Instant = z.string().check(
  z.maxLength(40),
  z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/, 'Use an ISO 8601 UTC time ending in Z'),
  z.refine((v) => !Number.isNaN(Date.parse(v)), 'Not a real date and time'),
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

const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(80));
const DisplayName = Name;
const PersonName = Name;
export const Email = z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email());

const TimeZone = z.string().check(z.refine(isTimeZone, 'Unknown IANA timezone'));

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
  error: { code: string; message: string; details?: unknown };
}
