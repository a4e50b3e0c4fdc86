/**
 * Validation of a therapist's wording before it is stored. Apart from `deck.ts` because the deck
 * schema is written with full zod: only the route that stores the wording bundles it, not the
 * session routes that read it.
 */
import { DECK } from '../../shared/dialogues/content';
import { DeckSchema } from '../../shared/dialogues/deck-schema';
import {
  applyDeckOverrides,
  deckOverrideProblems,
  type DeckOverrideProblem,
  type DeckOverrides,
} from '../../shared/dialogues/overrides';
import { AppError } from '../http/errors';

/**
 * Throws a 422 naming every key and stem id that cannot be stored: unknown items, added cards
 * outside their namespace or step, the limits, and anything the merged deck fails in the deck
 * schema (so a stored wording always yields a valid deck).
 */
export function assertValidOverrides(overrides: DeckOverrides): void {
  const problems: DeckOverrideProblem[] = deckOverrideProblems(overrides, DECK);
  if (problems.length === 0) {
    const result = DeckSchema.safeParse(applyDeckOverrides(DECK, overrides));
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({ id: issue.path.join('.') || 'deck', message: issue.message });
      }
    }
  }
  if (problems.length === 0) return;
  const ids = [...new Set(problems.map((p) => p.id))];
  throw new AppError(422, 'invalid_request', `Some wording cannot be saved: ${ids.join(', ')}`, {
    details: problems.map((p) => ({ path: [p.id], message: p.message })),
  });
}
