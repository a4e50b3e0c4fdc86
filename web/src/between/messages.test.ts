import { describe, expect, it } from 'vitest';
import { placeholders } from '../i18n/dictionary';
import { common } from '../i18n/common';
import { manageMessages } from '../manage/messages';
import { therapistMessages } from '../therapist/messages';
import { sessionMessages } from '../session/messages';
import { betweenMessages } from './messages';

describe('Between-sessions messages', () => {
  it('Estonian has exactly the English keys, none empty, same placeholders', () => {
    const m = betweenMessages;
    expect(Object.keys(m.et).sort()).toEqual(Object.keys(m.en).sort());
    for (const key of Object.keys(m.en) as (keyof typeof m.en)[]) {
      expect(m.en[key].trim(), `en.${key}`).not.toBe('');
      expect(m.et[key].trim(), `et.${key}`).not.toBe('');
      expect(placeholders(m.et[key]), key).toEqual(placeholders(m.en[key]));
    }
  });

  it('shares no key with the dictionaries it is merged with', () => {
    for (const other of [common, manageMessages, therapistMessages, sessionMessages]) {
      const clash = Object.keys(betweenMessages.en).filter((k) => k in other.en);
      expect(clash).toEqual([]);
    }
  });

  it('Estonian uses the spaced en dash and Estonian quotes', () => {
    for (const [key, text] of Object.entries(betweenMessages.et)) {
      expect(text, key).not.toMatch(/—|\S–\S|"/);
    }
  });
});
