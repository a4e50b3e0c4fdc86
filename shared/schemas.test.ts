/** The strict-input rules of shared/schemas.ts: real dates, canonical timezones, safe names. */
import { describe, expect, it } from 'vitest';
import { safeParse } from 'zod/v4/core';
import {
  canonicalTimeZone,
  defaultDisplayName,
  Instant,
  isRealInstant,
  Partner,
  RangeQuery,
  RescheduleRequest,
  SettingsPatch,
} from './schemas';

const ok = (schema: Parameters<typeof safeParse>[0], value: unknown) =>
  safeParse(schema, value).success;

describe('instants exist as written', () => {
  it('accepts real UTC instants with or without seconds and milliseconds', () => {
    for (const v of [
      '2026-12-01T09:00Z',
      '2026-12-01T09:00:00Z',
      '2026-12-01T09:00:00.5Z',
      '2026-12-01T23:59:59.999Z',
      '2028-02-29T00:00:00.000Z',
    ]) {
      expect(isRealInstant(v), v).toBe(true);
      expect(ok(Instant, v), v).toBe(true);
    }
  });

  it('refuses dates and times that do not exist instead of rolling them over', () => {
    for (const v of [
      '2027-02-30T10:00:00Z',
      '2027-02-29T10:00Z',
      '2026-04-31T10:00Z',
      '2026-13-01T10:00Z',
      '2026-00-10T10:00Z',
      '2026-12-00T10:00Z',
      '2027-02-01T24:00Z',
      '2027-02-01T24:00:00.000Z',
      '2027-02-01T10:60Z',
      '2027-02-01T10:00:60Z',
    ]) {
      expect(isRealInstant(v), v).toBe(false);
      expect(ok(Instant, v), v).toBe(false);
    }
  });

  it('the request schemas that carry instants use the strict rule', () => {
    expect(ok(RescheduleRequest, { start: '2027-02-30T10:00:00.000Z' })).toBe(false);
    expect(ok(RangeQuery, { from: '2027-02-01T24:00:00Z' })).toBe(false);
    expect(ok(RangeQuery, { from: '2027-02-01T00:00:00Z', to: '2027-03-01T00:00:00Z' })).toBe(true);
  });
});

describe('timezones are stored in their canonical spelling or refused', () => {
  it('canonicalizes case and aliases', () => {
    expect(canonicalTimeZone('Europe/Tallinn')).toBe('Europe/Tallinn');
    expect(canonicalTimeZone('europe/tallinn')).toBe('Europe/Tallinn');
    expect(canonicalTimeZone('EUROPE/TALLINN')).toBe('Europe/Tallinn');
    expect(canonicalTimeZone('US/Eastern')).toBe('America/New_York');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
    expect(canonicalTimeZone('America/Argentina/Buenos_Aires')).toEqual(expect.any(String));
  });

  it('refuses offsets, unknown names, padding and junk', () => {
    for (const tz of [
      '+02:00',
      'UTC+2',
      'Etc/GMT+2',
      'Mars/Olympus',
      'Europe/Tallinn ',
      ' Europe/Tallinn',
      'Europe/Tallinn\n',
      'Europe//Tallinn',
      '',
      'x'.repeat(65),
    ]) {
      expect(canonicalTimeZone(tz), JSON.stringify(tz)).toBeUndefined();
    }
  });

  it('the settings schema stores the canonical spelling', () => {
    const r = safeParse(SettingsPatch, { timezone: 'europe/helsinki' });
    expect(r.success && r.data.timezone).toBe('Europe/Helsinki');
    expect(ok(SettingsPatch, { timezone: '+03:00' })).toBe(false);
  });
});

describe('names: no control characters, line breaks, bidi overrides or lone surrogates', () => {
  const name = (n: string) => ok(Partner, { name: n });

  it('accepts real names in any script, with accents, apostrophes, hyphens and emoji', () => {
    for (const n of [
      'Ann',
      'Mari-Liis Õunapuu',
      "Seán O'Brien",
      'Анна Иванова',
      'Ελένη',
      'محمد',
      '李小龍',
      'Ann 🌻',
      'Ben (he/him)',
    ]) {
      expect(name(n), n).toBe(true);
    }
  });

  it('refuses control characters, line breaks and separators', () => {
    for (const n of [
      'Ann\nBcc: x@evil.example',
      'Ann\r\nSubject: hi',
      'Ann\tBen',
      'Ann\u0000',
      'Ann\u007f',
      'Ann\u0085Ben',
      'Ann\u2028Ben',
      'Ann\u2029Ben',
      '\nAnn',
      'Ann\n',
    ]) {
      expect(name(n), JSON.stringify(n)).toBe(false);
    }
  });

  it('refuses bidi overrides, embeddings, isolates and marks', () => {
    const bidi = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    for (const cp of [...bidi, 0x200e, 0x200f, 0x061c]) {
      expect(name(`Ann${String.fromCharCode(cp)}gpj.exe`), cp.toString(16)).toBe(false);
    }
  });

  it('refuses lone surrogates but keeps paired ones', () => {
    expect(name('Ann\ud83c')).toBe(false);
    expect(name('\udf3bAnn')).toBe(false);
    expect(name('Ann \ud83c\udf3b')).toBe(true);
  });

  it('trims and stores NFC', () => {
    const r = safeParse(Partner, { name: '  Zoe\u0301  ' });
    expect(r.success && r.data.name).toBe('Zoé');
  });
});

describe('display names carry no links, invisible characters or look-alikes', () => {
  const display = (n: string) => ok(SettingsPatch, { displayName: n });

  it('accepts ordinary practice names', () => {
    for (const n of [
      'Kadri Tamm',
      'Dr. Kadri Tamm',
      'Kadri Tamm, M.Sc.',
      'Ph.D. Jaan Kask',
      'Анна Иванова',
      'Teraapiakeskus Peegel OÜ',
      'Kadri & Jaan',
    ]) {
      expect(display(n), n).toBe(true);
    }
  });

  it('refuses web and email addresses in any spelling', () => {
    for (const n of [
      'https://evil.example',
      'Kadri hxxps://x',
      'www.evil.example',
      'Kadri (tamm.ee)',
      'Book at kadri-tamm.com now',
      'EVIL.COM',
      'evil。com',
      'kadri@tamm.ee',
    ]) {
      expect(display(n), n).toBe(false);
    }
  });

  it('refuses look-alikes: stylised or full-width letters, invisible characters, mixed alphabets', () => {
    for (const n of [
      'Ｋａｄｒｉ Tamm',
      '𝐊𝐚𝐝𝐫𝐢 Tamm',
      'evil．com',
      'Kadri\u200bTamm',
      'Kadri\u00adTamm',
      'Kadri\ufeffTamm',
      'Kаdri Tamm', // Cyrillic а inside a Latin word
      'Pаypal Support',
      'Line\nbreak',
    ]) {
      expect(display(n), JSON.stringify(n)).toBe(false);
    }
  });

  it('slugs stay lowercase ASCII: no Unicode look-alikes, dots, slashes or line breaks', () => {
    for (const slug of ['demо', 'evil.example', 'a/b', 'demo\n', 'Demo', 'dеmo-x']) {
      expect(ok(SettingsPatch, { slug }), JSON.stringify(slug)).toBe(false);
    }
    expect(ok(SettingsPatch, { slug: 'kadri-tamm' })).toBe(true);
  });
});

describe('the first display name of a new account', () => {
  it('is made from the address and passes the display-name rule', () => {
    expect(defaultDisplayName('kadri.tamm@practice.example')).toBe('Kadri Tamm');
    expect(defaultDisplayName('maria@example.com')).toBe('Maria');
    expect(defaultDisplayName('jaan_kask+peegel@example.com')).toBe('Jaan Kask Peegel');
    // A sign-up cannot smuggle a link into email subjects through its address.
    expect(defaultDisplayName('paypal.com@evil.example')).toBe('Paypal Com');
    expect(defaultDisplayName('www.evil.example@evil.example')).toBe('Www Evil Example');
    expect(defaultDisplayName('"a\u202eb"@evil.example')).toBe('A B');
    expect(defaultDisplayName('...@example.com')).toBe('Peegel');
  });
});
