/**
 * The session timeline as the therapist reads it: repeated joins folded into one row, and
 * seconds as minutes and seconds. Pure, so it is unit-tested without a page.
 */
import type { TimelineEvent } from '../../../shared/session-types';

export interface TimelineRow {
  event: TimelineEvent;
  /** How many identical events in a row this one stands for. */
  count: number;
}

/** Consecutive repeats of these fold into one row: the same participant's video events. */
function repeatKey(event: TimelineEvent): string | null {
  switch (event.type) {
    case 'participant_joined':
    case 'participant_left':
    case 'participant_connection_aborted':
      return `${event.type}:${event.identity}`;
    default:
      return null;
  }
}

/**
 * Folds the noise out of a timeline: a join (token issued) repeats while a client re-checks its
 * admission or retries video, so only the first join after each arrival, admission or send-back
 * of that seat gets a row (its `count` says how many it stands for); consecutive repeats of the
 * same video event fold too.
 *
 * @example foldTimeline([joinA, joinB, joinA, admittedA]).map((r) => r.count) // [2, 1, 1]
 */
export function foldTimeline(events: readonly TimelineEvent[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const openJoins = new Map<string, TimelineRow>();
  for (const event of events) {
    if (event.type === 'token_issued') {
      const key = `${event.role}:${event.seat ?? ''}`;
      const open = openJoins.get(key);
      if (open) {
        open.count++;
        continue;
      }
      const row = { event, count: 1 };
      openJoins.set(key, row);
      rows.push(row);
      continue;
    }
    if (event.type === 'arrived' || event.type === 'admitted' || event.type === 'sent_back' || event.type === 'left') {
      openJoins.delete(`partner:${event.seat}`);
    } else if (event.type === 'ended') {
      openJoins.clear();
    }
    const key = repeatKey(event);
    const last = rows.at(-1);
    if (key && last && repeatKey(last.event) === key) last.count++;
    else rows.push({ event, count: 1 });
  }
  return rows;
}

/** `[minutes, seconds]` of a duration in seconds. */
export function minutesAndSeconds(seconds: number): [number, number] {
  const s = Math.max(0, Math.round(seconds));
  return [Math.floor(s / 60), s % 60];
}
