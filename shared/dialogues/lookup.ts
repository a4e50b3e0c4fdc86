/**
 * Lookups by id in a dialogue deck. Each takes the deck as an optional last argument so an
 * edited deck can be used in place of the built-in one.
 */
import { DECK } from './content';
import type {
  Deck,
  FoundStem,
  Locale,
  Localized,
  ParentRole,
  Process,
  SafetyCard,
  Step,
} from './types';

/**
 * The text of `text` in `locale`.
 *
 * @example localize({ en: 'Pause', et: 'Paus' }, 'et') // 'Paus'
 */
export function localize(text: Localized, locale: Locale): string {
  if (locale !== 'en' && locale !== 'et') throw new RangeError(`Unknown locale: ${String(locale)}`);
  return text[locale];
}

/**
 * The process with this id, or `undefined`.
 *
 * @example getProcess('couples-dialogue')?.steps[0]?.id // 'appointment'
 */
export function getProcess(processId: string, deck: Deck = DECK): Process | undefined {
  return deck.processes.find((p) => p.id === processId);
}

/**
 * The step `stepId` of process `processId`, or `undefined`.
 *
 * @example getStep('couples-dialogue', 'mirror')?.speakers // ['R']
 */
export function getStep(processId: string, stepId: string, deck: Deck = DECK): Step | undefined {
  return getProcess(processId, deck)?.steps.find((s) => s.id === stepId);
}

/**
 * A stem by its global id, searched in every step of every process and in the deepening
 * palette, with where it lives; `undefined` if no stem has this id.
 *
 * @example findStem('couples-dialogue.send.feel')?.location
 * // { kind: 'step', processId: 'couples-dialogue', stepId: 'send' }
 */
export function findStem(stemId: string, deck: Deck = DECK): FoundStem | undefined {
  for (const process of deck.processes) {
    for (const step of process.steps) {
      const stem = step.stems.find((s) => s.id === stemId);
      if (stem) return { stem, location: { kind: 'step', processId: process.id, stepId: step.id } };
    }
  }
  const stem = deck.palette.find((s) => s.id === stemId);
  return stem ? { stem, location: { kind: 'palette' } } : undefined;
}

/**
 * A safety or pace card (`pause`, `slow-down`, `ouch`, `face-each-other`), or `undefined`.
 *
 * @example findSafetyCard('ouch')?.repair?.en // "I'm sorry, let me say that differently."
 */
export function findSafetyCard(cardId: string, deck: Deck = DECK): SafetyCard | undefined {
  return deck.safetyCards.find((c) => c.id === cardId);
}

/**
 * Whom the Receiver can play in the Parent–Child Dialogue, by id, or `undefined`.
 *
 * @example findParentRole('mother')?.badge.et // 'emana'
 */
export function findParentRole(roleId: string, deck: Deck = DECK): ParentRole | undefined {
  return deck.parentRoles.find((r) => r.id === roleId);
}

/**
 * Where a new turn starts after the roles switch: the first step the Sender speaks in.
 *
 * @example turnStartStep(getProcess('appreciation')!)?.id // 'send'
 */
export function turnStartStep(process: Process): Step | undefined {
  return process.steps.find((s) => s.speakers.includes('S'));
}
