import { describe, expect, it } from 'vitest';
import { safeParse } from 'zod/v4/core';
import { applyOverlayAction, initialOverlay, overlayView } from '../overlay';
import { DECK } from './content';
import { DeckSchema } from './deck-schema';
import { findSafetyCard, findStem, getStep } from './lookup';
import {
  applyDeckOverrides,
  deckFor,
  deckOverrideProblems,
  DeckOverridesSchema,
  isAddedStemId,
  MAX_ADDED_STEMS,
  newAddedStemId,
  wordingItems,
  type DeckOverrides,
} from './overrides';

const text = (en: string, et: string) => ({ en, et });
const added = (id: string, role: 'S' | 'R' = 'S') => ({ id, role, text: text(`Own ${id}`, `Oma ${id}`) });

const sample: DeckOverrides = {
  texts: {
    'stem:couples-dialogue.send.feel': text('When this happens, I feel …', 'Kui see juhtub, tunnen ma …'),
    'guidance:couples-dialogue': text('Slow and warm.', 'Aeglaselt ja soojalt.'),
    'guidance:couples-dialogue.mirror': text('Mirror only.', 'Ainult peegelda.'),
    'safety:ouch': text('Ow.', 'Ai.'),
    'repair:ouch': text('Let me try again.', 'Proovin uuesti.'),
    'feeling:hurt': text('wounded', 'haavunud'),
    'rule:no-blame': text('No blaming.', 'Ei süüdista.'),
    'stem:palette.scares': text('What frightens me is …', 'Mind hirmutab …'),
  },
  added: { 'couples-dialogue': { send: [added('custom.couples-dialogue.send.a1'), added('custom.couples-dialogue.send.a2', 'R')] } },
};

describe('applyDeckOverrides', () => {
  it('replaces every kind of text by its key and leaves the rest as it was', () => {
    const deck = applyDeckOverrides(DECK, sample);
    expect(findStem('couples-dialogue.send.feel', deck)?.stem.text.et).toBe('Kui see juhtub, tunnen ma …');
    expect(findStem('palette.scares', deck)?.stem.text.en).toBe('What frightens me is …');
    expect(deck.processes[0]?.guidance.et).toBe('Aeglaselt ja soojalt.');
    expect(getStep('couples-dialogue', 'mirror', deck)?.guidance.en).toBe('Mirror only.');
    expect(findSafetyCard('ouch', deck)?.text.et).toBe('Ai.');
    expect(findSafetyCard('ouch', deck)?.repair?.en).toBe('Let me try again.');
    expect(deck.feelings.find((f) => f.id === 'hurt')?.text.et).toBe('haavunud');
    expect(deck.groundRules.find((r) => r.id === 'no-blame')?.text.en).toBe('No blaming.');
    // Untouched items keep their default wording; titles are not overridable.
    expect(findStem('couples-dialogue.send.need', deck)?.stem).toEqual(findStem('couples-dialogue.send.need')?.stem);
    expect(deck.processes.map((p) => p.title)).toEqual(DECK.processes.map((p) => p.title));
  });

  it('adds stems after the step’s own, findable by id in their step', () => {
    const deck = applyDeckOverrides(DECK, sample);
    const stems = getStep('couples-dialogue', 'send', deck)!.stems;
    expect(stems.slice(-2).map((s) => s.id)).toEqual(['custom.couples-dialogue.send.a1', 'custom.couples-dialogue.send.a2']);
    expect(findStem('custom.couples-dialogue.send.a2', deck)).toEqual({
      stem: added('custom.couples-dialogue.send.a2', 'R'),
      location: { kind: 'step', processId: 'couples-dialogue', stepId: 'send' },
    });
    expect(findStem('custom.couples-dialogue.send.a2')).toBeUndefined();
  });

  it('passes the deck schema and changes neither input', () => {
    const before = JSON.stringify(DECK);
    const input = JSON.stringify(sample);
    expect(DeckSchema.safeParse(applyDeckOverrides(DECK, sample)).success).toBe(true);
    expect(JSON.stringify(DECK)).toBe(before);
    expect(JSON.stringify(sample)).toBe(input);
  });

  it('skips keys and steps the deck does not have (stored against an older deck)', () => {
    const deck = applyDeckOverrides(DECK, {
      texts: { 'stem:gone.stem': text('a', 'b'), 'feeling:gone': text('a', 'b') },
      added: { gone: { step: [added('custom.gone.step.x')] } },
    });
    expect(deck).toEqual(DECK);
  });

  it('reset to default is removing the key', () => {
    const { ['feeling:hurt']: _removed, ...rest } = sample.texts;
    const deck = applyDeckOverrides(DECK, { ...sample, texts: rest });
    expect(deck.feelings.find((f) => f.id === 'hurt')?.text).toEqual(DECK.feelings.find((f) => f.id === 'hurt')?.text);
  });
});

describe('deckOverrideProblems', () => {
  it('accepts a valid set', () => {
    expect(deckOverrideProblems(sample)).toEqual([]);
  });

  it('names unknown keys, unknown steps, ids outside the namespace and duplicates', () => {
    const problems = deckOverrideProblems({
      texts: { 'stem:nope': text('a', 'b'), 'couples-dialogue.send.feel': text('a', 'b') },
      added: {
        'couples-dialogue': {
          send: [added('couples-dialogue.send.feel'), added('custom.appreciation.send.x'), added('custom.couples-dialogue.send.d'), added('custom.couples-dialogue.send.d')],
          nowhere: [added('custom.couples-dialogue.nowhere.x')],
        },
      },
    });
    expect(problems.map((p) => p.id)).toEqual([
      'stem:nope',
      'couples-dialogue.send.feel',
      'couples-dialogue.send.feel',
      'custom.appreciation.send.x',
      'custom.couples-dialogue.send.d',
      'couples-dialogue.nowhere',
    ]);
  });

  it(`allows at most ${MAX_ADDED_STEMS} added stems and 300 texts`, () => {
    const many = Array.from({ length: MAX_ADDED_STEMS + 1 }, (_, i) => added(`custom.frustration.${['concern', 'feeling', 'hurt'][i % 3]}.n${i}`));
    const byStep: Record<string, ReturnType<typeof added>[]> = {};
    for (const s of many) (byStep[s.id.split('.')[2]!] ??= []).push(s);
    expect(deckOverrideProblems({ texts: {}, added: { frustration: byStep } }).map((p) => p.id)).toEqual(['added']);

    const keys = [...wordingItems().keys()];
    expect(keys.length).toBeGreaterThan(100);
    const texts = Object.fromEntries(keys.map((k) => [k, text('x', 'y')]));
    const tooMany = keys.length > 300;
    expect(deckOverrideProblems({ texts, added: {} }).some((p) => p.id === 'texts')).toBe(tooMany);
  });
});

describe('DeckOverridesSchema', () => {
  it('wants both languages, non-empty, at most 300 characters, on one line; trims', () => {
    const parse = (t: unknown) => safeParse(DeckOverridesSchema, { texts: { 'feeling:hurt': t }, added: {} });
    expect(parse(text('  wounded ', 'haavunud')).data?.texts['feeling:hurt']).toEqual(text('wounded', 'haavunud'));
    expect(parse({ en: 'wounded' }).success).toBe(false);
    expect(parse(text('wounded', '   ')).success).toBe(false);
    expect(parse(text('x'.repeat(301), 'y')).success).toBe(false);
    expect(parse(text('x'.repeat(300), 'y')).success).toBe(true);
    expect(parse(text('two\nlines', 'y')).success).toBe(false);
  });
});

describe('added stem ids', () => {
  it('live in custom.<process>.<step>.<suffix> and are never handed out twice', () => {
    const first = newAddedStemId('couples-dialogue', 'send', [], 1_000);
    expect(first).toBe('custom.couples-dialogue.send.rs');
    expect(newAddedStemId('couples-dialogue', 'send', [first], 1_000)).not.toBe(first);
    expect(isAddedStemId(first, 'couples-dialogue', 'send')).toBe(true);
    expect(isAddedStemId(first, 'couples-dialogue', 'mirror')).toBe(false);
    expect(isAddedStemId('couples-dialogue.send.feel')).toBe(false);
    // No built-in stem uses the namespace.
    expect([...wordingItems().values()].some((i) => i.id.startsWith('custom.'))).toBe(false);
  });
});

describe('deckFor', () => {
  it('is the built-in deck without overrides, and the same merged deck for the same object', () => {
    expect(deckFor(null)).toBe(DECK);
    expect(deckFor(undefined)).toBe(DECK);
    expect(deckFor({ texts: {}, added: {} })).toBe(DECK);
    expect(deckFor(sample)).toBe(deckFor(sample));
    expect(deckFor(sample)).not.toBe(DECK);
  });

  it('lets the reducer show an added stem and the view resolve it, with ids only in the state', () => {
    const deck = deckFor(sample);
    let state = initialOverlay();
    for (const stepId of ['send'] as const) {
      const r = applyOverlayAction(state, { type: 'goToStep', stepId }, new Date(), deck);
      if (r.ok) state = r.state;
    }
    const refused = applyOverlayAction(state, { type: 'showStem', stemId: 'custom.couples-dialogue.send.a1' }, new Date());
    expect(refused).toMatchObject({ ok: false, code: 'unknown_stem' });
    const shown = applyOverlayAction(state, { type: 'showStem', stemId: 'custom.couples-dialogue.send.a1' }, new Date(), deck);
    expect(shown.ok && shown.state.card).toEqual({ kind: 'stem', stemId: 'custom.couples-dialogue.send.a1' });
    if (!shown.ok) return;
    expect(overlayView(shown.state, 'et', deck).card).toMatchObject({ kind: 'stem', text: 'Oma custom.couples-dialogue.send.a1', speaker: 'A' });
    expect(overlayView(shown.state, 'et').card).toBeNull();
  });
});
