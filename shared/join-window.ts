/**
 * When a session can be joined: from 10 minutes before its start until its end. The API enforces
 * it and reports `joinOpensAt` in `GET /api/sessions/:id`; nothing else derives it.
 */

/** How long before the start the room opens. */
export const JOIN_OPENS_BEFORE_MS = 10 * 60 * 1000;

/** @example joinOpensAt('2026-12-02T10:00:00.000Z') // '2026-12-02T09:50:00.000Z' */
export const joinOpensAt = (start: string): string => new Date(Date.parse(start) - JOIN_OPENS_BEFORE_MS).toISOString();

/** Where `now` falls relative to the join window [start − 10 min, end). */
export function joinWindowAt(start: string, end: string, now: Date): 'before' | 'open' | 'over' {
  if (now.getTime() < Date.parse(start) - JOIN_OPENS_BEFORE_MS) return 'before';
  return now.getTime() < Date.parse(end) ? 'open' : 'over';
}
