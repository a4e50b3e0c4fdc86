import { describe, expect, it } from 'vitest';
import { foldTimeline, minutesAndSeconds } from './timeline-view';
import type { TimelineEvent } from './session-api';

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, s)).toISOString();

describe('foldTimeline', () => {
  it('folds runs of the same join and keeps everything else', () => {
    const events: TimelineEvent[] = [
      { type: 'arrived', at: at(0), seat: 'A', together: false },
      { type: 'admitted', at: at(5), seat: 'A' },
      { type: 'token_issued', at: at(6), role: 'partner', seat: 'A' },
      { type: 'token_issued', at: at(16), role: 'partner', seat: 'A' },
      { type: 'token_issued', at: at(26), role: 'partner', seat: 'B' },
      { type: 'token_issued', at: at(36), role: 'partner', seat: 'A' },
      { type: 'ended', at: at(40), livekit: 'unreachable' },
      { type: 'ended', at: at(41), livekit: 'ok' },
    ];
    expect(foldTimeline(events).map((r) => [r.event.type, r.count])).toEqual([
      ['arrived', 1],
      ['admitted', 1],
      ['token_issued', 2],
      ['token_issued', 1],
      ['token_issued', 1],
      ['ended', 1],
      ['ended', 1],
    ]);
  });
});

describe('minutesAndSeconds', () => {
  it('splits and rounds', () => {
    expect(minutesAndSeconds(125.4)).toEqual([2, 5]);
    expect(minutesAndSeconds(-3)).toEqual([0, 0]);
  });
});
