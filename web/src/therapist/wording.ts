/**
 * The Wording page's rules, without the page: the deck laid out in sections, the draft the page
 * edits (every item's text in both languages, and the added cards), what is overridden, reset,
 * checked and sent to `PUT /api/me/deck`.
 */
import { DECK } from '../../../shared/dialogues/content';
import {
  MAX_ADDED_STEMS,
  MAX_WORDING_LENGTH,
  newAddedStemId,
  wordingItems,
  wordingKey,
  type DeckOverrides,
  type WordingItem,
} from '../../../shared/dialogues/overrides';
import type { Deck, Localized, Stem, StemRole } from '../../../shared/dialogues/types';

export type Lang = 'en' | 'et';
export const LANGS: readonly Lang[] = ['et', 'en'];

/** A part of the deck the page shows at once. */
export type SectionId = `process:${string}` | 'palette' | 'safety' | 'feelings' | 'rules';

export interface StepGroup {
  processId: string;
  stepId: string;
  title: Localized;
  /** The step's guidance, then its own stems. */
  items: WordingItem[];
}

export interface Section {
  id: SectionId;
  /** For a process: its title; else null (the page names the section). */
  title: Localized | null;
  /** Items outside steps: a process's guidance, the palette, the cards and lists. */
  items: WordingItem[];
  steps: StepGroup[];
}

/** The sections in deck order: each process, the palette, safety cards, feelings, ground rules. */
export function sectionsOf(deck: Deck = DECK): Section[] {
  const items = wordingItems(deck);
  const item = (kind: WordingItem['kind'], id: string) => items.get(wordingKey(kind, id))!;
  const processes: Section[] = deck.processes.map((p) => ({
    id: `process:${p.id}`,
    title: p.title,
    items: [item('guidance', p.id)],
    steps: p.steps.map((s) => ({
      processId: p.id,
      stepId: s.id,
      title: s.title,
      items: [item('guidance', `${p.id}.${s.id}`), ...s.stems.map((stem) => item('stem', stem.id))],
    })),
  }));
  const list = (id: SectionId, kinds: WordingItem['kind'][]): Section => ({
    id,
    title: null,
    items: [...items.values()].filter((i) => kinds.includes(i.kind)),
    steps: [],
  });
  return [
    ...processes,
    { id: 'palette', title: null, items: deck.palette.map((s) => item('stem', s.id)), steps: [] },
    list('safety', ['safety', 'repair']),
    list('feelings', ['feeling']),
    list('rules', ['rule']),
  ];
}

/** What the page edits: every item's current text, and the added cards. */
export interface WordingDraft {
  texts: Record<string, { en: string; et: string }>;
  added: Record<string, Record<string, { id: string; role: StemRole; text: { en: string; et: string } }[]>>;
}

/** The draft for saved `overrides`: each item's override, or its default. */
export function draftFrom(overrides: DeckOverrides, deck: Deck = DECK): WordingDraft {
  const texts: WordingDraft['texts'] = {};
  for (const [key, item] of wordingItems(deck)) {
    const text = overrides.texts[key] ?? item.text;
    texts[key] = { en: text.en, et: text.et };
  }
  const added: WordingDraft['added'] = {};
  for (const [processId, steps] of Object.entries(overrides.added)) {
    for (const [stepId, stems] of Object.entries(steps)) {
      added[processId] ??= {};
      added[processId][stepId] = stems.map((s) => ({ id: s.id, role: s.role, text: { en: s.text.en, et: s.text.et } }));
    }
  }
  return { texts, added };
}

/** One line, single spaces at the ends trimmed: how the server stores a text. */
const clean = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();

/** Does the draft's text of `key` differ from the default? */
export function isOverridden(draft: WordingDraft, item: WordingItem): boolean {
  const text = draft.texts[item.key];
  return !!text && (clean(text.en) !== item.text.en || clean(text.et) !== item.text.et);
}

/** Puts `key` back to its default wording (saving then removes its override). */
export function resetItem(draft: WordingDraft, item: WordingItem): void {
  draft.texts[item.key] = { en: item.text.en, et: item.text.et };
}

/** The overrides to save: only texts that differ from the default, and the added cards. */
export function overridesFrom(draft: WordingDraft, deck: Deck = DECK): DeckOverrides {
  const texts: Record<string, Localized> = {};
  for (const item of wordingItems(deck).values()) {
    const text = draft.texts[item.key];
    if (text && isOverridden(draft, item)) texts[item.key] = { en: clean(text.en), et: clean(text.et) };
  }
  const added: DeckOverrides['added'] = {};
  for (const [processId, steps] of Object.entries(draft.added)) {
    for (const [stepId, stems] of Object.entries(steps)) {
      if (stems.length === 0) continue;
      added[processId] ??= {};
      added[processId][stepId] = stems.map(
        (s): Stem => ({ id: s.id, role: s.role, text: { en: clean(s.text.en), et: clean(s.text.et) } }),
      );
    }
  }
  return { texts, added };
}

export const countAdded = (draft: WordingDraft) =>
  Object.values(draft.added).reduce((n, steps) => n + Object.values(steps).reduce((m, s) => m + s.length, 0), 0);

/** A new card on a step, with a fresh id in the `custom.` namespace; false when the limit is reached. */
export function addStem(
  draft: WordingDraft,
  processId: string,
  stepId: string,
  role: StemRole,
  text: { en: string; et: string },
  now = Date.now(),
): boolean {
  if (countAdded(draft) >= MAX_ADDED_STEMS) return false;
  const taken = Object.values(draft.added).flatMap((steps) => Object.values(steps).flatMap((s) => s.map((x) => x.id)));
  const id = newAddedStemId(processId, stepId, taken, now);
  // Assignments only (no push into a new array): the page's draft is a deep Svelte proxy.
  const steps = draft.added[processId] ?? {};
  const stem = { id, role, text: { en: text.en, et: text.et } };
  draft.added[processId] = { ...steps, [stepId]: [...(steps[stepId] ?? []), stem] };
  return true;
}

export function removeStem(draft: WordingDraft, processId: string, stepId: string, id: string): void {
  const steps = draft.added[processId];
  const stems = steps?.[stepId];
  if (steps && stems) draft.added[processId] = { ...steps, [stepId]: stems.filter((s) => s.id !== id) };
}

/** What is wrong with one language of a text: nothing, empty, or too long. */
export type TextProblem = 'empty' | 'tooLong' | null;

export function textProblem(s: string): TextProblem {
  const t = clean(s);
  if (t.length === 0) return 'empty';
  if (t.length > MAX_WORDING_LENGTH) return 'tooLong';
  return null;
}

/**
 * Problems by item key (or added card id) and language; empty when the draft can be saved.
 *
 * @example validateDraft(draft)['feeling:hurt']?.et // 'empty'
 */
export function validateDraft(draft: WordingDraft): Record<string, Partial<Record<Lang, Exclude<TextProblem, null>>>> {
  const out: Record<string, Partial<Record<Lang, Exclude<TextProblem, null>>>> = {};
  const check = (id: string, text: { en: string; et: string }) => {
    for (const lang of LANGS) {
      const problem = textProblem(text[lang]);
      if (problem) (out[id] ??= {})[lang] = problem;
    }
  };
  for (const [key, text] of Object.entries(draft.texts)) check(key, text);
  for (const steps of Object.values(draft.added)) for (const stems of Object.values(steps)) for (const s of stems) check(s.id, s.text);
  return out;
}
