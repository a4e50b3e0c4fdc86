/**
 * The Imago dialogue deck (processes, steps, stems, palette, safety cards, feelings, ground
 * rules) in `en` and `et`, with lookups by id and the localized JSON for the API.
 */
export { DECK } from './content';
export { findSafetyCard, findStem, getProcess, getStep, localize } from './lookup';
export { localizeDeck } from './localize-deck';
export type * from './types';
