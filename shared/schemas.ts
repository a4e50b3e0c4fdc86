/**
 * zod schemas for every body, query and param of the HTTP API, shared by the functions (which
 * validate at the edge) and the web client (which shows the same rules in forms).
 */
import { z } from 'zod';

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
export const TimeOfDay = z.string().regex(hhmm, 'Use HH:MM (00:00–23:59)');
export const EndTimeOfDay = z.string().refine((v) => v === '24:00' || hhmm.test(v), 'Use HH:MM (00:00–24:00)');

export function minutesOfDay(t: string): number {
  const [h, m] = t.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** An ISO 8601 instant in UTC, e.g. 2026-12-01T09:00:00Z or …00.000Z. */
export const Instant = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/, 'Use an ISO 8601 UTC time ending in Z')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'Not a real date and time');

/** A calendar date YYYY-MM-DD that exists. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'Not a real date');

export const TimeInterval = z
  .object({ start: TimeOfDay, end: EndTimeOfDay })
  .strict()
  .refine((i) => minutesOfDay(i.start) < minutesOfDay(i.end), {
    message: 'End must be after start',
    path: ['end'],
  });
export type TimeInterval = z.infer<typeof TimeInterval>;

export const WeeklyInterval = z
  .object({ day: z.number().int().min(1).max(7), start: TimeOfDay, end: EndTimeOfDay })
  .strict()
  .refine((i) => minutesOfDay(i.start) < minutesOfDay(i.end), {
    message: 'End must be after start',
    path: ['end'],
  });
export type WeeklyInterval = z.infer<typeof WeeklyInterval>;

export const DateOverride = z
  .object({ date: CalendarDate, intervals: z.array(TimeInterval).max(12) })
  .strict();
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
  .object({ weekly: z.array(WeeklyInterval).max(84), overrides: z.array(DateOverride).max(400) })
  .strict()
  .superRefine((a, ctx) => {
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
  });
export type Availability = z.infer<typeof Availability>;

export const Slug = z
  .string()
  .min(3)
  .max(40)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Use lowercase letters, digits and dashes')
  .refine((s) => !s.includes('--'), 'No double dashes');

const DisplayName = z.string().trim().min(1).max(80);
const PersonName = z.string().trim().min(1).max(80);
export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());

export const Settings = z.object({
  displayName: DisplayName,
  slug: Slug,
  timezone: z.string().refine(isTimeZone, 'Unknown IANA timezone'),
  locale: Locale,
  sessionMinutes: z.number().int().min(15).max(240),
  bufferMinutes: z.number().int().min(0).max(120),
  minNoticeHours: z.number().int().min(0).max(720),
  horizonDays: z.number().int().min(1).max(365),
  cancelWindowHours: z.number().int().min(0).max(720),
});
export type Settings = z.infer<typeof Settings>;
export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const DEFAULT_SETTINGS: Omit<Settings, 'displayName' | 'slug'> = {
  timezone: 'Europe/Tallinn',
  locale: 'et',
  sessionMinutes: 90,
  bufferMinutes: 15,
  minNoticeHours: 24,
  horizonDays: 60,
  cancelWindowHours: 24,
};

export const Partner = z
  .object({ name: PersonName, email: Email.optional() })
  .strict();
export type Partner = z.infer<typeof Partner>;
const Partners = z.tuple([Partner, Partner]);

export const PublicBookingRequest = z
  .object({
    start: Instant,
    partners: Partners,
    locale: Locale,
    consent: z.object({ privacy: z.literal(true), telehealth: z.literal(true) }).strict(),
    /** The booker's own timezone, so emails show their local time next to the therapist's. */
    timezone: z.string().refine(isTimeZone, 'Unknown IANA timezone').optional(),
  })
  .strict()
  .refine((b) => b.partners.some((p) => p.email), {
    message: 'At least one partner needs an email address',
    path: ['partners'],
  });
export type PublicBookingRequest = z.infer<typeof PublicBookingRequest>;

export const TherapistBookingRequest = z
  .object({
    start: Instant,
    durationMinutes: z.number().int().min(15).max(240).optional(),
    partners: Partners,
    locale: Locale,
  })
  .strict();
export type TherapistBookingRequest = z.infer<typeof TherapistBookingRequest>;

export const RescheduleRequest = z.object({ start: Instant }).strict();
export const RangeQuery = z.object({ from: Instant.optional(), to: Instant.optional() });
export const AuthEmailRequest = z.object({ email: Email, locale: Locale.optional() }).strict();
export const VerifyRequest = z.object({ token: z.string().min(16).max(200) }).strict();
export const SlugParam = z.object({ slug: z.string().min(1).max(40) });
export const LocaleQuery = z.object({ locale: Locale.optional() });

/** Consent texts are versioned; a booking stores which version the couple agreed to. */
export const CONSENT_VERSIONS = { privacy: '2026-11-01', telehealth: '2026-11-01' } as const;

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
