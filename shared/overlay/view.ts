/**
 * The overlay with its ids resolved to texts in one locale, for the partners' and the
 * therapist's screens.
 */
import {
  DECK,
  findParentRole,
  findSafetyCard,
  findStem,
  getProcess,
  localize,
  type Deck,
  type Locale,
  type Localized,
  type Speaker,
  type StemRole,
} from '../dialogues';
import type { Seat } from '../schemas';
import type { BcrChoice, LiveKitOverlay, OverlayState } from './schema';

/**
 * The texts of the three Behavior Change Requests, in the order the Sender made them. They are
 * the session's outcome, fetched from the API; the overlay (and LiveKit) never holds them.
 */
export type BcrRequestTexts = readonly [string, string, string];

/** One entry of a list card: a feeling word or a ground rule. */
export interface OverlayListItem {
  id: string;
  text: string;
}

export type OverlayCardView =
  /**
   * `speaker` is the seat who says the stem: the one the card addresses (`to`, kept across a
   * role swap), else the Sender's seat for role S and the Receiver's for role R.
   */
  | { kind: 'stem'; stemId: string; role: StemRole; speaker: Seat; text: string }
  /**
   * `text` is null when the overlay came from LiveKit: fetch it from `GET …/overlay`. `to` is
   * the seat the therapist addressed it to (doubling), or null for both partners.
   */
  | { kind: 'custom'; text: string | null; to: Seat | null }
  | { kind: 'pause'; text: string }
  | { kind: 'safety'; cardId: string; text: string; repair: string | null }
  /** The feelings list; each word reads after the title ("I feel …" / „Ma tunnen …“). */
  | { kind: 'feelings'; title: string; items: OverlayListItem[] }
  | { kind: 'groundRules'; title: string; items: OverlayListItem[] }
  /**
   * The three requests; `chosen` is the index of the one given as a gift. `requests` is always
   * null here: the UI fills it in from the API with `withBcrRequestTexts`.
   */
  | { kind: 'bcrRequests'; title: string; chosen: BcrChoice; requests: BcrRequestTexts | null };

export interface OverlayStepView {
  id: string;
  title: string;
  /** 0-based position in the process, and the number of steps, for "3 / 9". */
  index: number;
  count: number;
  speakers: Speaker[];
  /** The step "Is there more?" (`more`) goes back to, or null when the step has no loop. */
  loopTo: string | null;
}

export interface OverlayTimerView {
  startedAt: string;
  seconds: number;
  /** When the timer runs out if it keeps running; while paused, a countdown must not use it. */
  endsAt: string;
  paused: boolean;
  /** Whole seconds left while paused; null while running (count down to `endsAt`). */
  remaining: number | null;
}

export interface OverlayView {
  version: number;
  visible: boolean;
  /** `null` when the id is not in the deck (e.g. a newer deck on the server). */
  process: { id: string; title: string } | null;
  step: OverlayStepView | null;
  /** Which seat sends and which receives, with the role names in this locale. */
  sender: { seat: Seat; label: string };
  receiver: { seat: Seat; label: string };
  /**
   * Parent–Child Dialogue: whom the Receiver plays, for a badge on the Receiver's tile
   * (`badge`: "as mother" / „emana“); null when none is set.
   */
  parentRole: { id: string; name: string; badge: string; seat: Seat } | null;
  /** `null` when no card is shown or its id is not in the deck. */
  card: OverlayCardView | null;
  timer: OverlayTimerView | null;
  /** For the therapist only; partner screens do not show it. */
  guidance: { process: string; step: string | null } | null;
}

const PAUSE_FALLBACK = { en: 'Pause', et: 'Paus' };

/**
 * Resolves the overlay's ids to texts in `locale`. Accepts the full state or the ids-only
 * LiveKit copy; unknown ids resolve to `null` instead of throwing.
 *
 * @example overlayView(initialOverlay(), 'et').step?.title // 'Kokkulepe'
 */
export function overlayView(
  state: OverlayState | LiveKitOverlay,
  locale: Locale,
  deck: Deck = DECK,
): OverlayView {
  const l = (text: Localized) => localize(text, locale);
  const process = getProcess(state.processId, deck);
  const index = process ? process.steps.findIndex((s) => s.id === state.stepId) : -1;
  const step = process?.steps[index];
  const receiver: Seat = state.sender === 'A' ? 'B' : 'A';
  const parentRole = state.parentRole ? findParentRole(state.parentRole, deck) : undefined;

  return {
    version: state.version,
    visible: state.visible,
    process: process ? { id: process.id, title: l(process.title) } : null,
    step: step
      ? {
          id: step.id,
          title: l(step.title),
          index,
          count: process.steps.length,
          speakers: [...step.speakers],
          loopTo: step.loopTo ?? null,
        }
      : null,
    sender: { seat: state.sender, label: l(deck.roles.S) },
    receiver: { seat: receiver, label: l(deck.roles.R) },
    parentRole: parentRole
      ? { id: parentRole.id, name: l(parentRole.name), badge: l(parentRole.badge), seat: receiver }
      : null,
    card: cardView(state, receiver, locale, deck),
    timer: timerView(state.timer),
    guidance: process
      ? { process: l(process.guidance), step: step ? l(step.guidance) : null }
      : null,
  };
}

/**
 * The requests card with the session's request texts filled in; any other card as it is.
 *
 * @example withBcrRequestTexts(view.card, outcome.requests)
 */
export function withBcrRequestTexts(
  card: OverlayCardView | null,
  requests: BcrRequestTexts | null,
): OverlayCardView | null {
  if (card?.kind !== 'bcrRequests') return card;
  return { ...card, requests: requests ? [requests[0], requests[1], requests[2]] : null };
}

function cardView(
  state: OverlayState | LiveKitOverlay,
  receiver: Seat,
  locale: Locale,
  deck: Deck,
): OverlayCardView | null {
  const l = (text: Localized) => localize(text, locale);
  const { card } = state;
  if (!card) return null;
  switch (card.kind) {
    case 'stem': {
      const found = findStem(card.stemId, deck);
      if (!found) return null;
      const { stem } = found;
      const speaker = card.to ?? (stem.role === 'S' ? state.sender : receiver);
      return { kind: 'stem', stemId: stem.id, role: stem.role, speaker, text: l(stem.text) };
    }
    case 'custom':
      return { kind: 'custom', text: 'text' in card ? card.text : null, to: card.to ?? null };
    case 'pause': {
      const text = findSafetyCard('pause', deck)?.text ?? PAUSE_FALLBACK;
      return { kind: 'pause', text: l(text) };
    }
    case 'safety': {
      const safety = findSafetyCard(card.cardId, deck);
      if (!safety) return null;
      return {
        kind: 'safety',
        cardId: safety.id,
        text: l(safety.text),
        repair: safety.repair ? l(safety.repair) : null,
      };
    }
    case 'feelings':
      return {
        kind: 'feelings',
        title: l(deck.cardTitles.feelings),
        items: deck.feelings.map((f) => ({ id: f.id, text: l(f.text) })),
      };
    case 'groundRules':
      return {
        kind: 'groundRules',
        title: l(deck.cardTitles.groundRules),
        items: deck.groundRules.map((r) => ({ id: r.id, text: l(r.text) })),
      };
    case 'bcrRequests':
      return {
        kind: 'bcrRequests',
        title: l(deck.cardTitles.bcrRequests),
        chosen: card.chosen,
        requests: null,
      };
  }
}

function timerView(timer: OverlayState['timer']): OverlayView['timer'] {
  if (!timer) return null;
  const started = Date.parse(timer.startedAt);
  if (Number.isNaN(started)) return null;
  const endsAt = new Date(started + timer.seconds * 1000).toISOString();
  const remaining = timer.pausedRemaining ?? null;
  return {
    startedAt: timer.startedAt,
    seconds: timer.seconds,
    endsAt,
    paused: remaining !== null,
    remaining,
  };
}
