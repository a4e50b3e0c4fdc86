/** Calendar invites (.ics) for a booking, with the therapist's timezone and its VTIMEZONE block. */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { TZDate } from '@date-fns/tz';
import { tzlib_get_ical_block } from 'timezones-ical-library';

export interface InviteEvent {
  bookingId: string;
  start: Date;
  end: Date;
  timezone: string;
  summary: string;
  description: string;
  url: string;
  /** Increases with every change, so calendars replace the earlier version. */
  sequence: number;
  cancelled?: boolean;
  organizer: { name: string; email: string };
}

/**
 * Builds a one-event calendar. DTSTART/DTEND carry the therapist's TZID with a matching
 * VTIMEZONE, so calendar apps show the correct instant on either side of a DST change.
 */
export function buildIcs(e: InviteEvent): string {
  const cal = ical({
    prodId: { company: 'Peegel', product: 'Peegel', language: 'EN' },
    method: e.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: e.timezone, generator: (tz) => tzlib_get_ical_block(tz)[0] ?? null },
  });
  cal.createEvent({
    id: `${e.bookingId}@peegel`,
    sequence: e.sequence,
    // Zoned dates, so the wall time is written in the therapist's zone (a plain Date would be
    // written in the server's local time under the TZID).
    start: new TZDate(e.start.getTime(), e.timezone),
    end: new TZDate(e.end.getTime(), e.timezone),
    timezone: e.timezone,
    summary: e.summary,
    description: e.description,
    url: e.url,
    status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: e.organizer,
  });
  return cal.toString();
}
