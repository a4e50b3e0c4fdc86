import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/schemas';
import { changedSettings, validSlug, validateSettings } from './settings-form';

const saved: Settings = {
  displayName: 'Anna Tamm',
  slug: 'anna',
  timezone: 'Europe/Tallinn',
  locale: 'et',
  sessionMinutes: 90,
  bufferMinutes: 15,
  minNoticeHours: 24,
  horizonDays: 60,
  cancelWindowHours: 24,
  allowUnencrypted: false,
};

describe('changedSettings', () => {
  it('returns only the fields that differ, trimmed', () => {
    expect(changedSettings(saved, { ...saved })).toEqual({});
    expect(changedSettings(saved, { ...saved, displayName: ' Anna  Tamm ', horizonDays: 90 })).toEqual({
      displayName: 'Anna  Tamm',
      horizonDays: 90,
    });
    expect(changedSettings(saved, { ...saved, displayName: 'Anna Tamm ' })).toEqual({});
  });

  it('home practice processes: another order is no change; another set is', () => {
    const withPractice = { ...saved, practiceProcesses: ['couples-dialogue', 'appreciation'] };
    expect(changedSettings(withPractice, { ...withPractice, practiceProcesses: ['appreciation', 'couples-dialogue'] })).toEqual({});
    expect(changedSettings(withPractice, { ...withPractice, practiceProcesses: ['appreciation'] })).toEqual({
      practiceProcesses: ['appreciation'],
    });
    expect(validateSettings({ ...withPractice, practiceProcesses: [] })).toEqual({ practiceProcesses: 'settings.practiceNone' });
  });
});

describe('validateSettings', () => {
  it('accepts the saved settings', () => {
    expect(validateSettings(saved)).toEqual({});
  });

  it('flags a bad slug, an empty name and out-of-range numbers', () => {
    expect(
      validateSettings({ ...saved, displayName: ' ', slug: 'Anna!', sessionMinutes: 10, bufferMinutes: 1.5 }),
    ).toEqual({
      displayName: 'error.required',
      slug: 'settings.slugInvalid',
      sessionMinutes: 'settings.range',
      bufferMinutes: 'settings.range',
    });
  });

  it('applies the same slug rule as the API', () => {
    expect(validSlug('anna-tamm')).toBe(true);
    expect(validSlug('an')).toBe(false);
    expect(validSlug('-anna')).toBe(false);
    expect(validSlug('anna--tamm')).toBe(false);
  });
});
