/**
 * Plain constants shared by server and client, kept apart from the zod schemas so that code which
 * needs only these (the reminder job, small pages) does not bundle the validators.
 */

/** Consent texts are versioned; a booking stores which version the couple agreed to. */
export const CONSENT_VERSIONS = { privacy: '2026-12-02', telehealth: '2026-12-02' } as const;

/** Booking settings of a new therapist account. */
export const DEFAULT_SETTINGS = {
  timezone: 'Europe/Tallinn',
  locale: 'et' as 'et' | 'en',
  sessionMinutes: 90,
  bufferMinutes: 15,
  minNoticeHours: 24,
  horizonDays: 60,
  cancelWindowHours: 24,
  allowUnencrypted: false,
};
