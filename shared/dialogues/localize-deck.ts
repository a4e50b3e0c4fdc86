import { DECK } from './content';
import { localize } from './lookup';
import type { Deck, Locale, Localized, LocalizedDeck, Stem } from './types';

/**
 * The whole deck as plain JSON in one locale, ids kept: the body of
 * `GET /api/dialogues?locale=`. Returns fresh objects; callers may change them freely.
 *
 * @example localizeDeck('et').processes[0]?.title // 'Imago dialoog'
 */
export function localizeDeck(locale: Locale, deck: Deck = DECK): LocalizedDeck {
  const l = (text: Localized) => localize(text, locale);
  const stem = (s: Stem) => ({ id: s.id, role: s.role, text: l(s.text) });
  return {
    locale,
    roles: { S: l(deck.roles.S), R: l(deck.roles.R), T: l(deck.roles.T) },
    groundRules: deck.groundRules.map((r) => ({ id: r.id, text: l(r.text) })),
    processes: deck.processes.map((p) => ({
      id: p.id,
      title: l(p.title),
      guidance: l(p.guidance),
      steps: p.steps.map((s) => ({
        id: s.id,
        title: l(s.title),
        speakers: [...s.speakers],
        guidance: l(s.guidance),
        stems: s.stems.map(stem),
        loopTo: s.loopTo ?? null,
      })),
    })),
    palette: deck.palette.map(stem),
    safetyCards: deck.safetyCards.map((c) => ({
      id: c.id,
      text: l(c.text),
      repair: c.repair ? l(c.repair) : null,
    })),
    feelings: deck.feelings.map((f) => ({ id: f.id, text: l(f.text) })),
    parentRoles: deck.parentRoles.map((r) => ({ id: r.id, name: l(r.name), badge: l(r.badge) })),
    cardTitles: {
      feelings: l(deck.cardTitles.feelings),
      groundRules: l(deck.cardTitles.groundRules),
      bcrRequests: l(deck.cardTitles.bcrRequests),
    },
  };
}
