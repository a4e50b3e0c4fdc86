import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../shared/session-types';
import { overlayDurations, sessionSpan } from './timeline';

const T = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, 0) + minutes * 60_000).toISOString();
const INITIAL = { processId: 'couples-dialogue', stepId: 'appointment' };

function overlay(minutes: number, processId: string, stepId: string, action: 'next' | 'swapRoles' | 'selectProcess' = 'next'): TimelineEvent {
  return { type: 'overlay', at: T(minutes), version: 2, action, processId, stepId, sender: 'A', visible: true, card: null };
}
const joined = (minutes: number): TimelineEvent => ({ type: 'token_issued', at: T(minutes), role: 'therapist', seat: null });
const ended = (minutes: number): TimelineEvent => ({ type: 'ended', at: T(minutes), livekit: 'ok' });

describe('sessionSpan', () => {
  it('runs from the first join to the end', () => {
    expect(sessionSpan([joined(0), overlay(5, 'a', 'b'), ended(50)], new Date(T(90)), T(60))).toEqual({
      start: T(0),
      end: T(50),
    });
  });

  it('falls back to room_finished, then to now capped at the booked end', () => {
    const finished: TimelineEvent = { type: 'room_finished', at: T(55) };
    expect(sessionSpan([joined(0), finished], new Date(T(90)), T(60))?.end).toBe(T(55));
    expect(sessionSpan([joined(0)], new Date(T(30)), T(60))?.end).toBe(T(30));
    expect(sessionSpan([joined(0)], new Date(T(90)), T(60))?.end).toBe(T(60));
    // Never before the last event (a session that ran over).
    expect(sessionSpan([joined(0), overlay(70, 'a', 'b')], new Date(T(90)), T(60))?.end).toBe(T(70));
  });

  it('is undefined for a session where nothing happened', () => {
    expect(sessionSpan([], new Date(T(0)), T(60))).toBeUndefined();
  });
});

describe('overlayDurations', () => {
  it('adds up the time of each step and process between overlay changes', () => {
    const events = [
      joined(0),
      overlay(10, 'couples-dialogue', 'intention'),
      overlay(12, 'couples-dialogue', 'intention', 'swapRoles'),
      overlay(20, 'couples-dialogue', 'send'),
      overlay(35, 'appreciation', 'start', 'selectProcess'),
      overlay(40, 'couples-dialogue', 'send', 'selectProcess'),
      ended(50),
    ];
    const d = overlayDurations(events, INITIAL, sessionSpan(events, new Date(T(90)), T(60)));
    expect(d.totalSeconds).toBe(50 * 60);
    expect(d.steps).toEqual([
      { processId: 'couples-dialogue', stepId: 'appointment', seconds: 600 },
      { processId: 'couples-dialogue', stepId: 'intention', seconds: 600 },
      { processId: 'couples-dialogue', stepId: 'send', seconds: 25 * 60 },
      { processId: 'appreciation', stepId: 'start', seconds: 300 },
    ]);
    expect(d.processes).toEqual([
      { processId: 'couples-dialogue', seconds: 45 * 60 },
      { processId: 'appreciation', seconds: 300 },
    ]);
    const sum = d.steps.reduce((n, s) => n + s.seconds, 0);
    expect(sum).toBe(d.totalSeconds);
  });

  it('counts only the time inside the span (preparation before the first join is left out)', () => {
    const events = [overlay(-20, 'couples-dialogue', 'intention'), joined(0), overlay(10, 'couples-dialogue', 'send'), ended(15)];
    const d = overlayDurations(events, INITIAL, sessionSpan(events, new Date(T(90)), T(60)));
    expect(d.steps).toEqual([
      { processId: 'couples-dialogue', stepId: 'intention', seconds: 600 },
      { processId: 'couples-dialogue', stepId: 'send', seconds: 300 },
    ]);
  });

  it('lists a step visited for no time at all', () => {
    const events = [joined(0), overlay(5, 'p', 'x'), overlay(5, 'p', 'y'), ended(10)];
    const d = overlayDurations(events, INITIAL, sessionSpan(events, new Date(T(90)), T(60)));
    expect(d.steps.map((s) => [s.stepId, s.seconds])).toEqual([
      ['appointment', 300],
      ['x', 0],
      ['y', 300],
    ]);
  });

  it('is empty without a span', () => {
    expect(overlayDurations([], INITIAL, undefined)).toEqual({ totalSeconds: 0, processes: [], steps: [] });
  });
});
