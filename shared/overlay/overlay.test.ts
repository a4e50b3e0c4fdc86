import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECK, findStem, getProcess, getStep, turnStartStep } from '../dialogues';
import {
  applyOverlayAction,
  LiveKitOverlay,
  timerRemaining,
  withBcrRequestTexts,
  encodeLiveKitOverlay,
  initialOverlay,
  OVERLAY_ERROR_CODES,
  OverlayAction,
  overlayForLiveKit,
  OverlayState,
  overlayView,
  parseLiveKitOverlay,
  shouldApply,
  type OverlayResult,
} from './index';

const NOW = new Date('2026-12-01T09:30:00.000Z');

/** Applies actions in order; fails the test on the first rejection. */
function run(...actions: OverlayAction[]): OverlayState {
  return actions.reduce((state, action) => {
    const r = applyOverlayAction(state, action, NOW);
    if (!r.ok) throw new Error(`${action.type} rejected: ${r.code} ${r.message}`);
    return r.state;
  }, initialOverlay());
}

function rejection(result: OverlayResult) {
  return result.ok ? 'accepted' : result.code;
}

/** 'accepted' or the rejection code of one action (on the initial overlay by default). */
function outcome(action: unknown, state = initialOverlay(), now = NOW) {
  return rejection(applyOverlayAction(state, action as OverlayAction, now));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const processIds = DECK.processes.map((p) => p.id);
const stepIds = [...new Set(DECK.processes.flatMap((p) => p.steps.map((s) => s.id)))];
const stemIds = [
  ...DECK.processes.flatMap((p) => p.steps.flatMap((s) => s.stems.map((t) => t.id))),
  ...DECK.palette.map((t) => t.id),
];
const cardIds = DECK.safetyCards.map((c) => c.id);

/** A known id most of the time, sometimes any string. */
const idFrom = (ids: string[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 4 }, fc.string({ maxLength: 70 }));

/** Any action a therapist's client could send, valid or not, including junk. */
const anyAction: fc.Arbitrary<unknown> = fc.oneof(
  idFrom(processIds).map((processId) => ({ type: 'selectProcess', processId })),
  idFrom(stepIds).map((stepId) => ({ type: 'goToStep', stepId })),
  { arbitrary: fc.constant({ type: 'next' }), weight: 5 },
  { arbitrary: fc.constant({ type: 'prev' }), weight: 3 },
  fc.constant({ type: 'swapRoles' }),
  idFrom(stemIds).map((stemId) => ({ type: 'showStem', stemId })),
  fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({ type: 'showCustom', text })),
  fc
    .tuple(fc.string({ maxLength: 40 }), fc.constantFrom('A', 'B', 'C'))
    .map(([text, to]) => ({ type: 'showCustom', text: `x${text}`, to })),
  { arbitrary: fc.constant({ type: 'more' }), weight: 2 },
  { arbitrary: fc.constant({ type: 'switchAndStart' }), weight: 2 },
  { arbitrary: fc.constant({ type: 'undo' }), weight: 2 },
  fc.constant({ type: 'showFeelings' }),
  fc.constant({ type: 'showGroundRules' }),
  fc
    .constantFrom(0, 1, 2, null, undefined, 3)
    .map((chosen) => ({ type: 'showBcrRequests', ...(chosen !== undefined && { chosen }) })),
  fc.constant({ type: 'resume' }),
  fc
    .constantFrom('mother', 'father', 'caregiver', null, 'aunt')
    .map((parentRole) => ({ type: 'setParentRole', parentRole })),
  fc.constant({ type: 'pause' }),
  idFrom(cardIds).map((cardId) => ({ type: 'showSafety', cardId })),
  fc.constant({ type: 'clearCard' }),
  fc.integer({ min: -10, max: 4000 }).map((seconds) => ({ type: 'startTimer', seconds })),
  fc.constant({ type: 'stopTimer' }),
  fc.boolean().map((visible) => ({ type: 'setVisible', visible })),
  fc.anything(),
);

const anyNow = fc.date({
  min: new Date('2020-01-01T00:00:00Z'),
  max: new Date('2040-01-01T00:00:00Z'),
  noInvalidDate: true,
});

/** A state reached from the initial one by random accepted actions. */
const reachableState = fc.array(anyAction, { maxLength: 40 }).map((actions) =>
  actions.reduce<OverlayState>((state, action) => {
    const r = applyOverlayAction(state, action as OverlayAction, NOW);
    return r.ok ? r.state : state;
  }, initialOverlay()),
);

describe('initialOverlay', () => {
  it('opens the Imago Dialogue at its first step, seat A sending, visible, nothing shown', () => {
    expect(initialOverlay()).toEqual({
      version: 1,
      processId: 'couples-dialogue',
      stepId: 'appointment',
      sender: 'A',
      visible: true,
      card: null,
      timer: null,
      parentRole: null,
    });
    expect(initialOverlay()).not.toHaveProperty('undo');
    expect(OverlayState.safeParse(initialOverlay()).success).toBe(true);
  });
});

describe('applyOverlayAction', () => {
  it('selecting a process goes to its first step, clears the card and keeps the timer', () => {
    const s = run(
      { type: 'goToStep', stepId: 'mirror' },
      { type: 'startTimer', seconds: 120 },
      { type: 'showStem', stemId: 'couples-dialogue.mirror.more' },
      { type: 'selectProcess', processId: 'frustration' },
    );
    expect(s).toMatchObject({ version: 5, processId: 'frustration', stepId: 'appointment' });
    expect(s.card).toBeNull();
    expect(s.timer).toEqual({ startedAt: NOW.toISOString(), seconds: 120 });
  });

  it('going to a step clears the card, because a stem belongs to a step', () => {
    const s = run(
      { type: 'showStem', stemId: 'couples-dialogue.appointment.ask' },
      { type: 'goToStep', stepId: 'send' },
    );
    expect(s).toMatchObject({ stepId: 'send', card: null });
  });

  it('walks a process with next and prev and stops at both ends without wrapping', () => {
    const steps = getProcess('appreciation')!.steps.map((s) => s.id);
    let s = run({ type: 'selectProcess', processId: 'appreciation' });
    expect(rejection(applyOverlayAction(s, { type: 'prev' }, NOW))).toBe('at_first_step');
    const visited = [s.stepId];
    for (;;) {
      const r = applyOverlayAction(s, { type: 'next' }, NOW);
      if (!r.ok) {
        expect(r.code).toBe('at_last_step');
        break;
      }
      s = r.state;
      visited.push(s.stepId);
    }
    expect(visited).toEqual(steps);
    const back = applyOverlayAction(s, { type: 'prev' }, NOW);
    expect(back.ok && back.state.stepId).toBe(steps.at(-2));
  });

  it('swaps Sender and Receiver and keeps the card with its person', () => {
    const s = run(
      { type: 'goToStep', stepId: 'send' },
      { type: 'showStem', stemId: 'couples-dialogue.send.feel' },
      { type: 'swapRoles' },
    );
    expect(s.sender).toBe('B');
    expect(s.card).toEqual({ kind: 'stem', stemId: 'couples-dialogue.send.feel', to: 'A' });
  });

  it('shows stems of the current process (any step) and of the palette, nothing else', () => {
    const show = (stemId: string) => outcome({ type: 'showStem', stemId });
    expect(show('couples-dialogue.empathy.check')).toBe('accepted');
    expect(show('palette.scares')).toBe('accepted');
    expect(show('frustration.hurt.say')).toBe('unknown_stem');
    expect(show('palette.nope')).toBe('unknown_stem');
  });

  it('rejects unknown processes, steps and cards with their reason codes', () => {
    expect(outcome({ type: 'selectProcess', processId: 'container' })).toBe('unknown_process');
    expect(outcome({ type: 'goToStep', stepId: 'gift' })).toBe('unknown_step');
    expect(outcome({ type: 'showSafety', cardId: 'stop' })).toBe('unknown_card');
  });

  it('shows safety cards; the pause card stays its own kind', () => {
    const ouch = run({ type: 'showSafety', cardId: 'ouch' });
    expect(ouch.card).toEqual({ kind: 'safety', cardId: 'ouch' });
    expect(run({ type: 'showSafety', cardId: 'pause' }).card).toEqual({ kind: 'pause' });
    expect(run({ type: 'pause' }).card).toEqual({ kind: 'pause' });
    expect(run({ type: 'pause' }, { type: 'clearCard' }).card).toBeNull();
  });

  it('trims custom text and takes 1–280 characters', () => {
    expect(run({ type: 'showCustom', text: '  Breathe with me.  ' }).card).toEqual({
      kind: 'custom',
      text: 'Breathe with me.',
    });
    expect(outcome({ type: 'showCustom', text: ` ${'x'.repeat(280)} ` })).toBe('accepted');
    for (const text of ['', ' \n\t ', 'x'.repeat(281)]) {
      expect(outcome({ type: 'showCustom', text })).toBe('invalid_action');
    }
  });

  it('starts a timer at `now` for 10 s to 1 h and stops it', () => {
    const s = run({ type: 'startTimer', seconds: 90 });
    expect(s.timer).toEqual({ startedAt: '2026-12-01T09:30:00.000Z', seconds: 90 });
    expect(run({ type: 'startTimer', seconds: 90 }, { type: 'stopTimer' }).timer).toBeNull();
    for (const seconds of [9, 3601, 12.5, Number.NaN, '60']) {
      expect(outcome({ type: 'startTimer', seconds })).toBe('invalid_action');
    }
    const invalidNow = new Date(Number.NaN);
    expect(outcome({ type: 'startTimer', seconds: 60 }, initialOverlay(), invalidNow)).toBe(
      'invalid_action',
    );
  });

  it('hides and shows the overlay', () => {
    const hidden = run({ type: 'setVisible', visible: false });
    expect(hidden.visible).toBe(false);
    const shown = applyOverlayAction(hidden, { type: 'setVisible', visible: true }, NOW);
    expect(shown.ok && shown.state.visible).toBe(true);
  });

  it('answers malformed actions with invalid_action instead of throwing', () => {
    const junk = [null, 42, {}, { type: 'jump' }, { type: 'next', n: 1 }, { type: 'setVisible' }];
    for (const action of junk) expect(outcome(action)).toBe('invalid_action');
  });

  it('keeps custom text out of rejection messages', () => {
    const text = `Anna ${'x'.repeat(300)}`;
    const r = applyOverlayAction(initialOverlay(), { type: 'showCustom', text }, NOW);
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain('Anna');
  });
});

describe('applyOverlayAction — properties over random action sequences', () => {
  it('accepts by exactly one version, rejects with a known code, keeps every state valid', () => {
    fc.assert(
      fc.property(fc.array(anyAction, { maxLength: 60 }), anyNow, (actions, now) => {
        let state = initialOverlay();
        for (const action of actions) {
          const before = structuredClone(state);
          const r = applyOverlayAction(deepFreeze(state), action as OverlayAction, now);
          expect(state).toEqual(before);
          if (!r.ok) {
            expect(OVERLAY_ERROR_CODES).toContain(r.code);
            expect(r).not.toHaveProperty('state');
            continue;
          }
          expect(r.state.version).toBe(state.version + 1);
          expect(r.state).not.toBe(state);
          expect(OverlayState.safeParse(r.state).success).toBe(true);
          const steps = getProcess(r.state.processId)?.steps.map((s) => s.id);
          expect(steps).toContain(r.state.stepId);
          state = r.state;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('next and prev keep the step inside its process and fail only at the ends', () => {
    const moves = fc.array(fc.constantFrom<OverlayAction>({ type: 'next' }, { type: 'prev' }), {
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.constantFrom(...processIds), moves, (processId, actions) => {
        const steps = getProcess(processId)!.steps.map((s) => s.id);
        let state = run({ type: 'selectProcess', processId });
        for (const action of actions) {
          const index = steps.indexOf(state.stepId);
          const r = applyOverlayAction(state, action, NOW);
          if (action.type === 'next' && index === steps.length - 1) {
            expect(rejection(r)).toBe('at_last_step');
          } else if (action.type === 'prev' && index === 0) {
            expect(rejection(r)).toBe('at_first_step');
          } else {
            expect(r.ok).toBe(true);
            if (r.ok) state = r.state;
            expect(steps.indexOf(state.stepId)).toBe(index + (action.type === 'next' ? 1 : -1));
          }
          expect(state.processId).toBe(processId);
        }
      }),
    );
  });

  it('swapping roles twice changes nothing but the version', () => {
    fc.assert(
      fc.property(reachableState, (state) => {
        const once = applyOverlayAction(state, { type: 'swapRoles' }, NOW);
        if (!once.ok) throw new Error('swapRoles rejected');
        expect(once.state.sender).not.toBe(state.sender);
        const twice = applyOverlayAction(once.state, { type: 'swapRoles' }, NOW);
        if (!twice.ok) throw new Error('swapRoles rejected');
        expect(twice.state.version).toBe(state.version + 2);
        expect(fields(twice.state)).toEqual(fields(state));
      }),
    );
  });

  it('rejects ids that are not in the deck', () => {
    const known = new Set([...processIds, ...stepIds, ...stemIds, ...cardIds]);
    const unknownId = fc.string({ minLength: 1, maxLength: 64 }).filter((s) => !known.has(s));
    fc.assert(
      fc.property(reachableState, unknownId, (state, id) => {
        const codes = [
          applyOverlayAction(state, { type: 'selectProcess', processId: id }, NOW),
          applyOverlayAction(state, { type: 'goToStep', stepId: id }, NOW),
          applyOverlayAction(state, { type: 'showStem', stemId: id }, NOW),
          applyOverlayAction(state, { type: 'showSafety', cardId: id }, NOW),
        ].map(rejection);
        expect(codes).toEqual(['unknown_process', 'unknown_step', 'unknown_stem', 'unknown_card']);
      }),
    );
  });

  it('rejects stems of another process', () => {
    const foreign = fc
      .tuple(reachableState, fc.constantFrom(...stemIds))
      .filter(([, stemId]) => findStem(stemId)?.location.kind === 'step')
      .filter(([state, stemId]) => !stemId.startsWith(`${state.processId}.`));
    fc.assert(
      fc.property(foreign, ([state, stemId]) => {
        expect(outcome({ type: 'showStem', stemId }, state)).toBe('unknown_stem');
      }),
    );
  });
});

describe('overlayForLiveKit and parseLiveKitOverlay', () => {
  it('publishes ids only: a custom card goes without its text', () => {
    const s = run({ type: 'showCustom', text: 'Mari, tell Jaan about Sunday.' });
    const { undo: _undo, parentRole: _none, ...rest } = s;
    expect(overlayForLiveKit(s)).toEqual({ ...rest, card: { kind: 'custom' } });
    expect(encodeLiveKitOverlay(s)).not.toContain('Mari');
  });

  it('never carries custom text, whatever the text and the rest of the state', () => {
    // Any code points (surrogate pairs, control and space characters), between markers that
    // occur nowhere else, so "the JSON contains the text" cannot match by accident.
    const text = fc.string({ unit: 'binary', maxLength: 130 }).map((t) => `«${t}»`);
    fc.assert(
      fc.property(reachableState, text, text, (state, first, second) => {
        const show = (t: string) => {
          const r = applyOverlayAction(state, { type: 'showCustom', text: t }, NOW);
          if (!r.ok) throw new Error('showCustom rejected');
          return r.state;
        };
        const a = show(first);
        const published = overlayForLiveKit(a);
        expect(published.card).toEqual({ kind: 'custom' });
        expect(JSON.stringify(published)).not.toContain('«');
        expect(published).toEqual(overlayForLiveKit(show(second)));
      }),
    );
  });

  it('round-trips every reachable state through room metadata', () => {
    fc.assert(
      fc.property(reachableState, (state) => {
        expect(parseLiveKitOverlay(encodeLiveKitOverlay(state))).toEqual(overlayForLiveKit(state));
      }),
    );
  });

  it('reads nothing from empty, broken or foreign metadata', () => {
    const broken = ['', 'null', '{', '[]', '{"version":"2"}', '{"topic":"x"}', 'x'.repeat(5000)];
    for (const metadata of broken) expect(parseLiveKitOverlay(metadata)).toBeNull();
    fc.assert(
      fc.property(fc.string(), (metadata) => {
        expect(() => parseLiveKitOverlay(metadata)).not.toThrow();
      }),
    );
  });

  it('drops a custom text even if one was smuggled into the metadata', () => {
    const s = overlayForLiveKit(initialOverlay());
    const smuggled = JSON.stringify({ ...s, card: { kind: 'custom', text: 'secret' } });
    const parsed = parseLiveKitOverlay(smuggled);
    expect(parsed?.card).toEqual({ kind: 'custom' });
  });
});

describe('shouldApply', () => {
  it('takes only a strictly higher version', () => {
    expect(shouldApply({ version: 3 }, { version: 4 })).toBe(true);
    expect(shouldApply({ version: 3 }, { version: 3 })).toBe(false);
    expect(shouldApply({ version: 3 }, { version: 2 })).toBe(false);
    expect(shouldApply(null, { version: 1 })).toBe(true);
    expect(shouldApply({ version: 3 }, null)).toBe(false);
  });
});

describe('overlayView', () => {
  it('shows the partners the step, the roles and the stem for the one who speaks', () => {
    const s = run(
      { type: 'goToStep', stepId: 'mirror' },
      { type: 'showStem', stemId: 'couples-dialogue.mirror.said' },
      { type: 'startTimer', seconds: 60 },
    );
    const view = overlayView(s, 'et');
    expect(view.process).toEqual({ id: 'couples-dialogue', title: 'Imago dialoog' });
    expect(view.step).toEqual({
      id: 'mirror',
      title: 'Peegeldamine',
      index: 3,
      count: 9,
      speakers: ['R', 'S'],
      loopTo: 'send',
    });
    expect(view.sender).toEqual({ seat: 'A', label: 'Saatja' });
    expect(view.receiver).toEqual({ seat: 'B', label: 'Vastuvõtja' });
    expect(view.card).toEqual({
      kind: 'stem',
      stemId: 'couples-dialogue.mirror.said',
      role: 'R',
      speaker: 'B',
      text: 'Kui ma sain õigesti aru, siis sa ütlesid …',
    });
    expect(view.timer).toEqual({
      startedAt: NOW.toISOString(),
      seconds: 60,
      endsAt: '2026-12-01T09:31:00.000Z',
      paused: false,
      remaining: null,
    });
    expect(view.parentRole).toBeNull();
    expect(view.guidance?.step).toBe(getStep('couples-dialogue', 'mirror')?.guidance.et);
  });

  it('keeps a stem with its person across a role swap; a new stem follows the new roles', () => {
    const s = run({ type: 'showStem', stemId: 'palette.feel' }, { type: 'swapRoles' });
    expect(overlayView(s, 'en').card).toMatchObject({
      speaker: 'A',
      text: 'And when that happens, I feel …',
    });
    const again = run(
      { type: 'showStem', stemId: 'palette.feel' },
      { type: 'swapRoles' },
      { type: 'showStem', stemId: 'palette.feel' },
    );
    expect(overlayView(again, 'en').card).toMatchObject({ speaker: 'B' });
  });

  it('resolves safety and pause cards, with the repair line', () => {
    expect(overlayView(run({ type: 'showSafety', cardId: 'ouch' }), 'et').card).toEqual({
      kind: 'safety',
      cardId: 'ouch',
      text: 'Ai – proovime uuesti.',
      repair: 'Vabandust, ütlen selle teisiti.',
    });
    expect(overlayView(run({ type: 'pause' }), 'en').card).toEqual({
      kind: 'pause',
      text: "Let's pause and breathe together.",
    });
  });

  it('shows custom text as given, and none from the LiveKit copy', () => {
    const s = run({ type: 'showCustom', text: 'Take your time.' });
    expect(overlayView(s, 'et').card).toEqual({ kind: 'custom', text: 'Take your time.', to: null });
    expect(overlayView(overlayForLiveKit(s), 'et').card).toEqual({
      kind: 'custom',
      text: null,
      to: null,
    });
  });

  it('shows nothing for ids it does not know instead of throwing', () => {
    const view = overlayView(
      { ...initialOverlay(), processId: 'future', card: { kind: 'stem', stemId: 'future.x' } },
      'en',
    );
    expect(view).toMatchObject({ process: null, step: null, card: null, guidance: null });
  });
});

/** The state without its version and history, for comparing what `undo` restores. */
function fields(state: OverlayState) {
  const { version: _version, undo: _undo, ...rest } = state;
  return { ...rest, parentRole: rest.parentRole ?? null };
}

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

/** Applies one action at `now`; fails the test on a rejection. */
function step(state: OverlayState, action: OverlayAction, now = NOW): OverlayState {
  const r = applyOverlayAction(state, action, now);
  if (!r.ok) throw new Error(`${action.type} rejected: ${r.code} ${r.message}`);
  return r.state;
}

describe('switchAndStart and undo', () => {
  it('swaps roles, clears the card and starts the turn at the first Sender step, in one action', () => {
    const before = run(
      { type: 'goToStep', stepId: 'switch' },
      { type: 'showCustom', text: 'Well done, both of you.' },
    );
    const s = step(before, { type: 'switchAndStart' });
    expect(s).toMatchObject({
      version: before.version + 1,
      sender: 'B',
      stepId: 'appointment',
      card: null,
    });
  });

  it('starts every process at its first Sender step, from every step', () => {
    for (const process of DECK.processes) {
      for (const { id } of process.steps) {
        const s = run({ type: 'selectProcess', processId: process.id }, { type: 'goToStep', stepId: id });
        const switched = step(s, { type: 'switchAndStart' });
        expect(switched.stepId, `${process.id}.${id}`).toBe(turnStartStep(process)?.id);
        expect(switched.sender).not.toBe(s.sender);
      }
    }
  });

  it('is undone in one step: the previous state comes back at the next version', () => {
    const before = run(
      { type: 'goToStep', stepId: 'mirror' },
      { type: 'showStem', stemId: 'couples-dialogue.mirror.more' },
    );
    const switched = step(before, { type: 'switchAndStart' });
    const undone = step(switched, { type: 'undo' });
    expect(undone.version).toBe(switched.version + 1);
    expect(fields(undone)).toEqual(fields(before));
    expect(undone).not.toHaveProperty('undo');
    expect(outcome({ type: 'undo' }, undone)).toBe('nothing_to_undo');
    expect(outcome({ type: 'undo' })).toBe('nothing_to_undo');
  });

  it('undoes any accepted action, one level deep', () => {
    fc.assert(
      fc.property(reachableState, anyAction, anyNow, (state, action, now) => {
        const r = applyOverlayAction(state, action as OverlayAction, now);
        fc.pre(r.ok && (action as OverlayAction).type !== 'undo');
        if (!r.ok) return;
        const undone = applyOverlayAction(r.state, { type: 'undo' }, now);
        expect(undone.ok).toBe(true);
        if (!undone.ok) return;
        expect(undone.state.version).toBe(state.version + 2);
        expect(fields(undone.state)).toEqual(fields(state));
        expect(OverlayState.safeParse(undone.state).success).toBe(true);
      }),
    );
  });

  it('keeps the history one level deep, so the stored state stays small', () => {
    fc.assert(
      fc.property(reachableState, (state) => {
        if (state.undo) expect(state.undo).not.toHaveProperty('undo');
        expect(JSON.stringify(state).length).toBeLessThan(2000);
      }),
    );
  });
});

describe('the send ⇄ mirror loop', () => {
  it('"Is there more?" goes back from mirroring to sending; next goes on to the summary', () => {
    const mirror = run({ type: 'goToStep', stepId: 'mirror' }, { type: 'showStem', stemId: 'couples-dialogue.mirror.more' });
    expect(step(mirror, { type: 'more' })).toMatchObject({ stepId: 'send', card: null });
    expect(step(mirror, { type: 'next' }).stepId).toBe('summary');
  });

  it('loops the requests of a Behavior Change Request and refuses steps without a loop', () => {
    const bcr = run(
      { type: 'selectProcess', processId: 'behavior-change-request' },
      { type: 'goToStep', stepId: 'mirror' },
    );
    expect(step(bcr, { type: 'more' }).stepId).toBe('requests');
    expect(step(bcr, { type: 'next' }).stepId).toBe('gift');
    expect(outcome({ type: 'more' })).toBe('no_loop');
    expect(outcome({ type: 'more' }, run({ type: 'goToStep', stepId: 'send' }))).toBe('no_loop');
  });

  it('goes around the loop as often as needed without leaving the process', () => {
    let s = run({ type: 'selectProcess', processId: 'appreciation' });
    for (let i = 0; i < 5; i++) {
      s = step(step(s, { type: 'next' }), { type: 'more' });
      expect(s).toMatchObject({ processId: 'appreciation', stepId: 'send' });
    }
  });
});

describe('parent role', () => {
  const parentChild = () => run({ type: 'selectProcess', processId: 'parent-child' });

  it('is set in the Parent–Child Dialogue only, and only to a known role', () => {
    expect(outcome({ type: 'setParentRole', parentRole: 'mother' })).toBe('wrong_process');
    expect(outcome({ type: 'setParentRole', parentRole: 'aunt' }, parentChild())).toBe(
      'invalid_action',
    );
    const s = step(parentChild(), { type: 'setParentRole', parentRole: 'caregiver' });
    expect(s.parentRole).toBe('caregiver');
    expect(step(s, { type: 'setParentRole', parentRole: null }).parentRole).toBeNull();
  });

  it("shows on the Receiver's tile as a badge, in the partner's language", () => {
    const s = step(parentChild(), { type: 'setParentRole', parentRole: 'mother' });
    expect(overlayView(s, 'et').parentRole).toEqual({
      id: 'mother',
      name: 'Ema',
      badge: 'emana',
      seat: 'B',
    });
    expect(overlayView(s, 'en').parentRole?.badge).toBe('as mother');
    expect(overlayView(step(s, { type: 'swapRoles' }), 'en').parentRole?.seat).toBe('A');
  });

  it('stays through the steps and is cleared when leaving the process or switching turns', () => {
    const s = step(parentChild(), { type: 'setParentRole', parentRole: 'father' });
    const walked = [{ type: 'next' }, { type: 'next' }, { type: 'prev' }, { type: 'showFeelings' }]
      .reduce((x, a) => step(x, a as OverlayAction), s);
    expect(walked.parentRole).toBe('father');
    expect(step(walked, { type: 'selectProcess', processId: 'parent-child' }).parentRole).toBe(
      'father',
    );
    expect(step(walked, { type: 'selectProcess', processId: 'couples-dialogue' }).parentRole).toBeNull();
    expect(step(walked, { type: 'switchAndStart' })).toMatchObject({
      parentRole: null,
      stepId: 'set-role',
    });
  });

  it('is never set outside the Parent–Child Dialogue, whatever the therapist does', () => {
    fc.assert(
      fc.property(reachableState, (state) => {
        if (state.processId !== 'parent-child') expect(state.parentRole ?? null).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('travels to LiveKit as its id, and only when set', () => {
    const s = step(parentChild(), { type: 'setParentRole', parentRole: 'mother' });
    expect(JSON.parse(encodeLiveKitOverlay(s)).parentRole).toBe('mother');
    expect(parseLiveKitOverlay(encodeLiveKitOverlay(s))?.parentRole).toBe('mother');
    expect(JSON.parse(encodeLiveKitOverlay(initialOverlay()))).not.toHaveProperty('parentRole');
  });
});

describe('a card keeps its person when the roles swap', () => {
  it('"Is there more?" asked of the Receiver stays with that partner', () => {
    const s = run(
      { type: 'goToStep', stepId: 'mirror' },
      { type: 'showStem', stemId: 'couples-dialogue.mirror.more' },
    );
    expect(overlayView(s, 'et').card).toMatchObject({ speaker: 'B', text: 'Kas on veel midagi?' });
    const swapped = step(s, { type: 'swapRoles' });
    expect(swapped.card).toEqual({ kind: 'stem', stemId: 'couples-dialogue.mirror.more', to: 'B' });
    expect(overlayView(swapped, 'et').card).toMatchObject({ speaker: 'B' });
    expect(overlayView(overlayForLiveKit(swapped), 'et').card).toMatchObject({ speaker: 'B' });
    expect(step(swapped, { type: 'swapRoles' }).card).toEqual({
      kind: 'stem',
      stemId: 'couples-dialogue.mirror.more',
    });
  });

  it('any stem, any number of swaps: the card names the partner it named when shown', () => {
    fc.assert(
      fc.property(reachableState, fc.constantFrom(...stemIds), fc.nat(5), (state, stemId, swaps) => {
        const shown = applyOverlayAction(state, { type: 'showStem', stemId }, NOW);
        fc.pre(shown.ok);
        if (!shown.ok) return;
        const speaker = (s: OverlayState) => {
          const card = overlayView(s, 'en').card;
          return card?.kind === 'stem' ? card.speaker : null;
        };
        let s = shown.state;
        for (let i = 0; i < swaps; i++) s = step(s, { type: 'swapRoles' });
        expect(speaker(s)).toBe(speaker(shown.state));
      }),
    );
  });

  it('a custom card addressed to one partner (doubling) stays addressed to them', () => {
    const s = run({ type: 'showCustom', text: 'Jaan, say it to Mari.', to: 'B' }, { type: 'swapRoles' });
    expect(s.card).toEqual({ kind: 'custom', text: 'Jaan, say it to Mari.', to: 'B' });
    expect(overlayView(s, 'en').card).toEqual({ kind: 'custom', text: 'Jaan, say it to Mari.', to: 'B' });
    expect(overlayForLiveKit(s).card).toEqual({ kind: 'custom', to: 'B' });
    expect(outcome({ type: 'showCustom', text: 'x', to: 'C' })).toBe('invalid_action');
  });
});

describe('pause freezes the turn timer', () => {
  it('keeps the seconds left while paused and runs on from there after resume', () => {
    const running = run({ type: 'startTimer', seconds: 120 });
    const paused = step(running, { type: 'pause' }, at(30));
    expect(paused.card).toEqual({ kind: 'pause' });
    expect(paused.timer).toMatchObject({ seconds: 120, pausedRemaining: 90 });
    expect(timerRemaining(paused.timer!, at(500))).toBe(90);
    expect(overlayView(paused, 'en').timer).toMatchObject({ paused: true, remaining: 90 });

    const resumed = step(paused, { type: 'resume' }, at(600));
    expect(resumed.card).toBeNull();
    expect(resumed.timer).toEqual({ startedAt: at(570).toISOString(), seconds: 120 });
    expect(timerRemaining(resumed.timer!, at(600))).toBe(90);
    expect(overlayView(resumed, 'en').timer).toMatchObject({
      endsAt: at(690).toISOString(),
      paused: false,
      remaining: null,
    });
  });

  it('the pause safety card freezes too, and clearing the pause card resumes', () => {
    const paused = step(run({ type: 'startTimer', seconds: 60 }), { type: 'showSafety', cardId: 'pause' }, at(10));
    expect(paused.timer?.pausedRemaining).toBe(50);
    const cleared = step(paused, { type: 'clearCard' }, at(100));
    expect(cleared.timer).toEqual({ startedAt: at(90).toISOString(), seconds: 60 });
  });

  it('stays frozen while other cards are shown, and a second pause changes nothing', () => {
    let s = step(run({ type: 'startTimer', seconds: 60 }), { type: 'pause' }, at(20));
    s = step(s, { type: 'showFeelings' }, at(40));
    s = step(s, { type: 'pause' }, at(50));
    expect(s.timer?.pausedRemaining).toBe(40);
    s = step(s, { type: 'showGroundRules' }, at(55));
    expect(step(s, { type: 'resume' }, at(70))).toMatchObject({
      card: { kind: 'groundRules' },
      timer: { startedAt: at(50).toISOString(), seconds: 60 },
    });
  });

  it('resume needs something paused; a pause without a timer is just the card', () => {
    expect(outcome({ type: 'resume' })).toBe('not_paused');
    expect(run({ type: 'pause' })).toMatchObject({ card: { kind: 'pause' }, timer: null });
    expect(run({ type: 'pause' }, { type: 'resume' }).card).toBeNull();
    const restarted = run({ type: 'startTimer', seconds: 60 }, { type: 'pause' }, { type: 'startTimer', seconds: 30 });
    expect(restarted.timer).toEqual({ startedAt: NOW.toISOString(), seconds: 30 });
  });

  it('never freezes more time than the timer has, and publishes the frozen seconds', () => {
    const late = step(run({ type: 'startTimer', seconds: 60 }), { type: 'pause' }, at(600));
    expect(late.timer?.pausedRemaining).toBe(0);
    const paused = step(run({ type: 'startTimer', seconds: 60 }), { type: 'pause' }, at(-5));
    expect(paused.timer?.pausedRemaining).toBe(60);
    expect(parseLiveKitOverlay(encodeLiveKitOverlay(paused))?.timer).toEqual(paused.timer);
  });
});

describe('feelings, ground rules and requests cards', () => {
  it('shows the feelings list as words that read after „Ma tunnen …“', () => {
    const view = overlayView(run({ type: 'showFeelings' }), 'et');
    expect(view.card?.kind).toBe('feelings');
    if (view.card?.kind !== 'feelings') return;
    expect(view.card.title).toBe('Ma tunnen …');
    expect(view.card.items.slice(0, 4)).toEqual([
      { id: 'glad', text: 'rõõmu' },
      { id: 'sad', text: 'kurbust' },
      { id: 'mad', text: 'viha' },
      { id: 'scared', text: 'hirmu' },
    ]);
    expect(view.card.items).toHaveLength(DECK.feelings.length);
  });

  it('shows the ground rules at any step of any process', () => {
    fc.assert(
      fc.property(reachableState, (state) => {
        const s = step(state, { type: 'showGroundRules' });
        const card = overlayView(s, 'en').card;
        expect(card).toMatchObject({ kind: 'groundRules', title: 'Ground rules' });
        if (card?.kind === 'groundRules') expect(card.items[0]?.text).toBe('One person talks at a time.');
        expect(overlayForLiveKit(s).card).toEqual({ kind: 'groundRules' });
      }),
      { numRuns: 50 },
    );
  });

  it('shows the three requests in the Behavior Change Request only, with the chosen index', () => {
    expect(outcome({ type: 'showBcrRequests' })).toBe('wrong_process');
    const bcr = run({ type: 'selectProcess', processId: 'behavior-change-request' });
    expect(step(bcr, { type: 'showBcrRequests' }).card).toEqual({ kind: 'bcrRequests', chosen: null });
    const chosen = step(bcr, { type: 'showBcrRequests', chosen: 2 });
    expect(chosen.card).toEqual({ kind: 'bcrRequests', chosen: 2 });
    expect(outcome({ type: 'showBcrRequests', chosen: 3 }, bcr)).toBe('invalid_action');

    const card = overlayView(chosen, 'et').card;
    expect(card).toEqual({ kind: 'bcrRequests', title: 'Kolm palvet', chosen: 2, requests: null });
    expect(withBcrRequestTexts(card, ['Walk', 'Call', 'Cook'])).toMatchObject({
      chosen: 2,
      requests: ['Walk', 'Call', 'Cook'],
    });
    expect(overlayForLiveKit(chosen).card).toEqual({ kind: 'bcrRequests', chosen: 2 });
  });
});

describe('LiveKit metadata carries ids only', () => {
  const allowedKeys = ['version', 'processId', 'stepId', 'sender', 'visible', 'card', 'timer', 'parentRole'];

  it('never an undo snapshot, custom text or unknown field, from any reachable state', () => {
    const text = fc.string({ minLength: 1, maxLength: 60 }).map((t) => `«${t}»`);
    fc.assert(
      fc.property(reachableState, text, fc.constantFrom(undefined, 'A', 'B'), (state, t, to) => {
        const s = step(state, { type: 'showCustom', text: t, ...(to && { to }) });
        const metadata = encodeLiveKitOverlay(s);
        expect(metadata).not.toContain('«');
        expect(metadata).not.toContain('undo');
        const json = JSON.parse(metadata) as Record<string, unknown>;
        for (const key of Object.keys(json)) expect(allowedKeys).toContain(key);
        expect(LiveKitOverlay.safeParse(json).success).toBe(true);
        expect(Object.keys(overlayForLiveKit(step(s, { type: 'undo' })))).not.toContain('undo');
      }),
    );
  });

  it('drops an undo snapshot or request texts smuggled into the metadata', () => {
    const s = overlayForLiveKit(run({ type: 'showFeelings' }));
    const smuggled = JSON.stringify({
      ...s,
      undo: { card: { kind: 'custom', text: 'secret' } },
      card: { kind: 'bcrRequests', chosen: 1, requests: ['secret'] },
    });
    const parsed = parseLiveKitOverlay(smuggled);
    expect(parsed).not.toHaveProperty('undo');
    expect(parsed?.card).toEqual({ kind: 'bcrRequests', chosen: 1 });
  });
});
