/**
 * The one overlay reducer (DESIGN §5). The server applies it under a conditional write on
 * `version`; the therapist's client applies it at once to show the change before the server
 * answers. Pure: it never mutates its input and reads the clock only from `now`.
 */
import { DECK, findSafetyCard, findStem, getProcess, type Deck } from '../dialogues';
import { OverlayAction, type OverlayCard, type OverlayState } from './schema';

export const OVERLAY_ERROR_CODES = [
  'unknown_process',
  'unknown_step',
  'unknown_stem',
  'unknown_card',
  'at_first_step',
  'at_last_step',
  'invalid_action',
] as const;
export type OverlayErrorCode = (typeof OVERLAY_ERROR_CODES)[number];

export type OverlayResult =
  | { ok: true; state: OverlayState }
  | { ok: false; code: OverlayErrorCode; message: string };

/** The process a new session opens with. */
export const DEFAULT_PROCESS_ID = 'couples-dialogue';

/**
 * The overlay of a new session: version 1, the Imago Dialogue at its first step, seat A sends,
 * visible, no card, no timer.
 *
 * @example initialOverlay().stepId // 'appointment'
 */
export function initialOverlay(deck: Deck = DECK): OverlayState {
  const process = getProcess(DEFAULT_PROCESS_ID, deck) ?? deck.processes[0];
  const step = process?.steps[0];
  if (!process || !step) throw new Error('The dialogue deck has no process with a step');
  return {
    version: 1,
    processId: process.id,
    stepId: step.id,
    sender: 'A',
    visible: true,
    card: null,
    timer: null,
  };
}

/**
 * Applies one therapist action. Every accepted action returns a new state with `version + 1`;
 * a rejected one returns a reason code and leaves the state as it was. The action is validated
 * again here (custom text is trimmed), so an unchecked value is answered with `invalid_action`.
 *
 * Rules: changing process or step clears the card (a stem belongs to a step); `next`/`prev`
 * stop at the ends of the process, never wrap; `showStem` takes a stem of the current process
 * (any step) or of the deepening palette; `showSafety` with `pause` shows the pause card.
 *
 * @example
 * const r = applyOverlayAction(initialOverlay(), { type: 'next' }, new Date());
 * if (r.ok) r.state.stepId; // 'intention'
 */
export function applyOverlayAction(
  state: OverlayState,
  action: OverlayAction,
  now: Date,
  deck: Deck = DECK,
): OverlayResult {
  const parsed = OverlayAction.safeParse(action);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'action'}: ${i.message}`);
    return fail('invalid_action', `Invalid overlay action (${where.join('; ')})`);
  }
  const a = parsed.data;
  const process = getProcess(state.processId, deck);

  switch (a.type) {
    case 'selectProcess': {
      const next = getProcess(a.processId, deck);
      if (!next) return fail('unknown_process', 'No dialogue process has this id');
      const first = next.steps[0];
      if (!first) return fail('unknown_step', `Process ${next.id} has no steps`);
      return accept(state, { processId: next.id, stepId: first.id, card: null });
    }
    case 'goToStep': {
      if (!process) return fail('unknown_process', "The overlay's process is not in the deck");
      const step = process.steps.find((s) => s.id === a.stepId);
      if (!step) return fail('unknown_step', `No step with this id in process ${process.id}`);
      return accept(state, { stepId: step.id, card: null });
    }
    case 'next':
    case 'prev': {
      if (!process) return fail('unknown_process', "The overlay's process is not in the deck");
      const index = process.steps.findIndex((s) => s.id === state.stepId);
      if (index < 0) return fail('unknown_step', `The overlay's step is not in ${process.id}`);
      const target = process.steps[a.type === 'next' ? index + 1 : index - 1];
      if (!target) {
        return a.type === 'next'
          ? fail('at_last_step', `Already at the last step of ${process.id}`)
          : fail('at_first_step', `Already at the first step of ${process.id}`);
      }
      return accept(state, { stepId: target.id, card: null });
    }
    case 'swapRoles':
      return accept(state, { sender: state.sender === 'A' ? 'B' : 'A' });
    case 'showStem': {
      const found = findStem(a.stemId, deck);
      const allowed =
        found &&
        (found.location.kind === 'palette' || found.location.processId === state.processId);
      if (!allowed) {
        return fail('unknown_stem', `No stem with this id in ${state.processId} or the palette`);
      }
      return accept(state, { card: { kind: 'stem', stemId: found.stem.id } });
    }
    case 'showCustom':
      return accept(state, { card: { kind: 'custom', text: a.text } });
    case 'pause':
      return accept(state, { card: { kind: 'pause' } });
    case 'showSafety': {
      const card = findSafetyCard(a.cardId, deck);
      if (!card) return fail('unknown_card', 'No safety or pace card has this id');
      return accept(state, {
        card: card.id === 'pause' ? { kind: 'pause' } : { kind: 'safety', cardId: card.id },
      });
    }
    case 'clearCard':
      return accept(state, { card: null });
    case 'startTimer': {
      if (Number.isNaN(now.getTime())) return fail('invalid_action', '`now` is not a valid date');
      return accept(state, { timer: { startedAt: now.toISOString(), seconds: a.seconds } });
    }
    case 'stopTimer':
      return accept(state, { timer: null });
    case 'setVisible':
      return accept(state, { visible: a.visible });
  }
}

/**
 * Whether a client holding `current` should take `incoming`: only a strictly higher version,
 * so late or repeated deliveries (LiveKit metadata, polling) never roll the overlay back.
 *
 * @example shouldApply({ version: 3 }, { version: 3 }) // false
 */
export function shouldApply(
  current: { version: number } | null | undefined,
  incoming: { version: number } | null | undefined,
): boolean {
  if (!incoming || !Number.isSafeInteger(incoming.version)) return false;
  return !current || incoming.version > current.version;
}

function fail(code: OverlayErrorCode, message: string): OverlayResult {
  return { ok: false, code, message };
}

/** A fresh state (no object shared with the input) with the change and the next version. */
type Change = Partial<Omit<OverlayState, 'version'>>;

function accept(state: OverlayState, change: Change): OverlayResult {
  const next = { ...state, ...change };
  return {
    ok: true,
    state: {
      version: state.version + 1,
      processId: next.processId,
      stepId: next.stepId,
      sender: next.sender,
      visible: next.visible,
      card: next.card ? copyCard(next.card) : null,
      timer: next.timer ? { startedAt: next.timer.startedAt, seconds: next.timer.seconds } : null,
    },
  };
}

function copyCard(card: OverlayCard): OverlayCard {
  switch (card.kind) {
    case 'stem':
      return { kind: 'stem', stemId: card.stemId };
    case 'custom':
      return { kind: 'custom', text: card.text };
    case 'pause':
      return { kind: 'pause' };
    case 'safety':
      return { kind: 'safety', cardId: card.cardId };
  }
}
