import { describe, expect, it } from 'vitest';
import { TalkTime } from './talk-time';
import { parseIdentity } from '../../../shared/session-identity';

const A = 'partner:01JBOOKING:A';
const B = 'partner:01JBOOKING:B';
const T = 'therapist:01JTHERAPIST';

describe('TalkTime', () => {
  it('adds up each partner’s speaking intervals', () => {
    const talk = new TalkTime();
    talk.handleActiveSpeakers([A], 0);
    talk.handleActiveSpeakers([], 4_000);
    talk.handleActiveSpeakers([B], 5_000);
    talk.handleActiveSpeakers([B, A], 7_000);
    talk.handleActiveSpeakers([], 8_000);
    expect(talk.totals(20_000)).toEqual({ A: 5, B: 3 });
  });

  it('counts an ongoing turn up to the time asked', () => {
    const talk = new TalkTime();
    talk.handleActiveSpeakers([A], 1_000);
    expect(talk.totals(3_500)).toEqual({ A: 2.5, B: 0 });
    talk.handleActiveSpeakers([A], 4_000); // still A: no double counting
    expect(talk.totals(5_000)).toEqual({ A: 4, B: 0 });
  });

  it('ignores the therapist and unknown identities', () => {
    const talk = new TalkTime();
    talk.handleActiveSpeakers([T, 'someone-else'], 0);
    talk.handleActiveSpeakers([], 10_000);
    expect(talk.totals(10_000)).toEqual({ A: 0, B: 0 });
    expect(talk.shareOfA(10_000)).toBe(0.5);
  });

  it('starts from zero when the dialogue changes, not on the first process', () => {
    const talk = new TalkTime();
    talk.handleActiveSpeakers([A], 0);
    talk.handleProcessChange('couples-dialogue', 1_000);
    talk.handleActiveSpeakers([], 2_000);
    expect(talk.totals(2_000)).toEqual({ A: 2, B: 0 });

    talk.handleProcessChange('couples-dialogue', 3_000); // same process: nothing changes
    expect(talk.totals(3_000)).toEqual({ A: 2, B: 0 });

    talk.handleActiveSpeakers([B], 4_000);
    talk.handleProcessChange('appreciation', 6_000);
    expect(talk.totals(6_000)).toEqual({ A: 0, B: 0 });
    talk.handleActiveSpeakers([], 9_000); // B kept speaking across the change
    expect(talk.totals(9_000)).toEqual({ A: 0, B: 3 });
    expect(talk.process).toBe('appreciation');
  });

  it('gives seat A’s share of the talk', () => {
    const talk = new TalkTime();
    talk.handleActiveSpeakers([A], 0);
    talk.handleActiveSpeakers([B], 3_000);
    talk.handleActiveSpeakers([], 4_000);
    expect(talk.shareOfA(4_000)).toBeCloseTo(0.75);
  });

  it('never counts negative time from out-of-order events', () => {
    const talk = new TalkTime();
    talk.handleActiveSpeakers([A], 5_000);
    talk.handleActiveSpeakers([], 4_000);
    expect(talk.totals(4_000)).toEqual({ A: 0, B: 0 });
  });
});

describe('parseIdentity', () => {
  it('reads role and seat from attributes first, then from the identity', () => {
    expect(parseIdentity('x', { role: 'partner', seat: 'B' })).toEqual({ role: 'partner', seat: 'B' });
    expect(parseIdentity(A)).toEqual({ role: 'partner', seat: 'A' });
    expect(parseIdentity(T)).toEqual({ role: 'therapist', seat: null });
    expect(parseIdentity('partner:x:C')).toBeNull();
  });
});
