/**
 * A therapist's own wording of the deck: texts that replace the default wording of a stem, a
 * guidance line or a card, and stem cards they add to a step — every one in `en` and `et`.
 * Stored per therapist (the profile's `deckOverrides`), applied with `applyDeckOverrides`; the
 * overlay keeps ids only, so an added card has an id too, in the reserved `custom.` namespace.
 *
 * Keys of `texts` name the kind of item first, because plain ids of different kinds can be the
 * same (`hurt` is a feeling and a step of the Frustration Dialogue):
 *
 * | key                          | replaces                                   |
 * |------------------------------|--------------------------------------------|
 * | `stem:<stem id>`             | a stem of a step or of the palette          |
 * | `guidance:<process>`         | a process's guidance for the therapist      |
 * | `guidance:<process>.<step>`  | a step's guidance for the therapist         |
 * | `safety:<card id>`           | a safety or pace card's text                |
 * | `repair:<card id>`           | a safety card's repair line (`ouch`)        |
 * | `feeling:<feeling id>`       | a word of the feelings card                 |
 * | `rule:<ground rule id>`      | a ground rule                               |
 */
import * as z from 'zod/mini';
import { isSafeName } from '../schemas';
import { DECK } from './content';
import type { Deck, Localized, Stem, StemRole } from './types';

/** Longest text of an overridden or added item, per language. */
export const MAX_WORDING_LENGTH = 300;
/** Most overridden texts per therapist. */
export const MAX_OVERRIDDEN_TEXTS = 300;
/** Most added stem cards per therapist, over all steps. */
export const MAX_ADDED_STEMS = 50;
/** Most stems in one step, its own and added ones (the deck schema's limit). */
export const MAX_STEMS_PER_STEP = 40;
/** The namespace of added stem ids: `custom.<process>.<step>.<suffix>`. */
export const ADDED_STEM_PREFIX = 'custom.';

export interface DeckOverrides {
  /** New wording by item key (see the table above); a key absent means the default wording. */
  texts: Record<string, Localized>;
  /** Stem cards added after a step's own stems: process id → step id → stems. */
  added: Record<string, Record<string, Stem[]>>;
}

/** No override: the default deck. */
export const NO_OVERRIDES: DeckOverrides = Object.freeze({
  texts: Object.freeze({}),
  added: Object.freeze({}),
}) as DeckOverrides;

const WordingText = z.string().check(
  z.refine(isSafeName, 'No control characters, line breaks or text-direction overrides'),
  z.trim(),
  z.normalize('NFC'),
  z.minLength(1, 'Write the text in this language'),
  z.maxLength(MAX_WORDING_LENGTH, `At most ${MAX_WORDING_LENGTH} characters`),
);
const WordingLocalized = z.strictObject({ en: WordingText, et: WordingText });
const Key = z.string().check(z.minLength(1), z.maxLength(200));
const AddedStemSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(160)),
  role: z.enum(['S', 'R']),
  text: WordingLocalized,
});

/**
 * The shape of `DeckOverrides` (types, lengths, both languages, texts trimmed). Which items the
 * keys name and the limits on counts are `deckOverrideProblems`'s job.
 */
export const DeckOverridesSchema = z.strictObject({
  texts: z.record(Key, WordingLocalized),
  added: z.record(Key, z.record(Key, z.array(AddedStemSchema).check(z.maxLength(MAX_STEMS_PER_STEP)))),
});

/** `PUT /api/me/deck`: the whole set of overrides, written on the version it was edited from. */
export const DeckOverridesRequest = z.strictObject({
  overrides: DeckOverridesSchema,
  baseVersion: z.number().check(z.int(), z.minimum(0)),
});

/** What kind of item a wording key names. */
export type WordingKind = 'stem' | 'guidance' | 'safety' | 'repair' | 'feeling' | 'rule';

/** One overridable text of the deck, with its default wording. */
export interface WordingItem {
  key: string;
  kind: WordingKind;
  /** The item's own id (a stem id, `<process>.<step>`, a card id …). */
  id: string;
  /** Who the stem is for (stems only). */
  role?: StemRole;
  text: Localized;
}

/** The key of an item in `DeckOverrides.texts`. @example wordingKey('feeling', 'hurt') // 'feeling:hurt' */
export const wordingKey = (kind: WordingKind, id: string) => `${kind}:${id}`;

/**
 * Every text of `deck` a therapist can reword, by key, in deck order (processes with their
 * guidance, steps' guidance and stems; the palette; safety cards and their repair lines;
 * feelings; ground rules).
 *
 * @example wordingItems().get('stem:palette.scares')?.text.et
 */
export function wordingItems(deck: Deck = DECK): Map<string, WordingItem> {
  const items = new Map<string, WordingItem>();
  const add = (kind: WordingKind, id: string, text: Localized, role?: StemRole) =>
    items.set(wordingKey(kind, id), { key: wordingKey(kind, id), kind, id, text, ...(role && { role }) });
  for (const p of deck.processes) {
    add('guidance', p.id, p.guidance);
    for (const s of p.steps) {
      add('guidance', `${p.id}.${s.id}`, s.guidance);
      for (const stem of s.stems) add('stem', stem.id, stem.text, stem.role);
    }
  }
  for (const stem of deck.palette) add('stem', stem.id, stem.text, stem.role);
  for (const c of deck.safetyCards) {
    add('safety', c.id, c.text);
    if (c.repair) add('repair', c.id, c.repair);
  }
  for (const f of deck.feelings) add('feeling', f.id, f.text);
  for (const r of deck.groundRules) add('rule', r.id, r.text);
  return items;
}

/**
 * Is `id` a well-formed id for a stem added to step `stepId` of process `processId`?
 *
 * @example isAddedStemId('custom.couples-dialogue.send.m3k9', 'couples-dialogue', 'send') // true
 */
export function isAddedStemId(id: string, processId?: string, stepId?: string): boolean {
  const match = /^custom\.([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z0-9]{1,16})$/.exec(id);
  if (!match) return false;
  return (processId === undefined || match[1] === processId) && (stepId === undefined || match[2] === stepId);
}

/**
 * A fresh id for a stem added to a step: `custom.<process>.<step>.<suffix>`, different from
 * every id in `taken`. The suffix comes from the clock, so an id is not handed out again after
 * its card was removed (old timelines keep pointing at nothing rather than at another card).
 *
 * @example newAddedStemId('couples-dialogue', 'send', []) // 'custom.couples-dialogue.send.m3k9x2a1'
 */
export function newAddedStemId(processId: string, stepId: string, taken: Iterable<string>, now = Date.now()): string {
  const used = new Set(taken);
  for (let n = now; ; n++) {
    const id = `${ADDED_STEM_PREFIX}${processId}.${stepId}.${n.toString(36)}`;
    if (!used.has(id)) return id;
  }
}

/** One thing wrong with a set of overrides: the key or stem id it concerns, and why. */
export interface DeckOverrideProblem {
  id: string;
  message: string;
}

/**
 * What keeps `overrides` from being stored for `deck`: keys that name no item, added stems on a
 * step that does not exist or with an id outside `custom.<process>.<step>.`, duplicate ids, and
 * the limits (texts, added stems, stems per step). Empty when all is well. The shape (both
 * languages, lengths) is `DeckOverridesSchema`'s; the server also runs the merged deck through
 * the deck schema.
 *
 * @example deckOverrideProblems({ texts: { 'stem:nope': t }, added: {} }) // [{ id: 'stem:nope', … }]
 */
export function deckOverrideProblems(overrides: DeckOverrides, deck: Deck = DECK): DeckOverrideProblem[] {
  const problems: DeckOverrideProblem[] = [];
  const items = wordingItems(deck);
  const keys = Object.keys(overrides.texts);
  for (const key of keys) {
    if (!items.has(key)) problems.push({ id: key, message: 'No item of the deck has this key' });
  }
  if (keys.length > MAX_OVERRIDDEN_TEXTS) {
    problems.push({ id: 'texts', message: `At most ${MAX_OVERRIDDEN_TEXTS} texts can be reworded` });
  }
  const seen = new Set<string>();
  let count = 0;
  for (const [processId, steps] of Object.entries(overrides.added)) {
    const process = deck.processes.find((p) => p.id === processId);
    for (const [stepId, stems] of Object.entries(steps)) {
      const step = process?.steps.find((s) => s.id === stepId);
      if (!step) {
        problems.push({ id: `${processId}.${stepId}`, message: 'No step of the deck has this id' });
        continue;
      }
      if (step.stems.length + stems.length > MAX_STEMS_PER_STEP) {
        problems.push({ id: `${processId}.${stepId}`, message: `At most ${MAX_STEMS_PER_STEP} cards in one step` });
      }
      for (const stem of stems) {
        count++;
        if (!isAddedStemId(stem.id, processId, stepId)) {
          problems.push({ id: stem.id, message: `An added card's id must be ${ADDED_STEM_PREFIX}${processId}.${stepId}.<letters and digits>` });
        } else if (seen.has(stem.id)) {
          problems.push({ id: stem.id, message: 'Two added cards have this id' });
        }
        seen.add(stem.id);
      }
    }
  }
  if (count > MAX_ADDED_STEMS) {
    problems.push({ id: 'added', message: `At most ${MAX_ADDED_STEMS} cards can be added` });
  }
  return problems;
}

/**
 * `deck` with the therapist's wording: overridden texts replaced, added stems after each step's
 * own. Returns a new deck and leaves both inputs alone. Lenient on purpose: a key or step the deck
 * no longer has is skipped (overrides stored against an older deck keep working), so validate
 * with `deckOverrideProblems` before storing, not here.
 *
 * @example applyDeckOverrides(DECK, { texts: { 'feeling:hurt': { en: 'wounded', et: 'haavunud' } }, added: {} })
 */
export function applyDeckOverrides(deck: Deck, overrides: DeckOverrides): Deck {
  const texts = overrides.texts;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(texts, key);
  const text = (kind: WordingKind, id: string, fallback: Localized): Localized => {
    const key = wordingKey(kind, id);
    const o = has(key) ? texts[key] : undefined;
    return o ? { en: o.en, et: o.et } : fallback;
  };
  const stem = (s: Stem): Stem => ({ id: s.id, role: s.role, text: text('stem', s.id, s.text) });
  const addedTo = (processId: string, stepId: string): Stem[] => {
    const steps = Object.prototype.hasOwnProperty.call(overrides.added, processId) ? overrides.added[processId] : undefined;
    const stems = steps && Object.prototype.hasOwnProperty.call(steps, stepId) ? steps[stepId] : undefined;
    return (stems ?? []).map((s) => ({ id: s.id, role: s.role, text: { en: s.text.en, et: s.text.et } }));
  };
  return {
    ...deck,
    processes: deck.processes.map((p) => ({
      ...p,
      guidance: text('guidance', p.id, p.guidance),
      steps: p.steps.map((s) => ({
        ...s,
        guidance: text('guidance', `${p.id}.${s.id}`, s.guidance),
        stems: [...s.stems.map(stem), ...addedTo(p.id, s.id)],
      })),
    })),
    palette: deck.palette.map(stem),
    safetyCards: deck.safetyCards.map((c) => ({
      ...c,
      text: text('safety', c.id, c.text),
      ...(c.repair && { repair: text('repair', c.id, c.repair) }),
    })),
    feelings: deck.feelings.map((f) => ({ ...f, text: text('feeling', f.id, f.text) })),
    groundRules: deck.groundRules.map((r) => ({ ...r, text: text('rule', r.id, r.text) })),
  };
}

/** Does `overrides` change nothing? */
export function isEmptyOverrides(overrides: DeckOverrides | null | undefined): boolean {
  if (!overrides) return true;
  return (
    Object.keys(overrides.texts).length === 0 &&
    Object.values(overrides.added).every((steps) => Object.values(steps).every((stems) => stems.length === 0))
  );
}

const merged = new WeakMap<DeckOverrides, Deck>();

/**
 * The deck a therapist's sessions use: the built-in deck with their overrides, computed once per
 * overrides object (pass the same object, e.g. `SessionView.deckOverrides`, to get the same deck
 * back). No overrides: the built-in `DECK` itself.
 *
 * @example overlayView(overlay, locale, deckFor(view.deckOverrides))
 */
export function deckFor(overrides: DeckOverrides | null | undefined): Deck {
  if (isEmptyOverrides(overrides)) return DECK;
  const o = overrides as DeckOverrides;
  let deck = merged.get(o);
  if (!deck) {
    deck = applyDeckOverrides(DECK, o);
    merged.set(o, deck);
  }
  return deck;
}
