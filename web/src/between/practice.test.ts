import { afterEach, describe, expect, it, vi } from 'vitest';
import { getProcess } from '../../../shared/dialogues';
import { deckFor } from '../../../shared/dialogues/overrides';
import {
  canMove,
  clock,
  movePractice,
  practiceGuide,
  practiceProcesses,
  practiceRecord,
  practiceSeconds,
  startPractice,
  type PracticeMove,
  type PracticeRun,
} from './practice';

const names = { A: 'Mari', B: 'Jüri' };
const t0 = new Date('2026-12-01T18:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const dialogue = getProcess('couples-dialogue')!;

function play(run: PracticeRun, moves: PracticeMove[], from = 0): PracticeRun {
  return moves.reduce((r, move, i) => movePractice(r, move, at(from + i + 1)), run);
}

afterEach(() => vi.unstubAllGlobals());

describe('guided home practice', () => {
  it('starts at the first step with the chosen Sender, and the guide names whose turn it is', () => {
    const run = startPractice({ processId: 'couples-dialogue', firstSender: 'B', timerSeconds: 0 }, t0);
    const guide = practiceGuide(run, 'et', names, t0);
    expect(guide.step).toMatchObject({ id: 'appointment', title: 'Kokkulepe', index: 0, count: dialogue.steps.length });
    expect(guide.sender).toEqual({ seat: 'B', name: 'Jüri', label: 'Saatja' });
    expect(guide.receiver).toEqual({ seat: 'A', name: 'Mari', label: 'Vastuvõtja' });
    // "S, then R": the Sender's stems first, then the Receiver's.
    expect(guide.turn.map((s) => s.name)).toEqual(['Jüri', 'Mari']);
    expect(guide.speakers.map((s) => [s.name, s.role])).toEqual([
      ['Jüri', 'S'],
      ['Mari', 'R'],
    ]);
    expect(guide.speakers[0]!.stems[0]!.text).toContain('Kas praegu sobib?');
    expect(guide.canBack).toBe(false);
    expect(guide.timer).toBeNull();
  });

  it('steps advance with Next and stop at the switch step; Back returns one move at a time', () => {
    let run = startPractice({ processId: 'couples-dialogue', firstSender: 'A', timerSeconds: 0 }, t0);
    const ids: string[] = [run.overlay.stepId];
    while (canMove(run, 'next')) {
      run = movePractice(run, 'next', t0);
      ids.push(run.overlay.stepId);
    }
    expect(ids).toEqual(dialogue.steps.map((s) => s.id));
    const guide = practiceGuide(run, 'en', names, t0);
    expect(guide.isSwitchStep).toBe(true);
    expect(guide.speakers).toEqual([]);
    expect(guide.turn).toEqual([]);
    expect(movePractice(run, 'next', t0)).toBe(run);

    run = movePractice(run, 'back', t0);
    expect(run.overlay.stepId).toBe('close');
    run = play(run, ['back', 'back']);
    expect(run.overlay.stepId).toBe('validation');
  });

  it('"Is there more?" goes from mirroring back to sending, and Back undoes it', () => {
    let run = startPractice({ processId: 'couples-dialogue', firstSender: 'A', timerSeconds: 0 }, t0);
    run = play(run, ['next', 'next', 'next']);
    expect(run.overlay.stepId).toBe('mirror');
    expect(practiceGuide(run, 'en', names, t0).canMore).toBe(true);
    // The Receiver mirrors, then the Sender answers "Did I get it?".
    const mirror = practiceGuide(run, 'en', names, t0);
    expect(mirror.turn.map((p) => `${p.name}:${p.role}`)).toEqual(['Jüri:R', 'Mari:S']);
    expect(mirror.speakers.map((s) => s.role)).toEqual(['R', 'S']);
    run = movePractice(run, 'more', t0);
    expect(run.overlay.stepId).toBe('send');
    expect(practiceGuide(run, 'en', names, t0).canMore).toBe(false);
    expect(movePractice(run, 'more', t0)).toBe(run);
    expect(movePractice(run, 'back', t0).overlay.stepId).toBe('mirror');
  });

  it('switch: the Receiver becomes the Sender and starts from the first sending step; Back switches back', () => {
    let run = startPractice({ processId: 'couples-dialogue', firstSender: 'A', timerSeconds: 0 }, t0);
    run = play(run, dialogue.steps.slice(1).map(() => 'next' as const));
    run = movePractice(run, 'switch', at(60));
    const guide = practiceGuide(run, 'en', names, at(60));
    expect(guide.step.id).toBe('appointment');
    expect(guide.sender.name).toBe('Jüri');
    expect(guide.speakers[0]).toMatchObject({ name: 'Jüri', roleLabel: 'Sender' });
    const back = movePractice(run, 'back', at(61));
    expect([back.overlay.stepId, back.overlay.sender]).toEqual(['switch', 'A']);
  });

  it('the empathy step shows the feelings words; other steps do not', () => {
    let run = startPractice({ processId: 'couples-dialogue', firstSender: 'A', timerSeconds: 0 }, t0);
    while (run.overlay.stepId !== 'empathy') run = movePractice(run, 'next', t0);
    const feelings = practiceGuide(run, 'et', names, t0).feelings;
    expect(feelings?.title).toBe('Ma tunnen …');
    expect(feelings?.items.length).toBeGreaterThan(5);
    expect(practiceGuide(movePractice(run, 'next', t0), 'et', names, t0).feelings).toBeNull();
  });

  it('the turn timer counts down, says when time is up, and starts again for the new Sender', () => {
    let run = startPractice({ processId: 'appreciation', firstSender: 'A', timerSeconds: 180 }, t0);
    expect(practiceGuide(run, 'en', names, at(0)).timer).toEqual({ seconds: 180, remaining: 180, expired: false });
    run = movePractice(run, 'next', at(100));
    expect(practiceGuide(run, 'en', names, at(120)).timer?.remaining).toBe(60);
    expect(practiceGuide(run, 'en', names, at(200)).timer).toMatchObject({ remaining: 0, expired: true });
    run = play(run, ['next', 'switch'], 200);
    expect(practiceGuide(run, 'en', names, at(202)).timer).toMatchObject({ remaining: 180, expired: false });
  });

  it('finishing records the process, the duration and the start — never content', () => {
    let run = startPractice({ processId: 'couples-dialogue', firstSender: 'A', timerSeconds: 300 }, t0);
    run = play(run, ['next', 'next']);
    expect(practiceSeconds(run, at(30))).toBe(30);
    run = movePractice(run, 'finish', at(754));
    expect(canMove(run, 'next')).toBe(false);
    expect(movePractice(run, 'back', at(800))).toBe(run);
    expect(practiceRecord(run, at(900))).toEqual({ processId: 'couples-dialogue', seconds: 754, at: t0.toISOString() });
    expect(Object.keys(practiceRecord(run, at(900))).sort()).toEqual(['at', 'processId', 'seconds']);
  });

  it('a whole practice makes no network request', () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('XMLHttpRequest', vi.fn());
    let run = startPractice({ processId: 'couples-dialogue', firstSender: 'A', timerSeconds: 600 }, t0);
    for (let turn = 0; turn < 2; turn++) {
      while (canMove(run, 'next')) {
        practiceGuide(run, 'et', names, t0);
        run = movePractice(run, 'next', t0);
      }
      run = movePractice(run, turn === 0 ? 'switch' : 'finish', t0);
    }
    expect(run.finishedAt).not.toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("the therapist's own wording: their stems, added cards and feelings words, as in their sessions", () => {
    const deck = deckFor({
      texts: { 'stem:couples-dialogue.send.feel': { en: 'Then I feel …', et: 'Siis tunnen …' }, 'feeling:hurt': { en: 'wounded', et: 'haavunud' } },
      added: { 'couples-dialogue': { send: [{ id: 'custom.couples-dialogue.send.k1', role: 'S', text: { en: 'I long for …', et: 'Igatsen …' } }] } },
    });
    let run = startPractice({ processId: 'couples-dialogue', firstSender: 'A', timerSeconds: 0 }, t0, deck);
    while (practiceGuide(run, 'et', names, t0, deck).step.id !== 'send') run = movePractice(run, 'next', t0, deck);
    const stems = practiceGuide(run, 'et', names, t0, deck).speakers[0]!.stems;
    expect(stems.find((x) => x.id === 'couples-dialogue.send.feel')?.text).toBe('Siis tunnen …');
    expect(stems.at(-1)).toEqual({ id: 'custom.couples-dialogue.send.k1', text: 'Igatsen …' });
    while (practiceGuide(run, 'et', names, t0, deck).step.id !== 'empathy') run = movePractice(run, 'next', t0, deck);
    const feelings = practiceGuide(run, 'en', names, t0, deck).feelings!.items;
    expect(feelings.find((f) => f.id === 'hurt')?.text).toBe('wounded');
  });

  it('offers only the unlocked processes the deck knows, in the deck order', () => {
    expect(practiceProcesses(['appreciation', 'nope', 'couples-dialogue'], 'et')).toEqual([
      { id: 'couples-dialogue', title: 'Imago dialoog' },
      { id: 'appreciation', title: 'Tunnustuse dialoog' },
    ]);
  });

  it('an unknown process cannot start', () => {
    expect(() => startPractice({ processId: 'nope', firstSender: 'A', timerSeconds: 0 }, t0)).toThrow(/unknown_process/);
  });

  it('clock shows minutes and seconds', () => {
    expect([clock(0), clock(65), clock(600)]).toEqual(['0:00', '1:05', '10:00']);
  });
});
