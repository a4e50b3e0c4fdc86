/** Grouping of bookable slots into the days a visitor sees them on. */
import type { SlotView } from '../../../shared/schemas';
import { dateIn } from '../time/zoned-time';

export interface SlotDay {
  /** Calendar date `YYYY-MM-DD` in the visitor's timezone. */
  date: string;
  slots: SlotView[];
}

/**
 * Slots grouped by the calendar day they start on in `timeZone`, days and slots in time order.
 * @example groupSlotsByDay(slots, 'America/New_York') // [{ date: '2026-12-01', slots: [...] }]
 */
export function groupSlotsByDay(slots: readonly SlotView[], timeZone: string): SlotDay[] {
  const sorted = [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const days: SlotDay[] = [];
  for (const slot of sorted) {
    const date = dateIn(slot.start, timeZone);
    const last = days[days.length - 1];
    if (last && last.date === date) last.slots.push(slot);
    else days.push({ date, slots: [slot] });
  }
  return days;
}
