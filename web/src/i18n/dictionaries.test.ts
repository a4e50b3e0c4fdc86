import { describe, expect, it } from 'vitest';
import { placeholders, type Messages } from './dictionary';
import { common } from './common';
import { landingMessages } from '../landing/messages';
import { bookingMessages } from '../booking/messages';
import { formMessages } from '../booking/form-messages';
import { slotMessages } from '../booking/slot-messages';
import { manageMessages } from '../manage/messages';
import { authMessages } from '../auth/messages';
import { therapistMessages } from '../therapist/messages';
import { sessionMessages } from '../session/messages';
import { betweenMessages } from '../between/messages';
import { privacyNotice, telehealthConsent } from '../legal/content';

const dictionaries: Record<string, Messages<Record<string, string>>> = {
  common,
  landingMessages,
  bookingMessages,
  formMessages,
  slotMessages,
  manageMessages,
  authMessages,
  therapistMessages,
  betweenMessages,
  sessionMessages,
};

describe('message dictionaries', () => {
  for (const [name, m] of Object.entries(dictionaries)) {
    it(`${name}: Estonian has exactly the English keys, none empty, same placeholders`, () => {
      expect(Object.keys(m.et).sort()).toEqual(Object.keys(m.en).sort());
      for (const key of Object.keys(m.en)) {
        expect(m.en[key]!.trim(), `${name}.en.${key}`).not.toBe('');
        expect(m.et[key]!.trim(), `${name}.et.${key}`).not.toBe('');
        expect(placeholders(m.et[key]!), `${name}.${key}`).toEqual(placeholders(m.en[key]!));
      }
    });
  }

  it('no key is defined by two feature dictionaries with different meanings', () => {
    const seen = new Map<string, string>();
    for (const [name, m] of Object.entries(dictionaries)) {
      for (const key of Object.keys(m.en)) {
        expect(seen.get(key), `${key} in ${name} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, name);
      }
    }
  });

  it('legal texts have the same structure in both languages', () => {
    for (const doc of [privacyNotice, telehealthConsent]) {
      expect(doc.et.sections.length).toBe(doc.en.sections.length);
      doc.en.sections.forEach((s, i) => {
        expect(doc.et.sections[i]!.paragraphs.length).toBe(s.paragraphs.length);
        expect(doc.et.sections[i]!.list?.length).toBe(s.list?.length);
      });
    }
  });
});
