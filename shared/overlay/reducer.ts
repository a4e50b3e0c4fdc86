/**
 * The one overlay reducer (DESIGN §5). The server applies it under a conditional write on
 * `version`; the therapist's client applies it at once to show the change before the server
 * answers. Pure: it never mutates its input and reads the clock only from `now`.
 */
import {
  DECK,
  findParentRole,
  findSafetyCard,
  findStem,
  getProcess,
  turnStartStep,
  type Deck,
  type StemRole,
} from '../dialogues';
import {
  OverlayAction,
  type OverlayCard,
  type OverlaySnapshot,
  type OverlayState,
  type OverlayTimer,
} from './schema';

export const OVERLAY_ERROR_CODES = [
  'unknown_process',
  'unknown_step',
  'unknown_stem',
  'unknown_card',
  'unknown_parent_role',
  'at_first_step',
  'at_last_step',
  /** `more` on a step without a loop back. */
  'no_loop',
  /** `undo` with no history (the first state, or right after an undo). */
  'nothing_to_undo',
  /** `resume` with neither a pause card nor a frozen timer. */
  'not_paused',
  /** An action that belongs to another process (`setParentRole`, `showBcrRequests`). */
  'wrong_process',
  'invalid_action',
] as const;
export type OverlayErrorCode = (typeof OVERLAY_ERROR_CODES)[number];

export type OverlayResult =
  | { ok: true; state: OverlayState }
  | { ok: false; code: OverlayErrorCode; message: string };

/** The process a new session opens with. */
export const DEFAULT_PROCESS_ID = 'couples-dialogue';
/** The process whose Receiver plays a parent (`setParentRole`). */
export const PARENT_CHILD_PROCESS_ID = 'parent-child';
/** The process whose outcome is three requests (`showBcrRequests`). */
export const BCR_PROCESS_ID = 'behavior-change-request';

type Seat = OverlayState['sender'];

/**
 * The overlay of a new session: version 1, the Imago Dialogue at its first step, seat A sends,
 * visible, no card, no timer, no parent role, nothing to undo.
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
    parentRole: null,
  };
}

/**
 * Applies one therapist action. Every accepted action returns a new state with `version + 1`
 * and the state before it in `undo` (one level); a rejected one returns a reason code and leaves
 * the state as it was. The action is validated again here (custom text is trimmed), so an
 * unchecked value is answered with `invalid_action`.
 *
 * Rules:
 * - Changing process or step clears the card (a stem belongs to a step); `next`/`prev` stop at
 *   the ends of the process, never wrap; `more` goes from a looping step (mirroring) back to
 *   the step it loops to (sending).
 * - `switchAndStart` swaps the roles, clears the card and the parent role (the new Sender
 *   chooses their own) and goes to the first step the Sender speaks in. `undo` restores the
 *   state before the last accepted action, at the next version.
 * - `swapRoles` keeps the card and its person: a stem shown before the swap stays with the
 *   partner it addressed (`to`), whatever role they now have.
 * - `showStem` takes a stem of the current process (any step) or of the deepening palette.
 * - `pause` (and `showSafety` with `pause`) shows the pause card and freezes a running timer;
 *   `resume`, or clearing the pause card, takes the card away and lets the timer run on.
 * - `parentRole` is set in the Parent–Child Dialogue only and cleared when leaving it.
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
  const clockless = Number.isNaN(now.getTime());

  switch (a.type) {
    case 'selectProcess': {
      const next = getProcess(a.processId, deck);
      if (!next) return fail('unknown_process', 'No dialogue process has this id');
      const first = next.steps[0];
      if (!first) return fail('unknown_step', `Process ${next.id} has no steps`);
      const parentRole = next.id === state.processId ? (state.parentRole ?? null) : null;
      return accept(state, { processId: next.id, stepId: first.id, card: null, parentRole });
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
    case 'more': {
      if (!process) return fail('unknown_process', "The overlay's process is not in the deck");
      const step = process.steps.find((s) => s.id === state.stepId);
      if (!step) return fail('unknown_step', `The overlay's step is not in ${process.id}`);
      if (!step.loopTo) return fail('no_loop', `Step ${step.id} does not loop back`);
      const target = process.steps.find((s) => s.id === step.loopTo);
      if (!target) return fail('unknown_step', `Step ${step.id} loops to a missing step`);
      return accept(state, { stepId: target.id, card: null });
    }
    case 'swapRoles': {
      const sender = other(state.sender);
      return accept(state, { sender, card: keepPerson(state.card, state.sender, sender, deck) });
    }
    case 'switchAndStart': {
      if (!process) return fail('unknown_process', "The overlay's process is not in the deck");
      const start = turnStartStep(process);
      if (!start) return fail('unknown_step', `Process ${process.id} has no Sender step`);
      return accept(state, {
        sender: other(state.sender),
        stepId: start.id,
        card: null,
        parentRole: null,
      });
    }
    case 'undo': {
      if (!state.undo) return fail('nothing_to_undo', 'There is no change to undo');
      return { ok: true, state: build(state.version + 1, state.undo, undefined) };
    }
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
      return accept(state, {
        card: { kind: 'custom', text: a.text, ...(a.to && { to: a.to }) },
      });
    case 'showFeelings':
      return accept(state, { card: { kind: 'feelings' } });
    case 'showGroundRules':
      return accept(state, { card: { kind: 'groundRules' } });
    case 'showBcrRequests': {
      if (state.processId !== BCR_PROCESS_ID) {
        return fail('wrong_process', `The requests card belongs to ${BCR_PROCESS_ID}`);
      }
      return accept(state, { card: { kind: 'bcrRequests', chosen: a.chosen ?? null } });
    }
    case 'pause':
      if (clockless && isRunning(state.timer)) return noClock();
      return accept(state, { card: { kind: 'pause' }, timer: freeze(state.timer, now) });
    case 'resume': {
      const paused = state.card?.kind === 'pause';
      if (!paused && !isFrozen(state.timer)) return fail('not_paused', 'Nothing is paused');
      if (clockless && isFrozen(state.timer)) return noClock();
      return accept(state, { card: paused ? null : state.card, timer: unfreeze(state.timer, now) });
    }
    case 'showSafety': {
      const card = findSafetyCard(a.cardId, deck);
      if (!card) return fail('unknown_card', 'No safety or pace card has this id');
      if (card.id === 'pause') return applyOverlayAction(state, { type: 'pause' }, now, deck);
      return accept(state, { card: { kind: 'safety', cardId: card.id } });
    }
    case 'clearCard': {
      if (state.card?.kind !== 'pause') return accept(state, { card: null });
      if (clockless && isFrozen(state.timer)) return noClock();
      return accept(state, { card: null, timer: unfreeze(state.timer, now) });
    }
    case 'setParentRole': {
      if (state.processId !== PARENT_CHILD_PROCESS_ID) {
        return fail('wrong_process', `A parent role belongs to ${PARENT_CHILD_PROCESS_ID}`);
      }
      if (a.parentRole !== null && !findParentRole(a.parentRole, deck)) {
        return fail('unknown_parent_role', 'No parent role has this id');
      }
      return accept(state, { parentRole: a.parentRole });
    }
    case 'startTimer': {
      if (clockless) return noClock();
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

/**
 * Seconds left on a timer at `now`: the frozen amount while paused, else counted from
 * `startedAt` (never below 0). For screens that show a paused timer.
 *
 * @example
 * timerRemaining({ startedAt: '2026-12-01T09:30:00Z', seconds: 60 }, new Date('2026-12-01T09:30:20Z')) // 40
 */
export function timerRemaining(timer: OverlayTimer, now: Date): number {
  if (timer.pausedRemaining !== undefined) return timer.pausedRemaining;
  const endsAt = Date.parse(timer.startedAt) + timer.seconds * 1000;
  return Math.min(timer.seconds, Math.max(0, Math.ceil((endsAt - now.getTime()) / 1000)));
}

function fail(code: OverlayErrorCode, message: string): OverlayResult {
  return { ok: false, code, message };
}

function noClock(): OverlayResult {
  return fail('invalid_action', '`now` is not a valid date');
}

function other(seat: Seat): Seat {
  return seat === 'A' ? 'B' : 'A';
}

/** The seat a stem's role names when `sender` sends. */
function seatOf(role: StemRole, sender: Seat): Seat {
  return role === 'S' ? sender : other(sender);
}

/**
 * The card after the roles swap, addressing the same partner: a stem card gets `to` when its
 * person no longer matches its role, and loses it when the two agree again.
 */
function keepPerson(card: OverlayCard | null, before: Seat, after: Seat, deck: Deck) {
  if (card?.kind !== 'stem') return card;
  const stem = findStem(card.stemId, deck)?.stem;
  if (!stem) return card;
  const person = card.to ?? seatOf(stem.role, before);
  return person === seatOf(stem.role, after)
    ? { kind: 'stem' as const, stemId: card.stemId }
    : { kind: 'stem' as const, stemId: card.stemId, to: person };
}

function isFrozen(timer: OverlayTimer | null): boolean {
  return timer ? timer.pausedRemaining !== undefined : false;
}

function isRunning(timer: OverlayTimer | null): boolean {
  return timer ? timer.pausedRemaining === undefined : false;
}

/** A running timer stands still with its seconds left; a frozen one or none stays as it is. */
function freeze(timer: OverlayTimer | null, now: Date): OverlayTimer | null {
  if (!timer || isFrozen(timer)) return timer;
  return { ...timer, pausedRemaining: timerRemaining(timer, now) };
}

/** A frozen timer runs on with exactly the seconds it had left. */
function unfreeze(timer: OverlayTimer | null, now: Date): OverlayTimer | null {
  if (!timer || timer.pausedRemaining === undefined) return timer;
  const elapsed = timer.seconds - timer.pausedRemaining;
  return {
    startedAt: new Date(now.getTime() - elapsed * 1000).toISOString(),
    seconds: timer.seconds,
  };
}

type Change = Partial<OverlaySnapshot>;

/** The next version with the change, remembering `state` (without its own history) for undo. */
function accept(state: OverlayState, change: Change): OverlayResult {
  return { ok: true, state: build(state.version + 1, { ...state, ...change }, state) };
}

/** A fresh state: no object shared with its inputs. */
function build(
  version: number,
  fields: OverlaySnapshot,
  previous: OverlaySnapshot | undefined,
): OverlayState {
  const state: OverlayState = { version, ...snapshot(fields) };
  if (previous) state.undo = snapshot(previous);
  return state;
}

function snapshot(s: OverlaySnapshot): OverlaySnapshot {
  return {
    processId: s.processId,
    stepId: s.stepId,
    sender: s.sender,
    visible: s.visible,
    card: s.card ? copyCard(s.card) : null,
    timer: s.timer ? copyTimer(s.timer) : null,
    parentRole: s.parentRole ?? null,
  };
}

function copyTimer(timer: OverlayTimer): OverlayTimer {
  const { startedAt, seconds, pausedRemaining } = timer;
  return pausedRemaining === undefined
    ? { startedAt, seconds }
    : { startedAt, seconds, pausedRemaining };
}

/** A fresh copy of a card (no shared references into the previous state). */
export function copyCard(card: OverlayCard): OverlayCard {
  switch (card.kind) {
    case 'stem':
      return { kind: 'stem', stemId: card.stemId, ...(card.to && { to: card.to }) };
    case 'custom':
      return { kind: 'custom', text: card.text, ...(card.to && { to: card.to }) };
    case 'pause':
      return { kind: 'pause' };
    case 'safety':
      return { kind: 'safety', cardId: card.cardId };
    case 'feelings':
      return { kind: 'feelings' };
    case 'groundRules':
      return { kind: 'groundRules' };
    case 'bcrRequests':
      return { kind: 'bcrRequests', chosen: card.chosen };
  }
}
