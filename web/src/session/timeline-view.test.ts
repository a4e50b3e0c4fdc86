import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../shared/session-types';
import { foldTimeline, minutesAndSeconds } from './timeline-view';

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, s)).toISOString();

describe('foldTimeline', () => {
  it('keeps one join per seat until that seat arrives, is let in or is sent back again', () => {
    const events: TimelineEvent[] = [
      { type: 'arrived', at: at(0), seat: 'A', together: false },
      { type: 'admitted', at: at(5), seat: 'A' },
      { type: 'token_issued', at: at(6), role: 'partner', seat: 'A' },
      { type: 'token_issued', at: at(7), role: 'therapist', seat: null },
      { type: 'token_issued', at: at(16), role: 'partner', seat: 'A' },
      { type: 'token_issued', at: at(17), role: 'therapist', seat: null },
      { type: 'sent_back', at: at(20), seat: 'A', livekit: 'ok' },
      { type: 'admitted', at: at(30), seat: 'A' },
      { type: 'token_issued', at: at(31), role: 'partner', seat: 'A' },
      { type: 'ended', at: at(40), livekit: 'unreachable' },
    ];
    expect(foldTimeline(events).map((r) => [r.event.type, r.event.at.slice(17, 19), r.count])).toEqual([
      ['arrived', '00', 1],
      ['admitted', '05', 1],
      ['token_issued', '06', 2],
      ['token_issued', '07', 2],
      ['sent_back', '20', 1],
      ['admitted', '30', 1],
      ['token_issued', '31', 1],
      ['ended', '40', 1],
    ]);
  });

  it('folds consecutive repeats of one participant’s video events only', () => {
    const joined = (s: number, identity: string): TimelineEvent => ({
      type: 'participant_joined',
      at: at(s),
      identity,
      role: 'partner',
      seat: 'A',
    });
    const rows = foldTimeline([joined(0, 'a'), joined(1, 'a'), joined(2, 'b'), joined(3, 'a')]);
    expect(rows.map((r) => r.count)).toEqual([2, 1, 1]);
  });
});

describe('minutesAndSeconds', () => {
  it('splits and rounds', () => {
    expect(minutesAndSeconds(125.4)).toEqual([2, 5]);
    expect(minutesAndSeconds(-3)).toEqual([0, 0]);
  });
});
