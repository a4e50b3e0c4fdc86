/**
 * Guided home practice on one device: the couple walks through a dialogue with the session's
 * own overlay reducer, locally. Pure — no network, no storage, the clock only from `now` — so
 * the practice keeps working offline and is unit-tested without a page.
 *
 * @example
 * let run = startPractice({ processId: 'couples-dialogue', firstSender: 'A', timerSeconds: 300 }, new Date());
 * run = movePractice(run, 'next', new Date());
 * practiceGuide(run, 'et', { A: 'Mari', B: 'Jüri' }, new Date()).step.title // 'Kavatsus'
 */
import {
  applyOverlayAction,
  initialOverlay,
  timerRemaining,
  type OverlayAction,
  type OverlayState,
} from '../../../shared/overlay';
import { DECK, getProcess, localize, type Deck, type Locale, type StemRole } from '../../../shared/dialogues';
import type { PracticeShare } from '../../../shared/between-types';
import type { Seat } from '../../../shared/schemas';

/** Turn timer lengths the couple can choose: off, 3, 5 or 10 minutes. */
export const TIMER_CHOICES = [0, 180, 300, 600] as const;
export type TimerChoice = (typeof TIMER_CHOICES)[number];

export interface PracticeSetup {
  processId: string;
  /** Who sends first. */
  firstSender: Seat;
  /** Seconds per turn; 0 for no timer. */
  timerSeconds: TimerChoice;
}

/** One practice in progress (or finished). */
export interface PracticeRun {
  readonly setup: PracticeSetup;
  readonly overlay: OverlayState;
  /** The overlays before each move, newest last: what Back returns to. */
  readonly history: readonly OverlayState[];
  /** When the practice started (ISO instant). */
  readonly startedAt: string;
  /** Set by `finish`. */
  readonly finishedAt: string | null;
}

/**
 * What either partner can tap: `next` step, `back` one move, `more` ("Is there more?", back to
 * the sending step), `switch` roles (the other partner sends, from the first sending step), and
 * `finish`.
 */
export type PracticeMove = 'next' | 'back' | 'more' | 'switch' | 'finish';

export class PracticeError extends Error {
  constructor(readonly code: string) {
    super(`Practice cannot start: ${code}`);
    this.name = 'PracticeError';
  }
}

/**
 * A new practice at the first step of `processId`, `firstSender` sending, the turn timer (if any)
 * running from `now`.
 */
export function startPractice(setup: PracticeSetup, now: Date, deck: Deck = DECK): PracticeRun {
  let overlay = must(applyOverlayAction(initialOverlay(deck), { type: 'selectProcess', processId: setup.processId }, now, deck));
  if (overlay.sender !== setup.firstSender) overlay = must(applyOverlayAction(overlay, { type: 'swapRoles' }, now, deck));
  if (setup.timerSeconds > 0) {
    overlay = must(applyOverlayAction(overlay, { type: 'startTimer', seconds: setup.timerSeconds }, now, deck));
  }
  const { undo: _undo, ...fresh } = overlay;
  return { setup, overlay: fresh, history: [], startedAt: now.toISOString(), finishedAt: null };
}

/** Whether `move` is possible now (buttons are disabled otherwise). */
export function canMove(run: PracticeRun, move: PracticeMove, deck: Deck = DECK): boolean {
  if (run.finishedAt) return false;
  if (move === 'finish') return true;
  if (move === 'back') return run.history.length > 0;
  const action = actionFor(run, move, deck);
  return action !== null && apply(run.overlay, action, new Date(0), deck) !== null;
}

/**
 * The practice after one move; the same run when the move is not possible here (the last step
 * has no `next`, a step without a loop has no `more`, the start has no `back`).
 */
export function movePractice(run: PracticeRun, move: PracticeMove, now: Date, deck: Deck = DECK): PracticeRun {
  if (run.finishedAt) return run;
  if (move === 'finish') return { ...run, finishedAt: now.toISOString() };
  if (move === 'back') {
    const previous = run.history.at(-1);
    return previous ? { ...run, overlay: previous, history: run.history.slice(0, -1) } : run;
  }
  const action = actionFor(run, move, deck);
  let overlay = action && apply(run.overlay, action, now, deck);
  if (!overlay) return run;
  // A new turn gets the whole turn time again.
  if (move === 'switch' && run.setup.timerSeconds > 0) {
    overlay = apply(overlay, { type: 'startTimer', seconds: run.setup.timerSeconds }, now, deck) ?? overlay;
  }
  return { ...run, overlay, history: [...run.history, run.overlay] };
}

/** Whole seconds from the start to the finish (or to `now` while practising). */
export function practiceSeconds(run: PracticeRun, now: Date): number {
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now.getTime();
  return Math.max(0, Math.round((end - Date.parse(run.startedAt)) / 1000));
}

/** The one-line record the couple may share: process, duration and date — never content. */
export function practiceRecord(run: PracticeRun, now: Date): PracticeShare {
  return { processId: run.setup.processId, seconds: practiceSeconds(run, now), at: run.startedAt };
}

/** One partner's part in a step: their name, role and the stems they can use. */
export interface SpeakerPart {
  seat: Seat;
  name: string;
  role: StemRole;
  /** "Sender" / „Saatja“. */
  roleLabel: string;
  stems: { id: string; text: string }[];
}

export interface PracticeGuide {
  process: { id: string; title: string };
  step: { id: string; title: string; index: number; count: number };
  sender: { seat: Seat; name: string; label: string };
  receiver: { seat: Seat; name: string; label: string };
  /** Whose turn it is: who speaks in this step, in order ("S, then R"); empty on the switch step. */
  turn: { seat: Seat; name: string; role: StemRole }[];
  /** Everyone with stems in this step, the speakers first, each with their stems. */
  speakers: SpeakerPart[];
  /** The feelings words on an empathy step, with the card's title ("I feel …"); else null. */
  feelings: { title: string; items: { id: string; text: string }[] } | null;
  /** The step where the roles switch: the Receiver becomes the Sender. */
  isSwitchStep: boolean;
  isLastStep: boolean;
  canNext: boolean;
  canBack: boolean;
  /** "Is there more?" goes back to the sending step. */
  canMore: boolean;
  /** The turn timer, or null when off. */
  timer: { seconds: number; remaining: number; expired: boolean } | null;
}

/** The guide's screen in `locale`: the current step, whose turn it is and what they can say. */
export function practiceGuide(
  run: PracticeRun,
  locale: Locale,
  names: Record<Seat, string>,
  now: Date,
  deck: Deck = DECK,
): PracticeGuide {
  const l = (text: { en: string; et: string }) => localize(text, locale);
  const { overlay } = run;
  const process = getProcess(overlay.processId, deck);
  if (!process) throw new PracticeError('unknown_process');
  const index = Math.max(0, process.steps.findIndex((s) => s.id === overlay.stepId));
  const step = process.steps[index]!;
  const receiverSeat: Seat = overlay.sender === 'A' ? 'B' : 'A';
  const seatOf = (role: StemRole): Seat => (role === 'S' ? overlay.sender : receiverSeat);

  const turn: StemRole[] = [];
  for (const who of step.speakers) if (who !== 'T' && !turn.includes(who)) turn.push(who);
  const roles = [...turn];
  for (const stem of step.stems) if (!roles.includes(stem.role)) roles.push(stem.role);
  const speakers = roles.map((role) => ({
    seat: seatOf(role),
    name: names[seatOf(role)],
    role,
    roleLabel: l(deck.roles[role]),
    stems: step.stems.filter((s) => s.role === role).map((s) => ({ id: s.id, text: l(s.text) })),
  }));

  const timer = overlay.timer ? timerRemaining(overlay.timer, now) : null;
  return {
    process: { id: process.id, title: l(process.title) },
    step: { id: step.id, title: l(step.title), index, count: process.steps.length },
    sender: { seat: overlay.sender, name: names[overlay.sender], label: l(deck.roles.S) },
    receiver: { seat: receiverSeat, name: names[receiverSeat], label: l(deck.roles.R) },
    turn: turn.map((role) => ({ seat: seatOf(role), name: names[seatOf(role)], role })),
    speakers,
    feelings:
      step.id === 'empathy'
        ? { title: l(deck.cardTitles.feelings), items: deck.feelings.map((f) => ({ id: f.id, text: l(f.text) })) }
        : null,
    isSwitchStep: isSwitchStep(step.speakers),
    isLastStep: index === process.steps.length - 1,
    canNext: canMove(run, 'next', deck),
    canBack: canMove(run, 'back', deck),
    canMore: canMove(run, 'more', deck),
    timer:
      overlay.timer && timer !== null
        ? { seconds: overlay.timer.seconds, remaining: timer, expired: timer === 0 }
        : null,
  };
}

/** The processes a couple can practise: the unlocked ones the deck knows, in the deck's order. */
export function practiceProcesses(unlocked: readonly string[], locale: Locale, deck: Deck = DECK) {
  return deck.processes
    .filter((p) => unlocked.includes(p.id))
    .map((p) => ({ id: p.id, title: localize(p.title, locale) }));
}

/** Seconds as a clock: `clock(245) // '4:05'`. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The step where only the therapist "speaks" is where the roles switch. */
function isSwitchStep(speakers: readonly string[]): boolean {
  return speakers.length > 0 && speakers.every((s) => s === 'T');
}

function actionFor(run: PracticeRun, move: PracticeMove, deck: Deck): OverlayAction | null {
  switch (move) {
    case 'next': {
      const process = getProcess(run.overlay.processId, deck);
      const index = process?.steps.findIndex((s) => s.id === run.overlay.stepId) ?? -1;
      // The switch step is reached with `next`; leaving it takes `switch` (or `finish`).
      return process && index >= 0 && index < process.steps.length - 1 ? { type: 'next' } : null;
    }
    case 'more':
      return { type: 'more' };
    case 'switch':
      return { type: 'switchAndStart' };
    default:
      return null;
  }
}

/** The overlay after `action`, without its one-level undo (Back keeps its own history); null if refused. */
function apply(overlay: OverlayState, action: OverlayAction, now: Date, deck: Deck): OverlayState | null {
  const result = applyOverlayAction(overlay, action, now, deck);
  if (!result.ok) return null;
  const { undo: _undo, ...state } = result.state;
  return state;
}

function must(result: ReturnType<typeof applyOverlayAction>): OverlayState {
  if (!result.ok) throw new PracticeError(result.code);
  return result.state;
}
