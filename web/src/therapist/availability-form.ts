/**
 * The availability editor's model. Time inputs cannot show 24:00, so an end of `00:00` means
 * midnight at the end of the day and is sent as `24:00`. The `Availability` schema in
 * shared/schemas stays the final word; these checks give per-row, translatable messages.
 */
import { minutesOfDay, type Availability } from '../../../shared/schemas';

export interface EditInterval {
  start: string;
  end: string;
}

export interface EditOverride {
  date: string;
  off: boolean;
  intervals: EditInterval[];
}

export interface AvailabilityModel {
  /** Index 0 = Monday … 6 = Sunday. */
  weekly: EditInterval[][];
  overrides: EditOverride[];
}

export type IntervalError = 'avail.timeFormat' | 'avail.endAfterStart' | 'avail.overlap';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function endMinutes(end: string): number {
  return end === '00:00' || end === '24:00' ? 24 * 60 : minutesOfDay(end);
}

function sortIntervals(list: EditInterval[]): EditInterval[] {
  return [...list].sort((a, b) => a.start.localeCompare(b.start));
}

/** The editor model of saved availability. */
export function toModel(availability: Availability): AvailabilityModel {
  const weekly: EditInterval[][] = Array.from({ length: 7 }, () => []);
  for (const w of availability.weekly) {
    weekly[w.day - 1]?.push({ start: w.start, end: w.end === '24:00' ? '00:00' : w.end });
  }
  return {
    weekly: weekly.map(sortIntervals),
    overrides: [...availability.overrides]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((o) => ({
        date: o.date,
        off: o.intervals.length === 0,
        intervals: sortIntervals(o.intervals.map((i) => ({ start: i.start, end: i.end === '24:00' ? '00:00' : i.end }))),
      })),
  };
}

const wire = (i: EditInterval) => ({ start: i.start, end: i.end === '00:00' ? '24:00' : i.end });

/** The PUT body. `weekly` is flattened Monday first, in editor order (see `weeklyIndex`). */
export function toAvailability(model: AvailabilityModel): Availability {
  return {
    weekly: model.weekly.flatMap((list, d) => list.map((i) => ({ day: d + 1, ...wire(i) }))),
    overrides: model.overrides.map((o) => ({ date: o.date, intervals: o.off ? [] : o.intervals.map(wire) })),
  };
}

/** Where `weekly[n]` of the PUT body sits in the editor: [dayIndex, intervalIndex]. */
export function weeklyIndex(model: AvailabilityModel): [number, number][] {
  return model.weekly.flatMap((list, d) => list.map((_, i) => [d, i] as [number, number]));
}

/** Per-interval problems of one day's list: format, end after start, overlap. */
export function intervalErrors(list: readonly EditInterval[]): (IntervalError | undefined)[] {
  const errors: (IntervalError | undefined)[] = list.map((i) => {
    if (!HHMM.test(i.start) || !HHMM.test(i.end)) return 'avail.timeFormat';
    if (endMinutes(i.end) <= minutesOfDay(i.start)) return 'avail.endAfterStart';
    return undefined;
  });
  const wellFormed = errors.map((e) => !e);
  list.forEach((a, i) => {
    if (!wellFormed[i]) return;
    const overlaps = list.some(
      (b, j) =>
        j !== i &&
        wellFormed[j] &&
        minutesOfDay(a.start) < endMinutes(b.end) &&
        minutesOfDay(b.start) < endMinutes(a.end),
    );
    if (overlaps) errors[i] = 'avail.overlap';
  });
  return errors;
}

export interface ModelErrors {
  weekly: (IntervalError | undefined)[][];
  overrides: { date?: 'avail.duplicateDate' | 'avail.pickDate'; intervals: (IntervalError | undefined)[] }[];
  valid: boolean;
}

/** Every problem in the model, positioned like the model. */
export function validateModel(model: AvailabilityModel): ModelErrors {
  const weekly = model.weekly.map(intervalErrors);
  const seen = new Set<string>();
  const overrides = model.overrides.map((o) => {
    const date = !/^\d{4}-\d{2}-\d{2}$/.test(o.date)
      ? ('avail.pickDate' as const)
      : seen.has(o.date)
        ? ('avail.duplicateDate' as const)
        : undefined;
    seen.add(o.date);
    return { date, intervals: o.off ? [] : intervalErrors(o.intervals) };
  });
  const valid =
    weekly.every((d) => d.every((e) => !e)) &&
    overrides.every((o) => !o.date && o.intervals.every((e) => !e));
  return { weekly, overrides, valid };
}
