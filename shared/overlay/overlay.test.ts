import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECK, findStem, getProcess, getStep } from '../dialogues';
import {
  applyOverlayAction,
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
    });
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

  it('swaps Sender and Receiver and keeps the card', () => {
    const s = run(
      { type: 'goToStep', stepId: 'send' },
      { type: 'showStem', stemId: 'couples-dialogue.send.feel' },
      { type: 'swapRoles' },
    );
    expect(s.sender).toBe('B');
    expect(s.card).toEqual({ kind: 'stem', stemId: 'couples-dialogue.send.feel' });
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
        expect(twice.state).toEqual({ ...state, version: state.version + 2 });
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
    expect(overlayForLiveKit(s)).toEqual({ ...s, card: { kind: 'custom' } });
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
      speakers: ['R'],
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
    });
    expect(view.guidance?.step).toBe(getStep('couples-dialogue', 'mirror')?.guidance.et);
  });

  it('follows a role swap: the Sender stem goes to the other seat', () => {
    const s = run({ type: 'showStem', stemId: 'palette.feel' }, { type: 'swapRoles' });
    expect(overlayView(s, 'en').card).toMatchObject({
      speaker: 'B',
      text: 'And when that happens, I feel …',
    });
  });

  it('resolves safety and pause cards, with the repair line', () => {
    expect(overlayView(run({ type: 'showSafety', cardId: 'ouch' }), 'et').card).toEqual({
      kind: 'safety',
      cardId: 'ouch',
      text: 'Ai — proovime uuesti.',
      repair: 'Vabandust, ütlen uuesti.',
    });
    expect(overlayView(run({ type: 'pause' }), 'en').card).toEqual({
      kind: 'pause',
      text: "Let's pause and breathe together.",
    });
  });

  it('shows custom text as given, and none from the LiveKit copy', () => {
    const s = run({ type: 'showCustom', text: 'Take your time.' });
    expect(overlayView(s, 'et').card).toEqual({ kind: 'custom', text: 'Take your time.' });
    expect(overlayView(overlayForLiveKit(s), 'et').card).toEqual({ kind: 'custom', text: null });
  });

  it('shows nothing for ids it does not know instead of throwing', () => {
    const view = overlayView(
      { ...initialOverlay(), processId: 'future', card: { kind: 'stem', stemId: 'future.x' } },
      'en',
    );
    expect(view).toMatchObject({ process: null, step: null, card: null, guidance: null });
  });
});
