/**
 * The shape of the dialogue deck: Imago processes, their steps and stem cards, the deepening
 * palette, safety and pace cards, the feelings list and the ground rules. Every text exists in
 * every locale, and every item has a stable id, because live sessions store ids, never texts.
 */
import type { Locale } from '../schemas';

export type { Locale };

/** One text in every locale the product speaks. */
export type Localized = { readonly en: string; readonly et: string };

/** Who a stem card is for: the Sender or the Receiver. */
export type StemRole = 'S' | 'R';

/** Who speaks in a step: Sender, Receiver or the therapist (terapeut). */
export type Speaker = 'S' | 'R' | 'T';

/** A sentence beginning the therapist can put on the overlay. */
export interface Stem {
  /** Globally unique, e.g. `couples-dialogue.send.feel` or `palette.scares`. */
  readonly id: string;
  readonly role: StemRole;
  readonly text: Localized;
}

export interface Step {
  /** Unique within its process, e.g. `mirror`. */
  readonly id: string;
  readonly title: Localized;
  /** Who speaks, in order: `['S', 'R']` means "S, then R". */
  readonly speakers: readonly Speaker[];
  /** For the therapist only; partners never see it. */
  readonly guidance: Localized;
  readonly stems: readonly Stem[];
  /**
   * The step "Is there more?" goes back to: set on a mirroring step, naming an earlier step of
   * the same process (e.g. `send`). `next` from the loop goes on as usual.
   */
  readonly loopTo?: string;
}

export interface Process {
  /** Unique, e.g. `couples-dialogue`. */
  readonly id: string;
  readonly title: Localized;
  /** For the therapist only: what the process is for and how it runs. */
  readonly guidance: Localized;
  /** In order; at least one. */
  readonly steps: readonly Step[];
}

/** A safety or pace card (`pause`, `slow-down`, `ouch`, `face-each-other`). */
export interface SafetyCard {
  readonly id: string;
  readonly text: Localized;
  /** The line the speaker can use to repair, e.g. after `ouch`. */
  readonly repair?: Localized;
}

/** A feeling word for the empathy steps. */
export interface Feeling {
  readonly id: string;
  readonly text: Localized;
}

export interface GroundRule {
  readonly id: string;
  readonly text: Localized;
}

/** Whom the Receiver plays in the Parent–Child Dialogue: `mother`, `father`, `caregiver`. */
export interface ParentRole {
  readonly id: string;
  /** For the therapist's picker: "Mother" / „Ema". */
  readonly name: Localized;
  /** For the Receiver's video tile: "as mother" / „emana". */
  readonly badge: Localized;
}

/** Titles of the cards that show a list from the deck, or the session's requests. */
export interface CardTitles {
  readonly feelings: Localized;
  readonly groundRules: Localized;
  readonly bcrRequests: Localized;
}

/** Everything the overlay can show. Data, so therapists can later edit and extend it. */
export interface Deck {
  /** Names of the roles: Sender, Receiver, therapist. */
  readonly roles: { readonly [K in Speaker]: Localized };
  readonly groundRules: readonly GroundRule[];
  readonly processes: readonly Process[];
  /** Deepening stems the therapist can push to the Sender at any step of any process. */
  readonly palette: readonly Stem[];
  readonly safetyCards: readonly SafetyCard[];
  readonly feelings: readonly Feeling[];
  readonly parentRoles: readonly ParentRole[];
  readonly cardTitles: CardTitles;
}

/** Where a stem lives: a step of a process, or the deepening palette. */
export type StemLocation =
  | { readonly kind: 'step'; readonly processId: string; readonly stepId: string }
  | { readonly kind: 'palette' };

export interface FoundStem {
  readonly stem: Stem;
  readonly location: StemLocation;
}

// ---- The deck in one locale, as served by `GET /api/dialogues?locale=` ------------------------

export interface LocalizedStem {
  id: string;
  role: StemRole;
  text: string;
}

export interface LocalizedStep {
  id: string;
  title: string;
  speakers: Speaker[];
  guidance: string;
  stems: LocalizedStem[];
  /** See `Step.loopTo`; `null` when the step has no loop. */
  loopTo: string | null;
}

export interface LocalizedProcess {
  id: string;
  title: string;
  guidance: string;
  steps: LocalizedStep[];
}

export interface LocalizedDeck {
  locale: Locale;
  roles: Record<Speaker, string>;
  groundRules: { id: string; text: string }[];
  processes: LocalizedProcess[];
  palette: LocalizedStem[];
  safetyCards: { id: string; text: string; repair: string | null }[];
  feelings: { id: string; text: string }[];
  parentRoles: { id: string; name: string; badge: string }[];
  cardTitles: Record<keyof CardTitles, string>;
}
