/**
 * Session timeline events: what the API and LiveKit's webhooks record, and the durations per
 * process and step computed from the overlay changes. Events carry ids, seats and times only —
 * never names or custom card text.
 */
import type { Durations, Span, TimelineEvent } from '../../shared/session-types';

/** Re-exported for the LiveKit webhook routes, which record events too. */
export type { TimelineEvent } from '../../shared/session-types';

const STARTS: TimelineEvent['type'][] = ['token_issued', 'participant_joined'];

/**
 * The span a session's durations cover: from the first join (token issued or a participant
 * joined, or else the first overlay change) to the end (the therapist's `ended`, else LiveKit's
 * `room_finished`, else `now` capped at the booked end but never before the last event).
 * Undefined when nothing happened.
 *
 * @example sessionSpan(events, new Date(), '2026-12-01T10:00:00.000Z')
 */
export function sessionSpan(events: readonly TimelineEvent[], now: Date, bookedEnd: string): Span | undefined {
  const first =
    events.find((e) => STARTS.includes(e.type)) ?? events.find((e) => e.type === 'overlay');
  if (!first) return undefined;
  const last = events.at(-1)!;
  const closing = events.find((e) => e.type === 'ended') ?? events.find((e) => e.type === 'room_finished');
  let end: string;
  if (closing) end = closing.at;
  else {
    const cap = Math.min(now.getTime(), Date.parse(bookedEnd));
    end = new Date(Math.max(cap, Date.parse(last.at))).toISOString();
  }
  return { start: first.at, end: end < first.at ? first.at : end };
}

/**
 * Time spent per process and per step, from the overlay changes in `events` (oldest first).
 * The overlay is `initial` until the first change; a change that keeps process and step (a
 * card, a role swap) does not split the time. Only the part inside `span` counts.
 *
 * @example
 * overlayDurations(events, { processId: 'couples-dialogue', stepId: 'appointment' }, span)
 *   .steps[0] // { processId: 'couples-dialogue', stepId: 'appointment', seconds: 120 }
 */
export function overlayDurations(
  events: readonly TimelineEvent[],
  initial: { processId: string; stepId: string },
  span: Span | undefined,
): Durations {
  if (!span) return { totalSeconds: 0, processes: [], steps: [] };
  const start = Date.parse(span.start);
  const end = Date.parse(span.end);
  const stepMs = new Map<string, { processId: string; stepId: string; ms: number }>();
  const processMs = new Map<string, number>();

  const add = (where: { processId: string; stepId: string }, from: number, to: number) => {
    const ms = Math.min(to, end) - Math.max(from, start);
    // A segment counts if it overlaps the span, or starts inside it (a quick visit of 0 s).
    if (ms <= 0 && !(from >= start && from < end)) return;
    const key = `${where.processId}\u0000${where.stepId}`;
    const step = stepMs.get(key) ?? { ...where, ms: 0 };
    step.ms += Math.max(0, ms);
    stepMs.set(key, step);
    processMs.set(where.processId, (processMs.get(where.processId) ?? 0) + Math.max(0, ms));
  };

  let current = { processId: initial.processId, stepId: initial.stepId };
  let since = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    if (e.type !== 'overlay') continue;
    if (e.processId === current.processId && e.stepId === current.stepId) continue;
    const at = Date.parse(e.at);
    add(current, since, at);
    current = { processId: e.processId, stepId: e.stepId };
    since = at;
  }
  add(current, since, Number.POSITIVE_INFINITY);

  const seconds = (ms: number) => Math.round(ms / 1000);
  return {
    totalSeconds: seconds(end - start),
    processes: [...processMs].map(([processId, ms]) => ({ processId, seconds: seconds(ms) })),
    steps: [...stepMs.values()].map((s) => ({ processId: s.processId, stepId: s.stepId, seconds: seconds(s.ms) })),
  };
}
