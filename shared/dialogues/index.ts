/**
 * The Imago dialogue deck (processes, steps, stems, palette, safety cards, feelings, ground
 * rules) in `en` and `et`, with lookups by id and the localized JSON for the API.
 */
export { DECK } from './content';
export {
  findParentRole,
  findSafetyCard,
  findStem,
  getProcess,
  getStep,
  localize,
  turnStartStep,
} from './lookup';
export { localizeDeck } from './localize-deck';
export type * from './types';
