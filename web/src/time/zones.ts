/** Timezone choices offered to visitors, plus detection of the browser's own zone. */
import { offsetName } from './format';

/** Zones most of Peegel's couples and therapists live in, west to east. */
export const COMMON_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Toronto',
  'UTC',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Madrid',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Stockholm',
  'Europe/Oslo',
  'Europe/Warsaw',
  'Europe/Helsinki',
  'Europe/Tallinn',
  'Europe/Riga',
  'Europe/Vilnius',
  'Europe/Kyiv',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;

/** The browser's IANA timezone, or UTC when it cannot tell. */
export function detectTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Common zones plus `extra` (detected, therapist's), each once, sorted by current offset. */
export function zoneChoices(extra: string[], at: Date = new Date()): string[] {
  const all = [...new Set([...COMMON_ZONES, ...extra.filter(Boolean)])];
  const offset = (tz: string): number => {
    const name = offsetName(tz, 'en-GB', at).replace('GMT', '') || '+0';
    const m = /^([+-])(\d{1,2})(?::(\d{2}))?$/.exec(name);
    if (!m) return 0;
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    return m[1] === '-' ? -minutes : minutes;
  };
  return all.sort((a, b) => offset(a) - offset(b) || a.localeCompare(b));
}

/** "Europe/Tallinn (GMT+2)". */
export function zoneLabel(timeZone: string, tag: string, at: Date = new Date()): string {
  return `${timeZone.replaceAll('_', ' ')} (${offsetName(timeZone, tag, at)})`;
}

/** Every IANA zone this browser knows, for the therapist's settings. */
export function allZones(): string[] {
  try {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes('UTC') ? zones : [...zones, 'UTC'];
  } catch {
    return [...COMMON_ZONES];
  }
}
