import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildIcs, escapeText, foldLine, icsUtc } from './ics';

describe('buildIcs', () => {
  const text = buildIcs({
    uid: 'booking-123@peegel',
    start: '2026-10-25T07:00:00.000Z',
    end: '2026-10-25T08:30:00.000Z',
    summary: 'Paariteraapia: Mari & Jüri; Peegel',
    description: 'Liitu 10 minutit enne algust:\nhttps://peegel.example/session/booking-123',
    url: 'https://peegel.example/session/booking-123',
    stamp: new Date('2026-10-01T12:00:00Z'),
  });

  it('parses with a real iCalendar parser to the same instants', () => {
    const comp = new ICAL.Component(ICAL.parse(text));
    const event = new ICAL.Event(comp.getFirstSubcomponent('vevent')!);
    expect(event.uid).toBe('booking-123@peegel');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-10-25T07:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-10-25T08:30:00.000Z');
    expect(event.summary).toBe('Paariteraapia: Mari & Jüri; Peegel');
    expect(event.description).toContain('https://peegel.example/session/booking-123');
    expect(event.description).toContain('\n');
  });

  it('uses CRLF line endings and lines of at most 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    for (const line of text.split('\r\n')) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    }
  });

  it('marks a cancelled event', () => {
    const cancelled = buildIcs({ uid: 'x', start: new Date(0), end: new Date(1), summary: 's', cancelled: true });
    expect(cancelled).toContain('STATUS:CANCELLED');
  });
});

describe('ics pieces', () => {
  it('formats UTC instants', () => {
    expect(icsUtc('2026-03-29T01:30:00.000Z')).toBe('20260329T013000Z');
  });
  it('escapes text values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });
  it('folds long lines without splitting characters', () => {
    const folded = foldLine('DESCRIPTION:' + 'ä'.repeat(100));
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe('DESCRIPTION:' + 'ä'.repeat(100));
  });
});
