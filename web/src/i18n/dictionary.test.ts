import { describe, expect, it } from 'vitest';
import { defineMessages, interpolate, localeFromLanguage, mergeMessages, translate } from './dictionary';

describe('dictionary', () => {
  const a = defineMessages({ hi: 'Hello, {name}' }, { hi: 'Tere, {name}' });
  const b = defineMessages({ bye: 'Bye' }, { bye: 'Head aega' });

  it('translates with placeholders', () => {
    expect(translate(a, 'et', 'hi', { name: 'Mari' })).toBe('Tere, Mari');
    expect(interpolate('{n} min, {x}', { n: 90 })).toBe('90 min, {x}');
  });

  it('merges feature dictionaries', () => {
    const m = mergeMessages(a, b);
    expect(translate(m, 'en', 'bye')).toBe('Bye');
    expect(translate(m, 'et', 'hi', { name: 'Jüri' })).toBe('Tere, Jüri');
  });

  it('requires the Estonian keys to match the English ones at compile time', () => {
    // @ts-expect-error — `et` lacks a key
    defineMessages({ one: '1', two: '2' }, { one: '1' });
    // @ts-expect-error — `et` has an extra key
    defineMessages({ one: '1' }, { one: '1', three: '3' });
  });

  it('picks Estonian only for et-* browsers', () => {
    expect(localeFromLanguage('et-EE')).toBe('et');
    expect(localeFromLanguage('et')).toBe('et');
    expect(localeFromLanguage('en-US')).toBe('en');
    expect(localeFromLanguage('fi')).toBe('en');
    expect(localeFromLanguage(undefined)).toBe('en');
  });
});
