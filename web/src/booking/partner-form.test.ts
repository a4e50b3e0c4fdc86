import { describe, expect, it } from 'vitest';
import { partnersBody, validatePartners } from './partner-form';

describe('validatePartners', () => {
  it('accepts two names and one email', () => {
    expect(
      validatePartners(
        [
          { name: 'Mari', email: 'mari@example.com' },
          { name: 'Jüri', email: '' },
        ],
        { requireEmail: true, consent: { privacy: true, telehealth: true } },
      ),
    ).toEqual({});
  });

  it('names every missing or malformed field', () => {
    expect(
      validatePartners(
        [
          { name: ' ', email: 'nope' },
          { name: 'x'.repeat(81), email: '' },
        ],
        { requireEmail: true, consent: { privacy: false, telehealth: true } },
      ),
    ).toEqual({
      'partners.0.name': 'error.required',
      'partners.0.email': 'error.email',
      'partners.1.name': 'form.error.nameLong',
      'consent.privacy': 'form.error.consent',
    });
  });

  it('asks for at least one email on public bookings only', () => {
    const none = [
      { name: 'A', email: '' },
      { name: 'B', email: '' },
    ];
    expect(validatePartners(none, { requireEmail: true })).toEqual({ partners: 'form.error.oneEmail' });
    expect(validatePartners(none, { requireEmail: false })).toEqual({});
  });
});

describe('partnersBody', () => {
  it('trims and leaves out empty emails', () => {
    expect(
      partnersBody([
        { name: ' Mari ', email: ' Mari@Example.com ' },
        { name: 'Jüri', email: '  ' },
      ]),
    ).toEqual([{ name: 'Mari', email: 'mari@example.com' }, { name: 'Jüri' }]);
  });
});
