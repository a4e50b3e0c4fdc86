import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatTime, formatTimeRange, intlTag, weekdayNames } from './format';

describe('format', () => {
  it('picks the Intl tag per locale and browser language', () => {
    expect(intlTag('et', 'en-US')).toBe('et-EE');
    expect(intlTag('en', 'en-US')).toBe('en-US');
    expect(intlTag('en', 'et-EE')).toBe('en-GB');
    expect(intlTag('en', 'en')).toBe('en-GB');
  });

  it('writes 24-hour times with two digits and 12-hour times with AM/PM', () => {
    const ctx = { tag: 'en-GB', timeZone: 'America/New_York' };
    expect(formatTime('2026-11-26T07:00:00Z', ctx)).toBe('02:00');
    expect(formatTimeRange('2026-11-26T07:00:00Z', '2026-11-26T08:30:00Z', ctx)).toBe('02:00–03:30');
    expect(formatTime('2026-11-26T07:00:00Z', { tag: 'et-EE', timeZone: 'Europe/Tallinn' })).toBe('09:00');
    expect(formatTime('2026-11-26T19:05:00Z', { tag: 'en-US', timeZone: 'UTC' })).toMatch(/^7:05\sPM$/);
  });

  it('formats calendar dates without shifting the day', () => {
    expect(formatCalendarDate('2026-12-24', 'en-GB')).toMatch(/^Thursday,? 24 December 2026$/);
    expect(formatCalendarDate('2026-12-24', 'et-EE')).toMatch(/^neljapäev, 24\. detsember 2026/);
  });

  it('names weekdays from Monday', () => {
    expect(weekdayNames('en-GB')[0]).toBe('Monday');
    expect(weekdayNames('et-EE')[6]).toBe('pühapäev');
  });
});
