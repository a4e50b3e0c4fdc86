/**
 * The session timeline as the therapist reads it: repeated joins folded into one row, and
 * seconds as minutes and seconds. Pure, so it is unit-tested without a page.
 */
import type { TimelineEvent } from './session-api';

export interface TimelineRow {
  event: TimelineEvent;
  /** How many identical events in a row this one stands for. */
  count: number;
}

/** Who an event is about, for folding: type plus seat/role/identity. */
function foldKey(event: TimelineEvent): string | null {
  switch (event.type) {
    case 'token_issued':
      return `${event.type}:${event.role}:${event.seat ?? ''}`;
    case 'participant_joined':
    case 'participant_left':
    case 'participant_connection_aborted':
      return `${event.type}:${event.identity}`;
    default:
      return null;
  }
}

/**
 * Folds runs of the same join event (a partner whose video kept retrying, say) into one row.
 *
 * @example foldTimeline([join, join, admitted]).map((r) => r.count) // [2, 1]
 */
export function foldTimeline(events: readonly TimelineEvent[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const event of events) {
    const key = foldKey(event);
    const last = rows.at(-1);
    if (key && last && foldKey(last.event) === key) last.count++;
    else rows.push({ event, count: 1 });
  }
  return rows;
}

/** `[minutes, seconds]` of a duration in seconds. */
export function minutesAndSeconds(seconds: number): [number, number] {
  const s = Math.max(0, Math.round(seconds));
  return [Math.floor(s / 60), s % 60];
}
