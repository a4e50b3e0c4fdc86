import { describe, expect, it } from 'vitest';
import { DECK } from '../../../shared/dialogues/content';
import { wordingItems } from '../../../shared/dialogues/overrides';
import {
  addStem,
  draftFrom,
  isOverridden,
  overridesFrom,
  removeStem,
  resetItem,
  sectionsOf,
  validateDraft,
} from './wording';

const items = wordingItems();
const feel = items.get('stem:couples-dialogue.send.feel')!;
const hurt = items.get('feeling:hurt')!;

describe('the Wording page', () => {
  it('lays out every overridable item once: processes by step, palette, safety, feelings, rules', () => {
    const sections = sectionsOf();
    expect(sections.map((s) => s.id)).toEqual([
      ...DECK.processes.map((p) => `process:${p.id}`),
      'palette',
      'safety',
      'feelings',
      'rules',
    ]);
    const keys = sections.flatMap((s) => [...s.items, ...s.steps.flatMap((g) => g.items)].map((i) => i.key));
    expect(keys.sort()).toEqual([...items.keys()].sort());
    expect(sections.find((s) => s.id === 'safety')!.items.map((i) => i.key)).toContain('repair:ouch');
  });

  it('saves only texts that differ from the default, one line and trimmed; reset removes the override', () => {
    const draft = draftFrom({ texts: { 'feeling:hurt': { en: 'wounded', et: 'haavunud' } }, added: {} });
    expect(draft.texts['feeling:hurt']).toEqual({ en: 'wounded', et: 'haavunud' });
    expect(draft.texts[feel.key]).toEqual(feel.text);
    expect(isOverridden(draft, hurt)).toBe(true);
    expect(isOverridden(draft, feel)).toBe(false);

    draft.texts[feel.key]!.et = '  Kui see juhtub,\ntunnen ma … ';
    draft.texts['rule:no-blame'] = { ...items.get('rule:no-blame')!.text };
    expect(overridesFrom(draft).texts).toEqual({
      'feeling:hurt': { en: 'wounded', et: 'haavunud' },
      [feel.key]: { en: feel.text.en, et: 'Kui see juhtub, tunnen ma …' },
    });

    resetItem(draft, hurt);
    expect(isOverridden(draft, hurt)).toBe(false);
    expect(Object.keys(overridesFrom(draft).texts)).toEqual([feel.key]);
  });

  it('adds cards with fresh ids in the custom namespace, removes them, and drops empty steps', () => {
    const draft = draftFrom({ texts: {}, added: {} });
    expect(addStem(draft, 'couples-dialogue', 'send', 'S', { en: 'I long for …', et: 'Ma igatsen …' }, 1000)).toBe(true);
    expect(addStem(draft, 'couples-dialogue', 'send', 'R', { en: 'You long for …', et: 'Sa igatsed …' }, 1000)).toBe(true);
    const stems = overridesFrom(draft).added['couples-dialogue']!.send!;
    expect(stems.map((s) => s.id)).toEqual(['custom.couples-dialogue.send.rs', 'custom.couples-dialogue.send.rt']);
    expect(stems[1]).toMatchObject({ role: 'R', text: { et: 'Sa igatsed …' } });
    removeStem(draft, 'couples-dialogue', 'send', 'custom.couples-dialogue.send.rs');
    removeStem(draft, 'couples-dialogue', 'send', 'custom.couples-dialogue.send.rt');
    expect(overridesFrom(draft).added).toEqual({});
  });

  it('stops at 50 added cards', () => {
    const draft = draftFrom({ texts: {}, added: {} });
    for (let i = 0; i < 50; i++) expect(addStem(draft, 'frustration', 'concern', 'S', { en: 'a', et: 'b' }, i)).toBe(true);
    expect(addStem(draft, 'frustration', 'concern', 'S', { en: 'a', et: 'b' }, 99)).toBe(false);
  });

  it('names each empty or too long language, for items and added cards', () => {
    const draft = draftFrom({ texts: {}, added: {} });
    draft.texts[hurt.key] = { en: ' ', et: 'x'.repeat(301) };
    addStem(draft, 'couples-dialogue', 'send', 'S', { en: 'fine', et: '' }, 5);
    expect(validateDraft(draft)).toEqual({
      [hurt.key]: { en: 'empty', et: 'tooLong' },
      'custom.couples-dialogue.send.5': { et: 'empty' },
    });
  });
});
