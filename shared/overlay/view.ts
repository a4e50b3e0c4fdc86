/**
 * The overlay with its ids resolved to texts in one locale, for the partners' and the
 * therapist's screens.
 */
import {
  DECK,
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
import type { LiveKitOverlay, OverlayState } from './schema';

export type OverlayCardView =
  /** `speaker` is the seat who says the stem: the Sender's seat for role S, else the other. */
  | { kind: 'stem'; stemId: string; role: StemRole; speaker: Seat; text: string }
  /** `text` is null when the overlay came from LiveKit: fetch it from `GET …/overlay`. */
  | { kind: 'custom'; text: string | null }
  | { kind: 'pause'; text: string }
  | { kind: 'safety'; cardId: string; text: string; repair: string | null };

export interface OverlayStepView {
  id: string;
  title: string;
  /** 0-based position in the process, and the number of steps, for "3 / 9". */
  index: number;
  count: number;
  speakers: Speaker[];
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
  /** `null` when no card is shown or its id is not in the deck. */
  card: OverlayCardView | null;
  timer: { startedAt: string; seconds: number; endsAt: string } | null;
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
        }
      : null,
    sender: { seat: state.sender, label: l(deck.roles.S) },
    receiver: { seat: receiver, label: l(deck.roles.R) },
    card: cardView(state, receiver, locale, deck),
    timer: timerView(state.timer),
    guidance: process
      ? { process: l(process.guidance), step: step ? l(step.guidance) : null }
      : null,
  };
}

function cardView(
  state: OverlayState | LiveKitOverlay,
  receiver: Seat,
  locale: Locale,
  deck: Deck,
): OverlayCardView | null {
  const { card } = state;
  if (!card) return null;
  switch (card.kind) {
    case 'stem': {
      const found = findStem(card.stemId, deck);
      if (!found) return null;
      const { stem } = found;
      const speaker = stem.role === 'S' ? state.sender : receiver;
      const text = localize(stem.text, locale);
      return { kind: 'stem', stemId: stem.id, role: stem.role, speaker, text };
    }
    case 'custom':
      return { kind: 'custom', text: 'text' in card ? card.text : null };
    case 'pause': {
      const text = findSafetyCard('pause', deck)?.text ?? PAUSE_FALLBACK;
      return { kind: 'pause', text: localize(text, locale) };
    }
    case 'safety': {
      const safety = findSafetyCard(card.cardId, deck);
      if (!safety) return null;
      return {
        kind: 'safety',
        cardId: safety.id,
        text: localize(safety.text, locale),
        repair: safety.repair ? localize(safety.repair, locale) : null,
      };
    }
  }
}

function timerView(timer: OverlayState['timer']): OverlayView['timer'] {
  if (!timer) return null;
  const started = Date.parse(timer.startedAt);
  if (Number.isNaN(started)) return null;
  const endsAt = new Date(started + timer.seconds * 1000).toISOString();
  return { startedAt: timer.startedAt, seconds: timer.seconds, endsAt };
}
