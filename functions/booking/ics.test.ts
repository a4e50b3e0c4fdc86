import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildIcs } from './ics';

const parse = (ics: string) => {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const tz = cal.getFirstSubcomponent('vtimezone');
  if (tz) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return { cal, event: new ICAL.Event(cal.getFirstSubcomponent('vevent')!) };
};

const base = {
  bookingId: 'b1',
  timezone: 'Europe/Tallinn',
  summary: 'Couples session',
  description: 'Peegel video session',
  url: 'http://localhost/manage',
  sequence: 1,
  organizer: { name: 'Maria', email: 'maria@example.com' },
};

describe('.ics invites', () => {
  it('carries the exact instant with the therapist timezone on both sides of a DST change', () => {
    for (const [start, localHour] of [
      ['2026-03-28T08:00:00Z', 10], // EET, UTC+2
      ['2026-03-30T07:00:00Z', 10], // EEST, UTC+3
      ['2026-10-26T08:00:00Z', 10], // EET again
    ] as const) {
      const s = new Date(start);
      const { event, cal } = parse(buildIcs({ ...base, start: s, end: new Date(s.getTime() + 90 * 60_000) }));
      expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(event.startDate.zone?.tzid).toBe('Europe/Tallinn');
      expect(event.startDate.hour).toBe(localHour);
      expect(event.startDate.toJSDate().toISOString()).toBe(s.toISOString());
      expect(event.endDate.toJSDate().getTime() - s.getTime()).toBe(90 * 60_000);
      expect(event.uid).toBe('b1@peegel');
    }
  });

  it('marks a cancellation so calendars remove the event', () => {
    const s = new Date('2026-12-01T08:00:00Z');
    const { cal, event } = parse(buildIcs({ ...base, start: s, end: s, sequence: 3, cancelled: true }));
    expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.sequence).toBe(3);
  });
});
