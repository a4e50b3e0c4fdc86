/** The settings form's model: which fields changed, and client-side checks with message keys. */
import type { Settings, SettingsPatch } from '../../../shared/schemas';

export type NumericSetting =
  | 'sessionMinutes'
  | 'bufferMinutes'
  | 'minNoticeHours'
  | 'horizonDays'
  | 'cancelWindowHours';

/** Limits as in `Settings` in shared/schemas. */
export const NUMERIC_LIMITS: Record<NumericSetting, { min: number; max: number; step: number }> = {
  sessionMinutes: { min: 15, max: 240, step: 5 },
  bufferMinutes: { min: 0, max: 120, step: 5 },
  minNoticeHours: { min: 0, max: 720, step: 1 },
  horizonDays: { min: 1, max: 365, step: 1 },
  cancelWindowHours: { min: 0, max: 720, step: 1 },
};

const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export function validSlug(slug: string): boolean {
  return slug.length >= 3 && slug.length <= 40 && SLUG.test(slug) && !slug.includes('--');
}

/**
 * The fields of `draft` that differ from `saved`, as a PATCH body.
 * @example changedSettings(saved, { ...saved, slug: 'new' }) // { slug: 'new' }
 */
export function changedSettings(saved: Settings, draft: Settings): SettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(draft) as (keyof Settings)[]) {
    const value = typeof draft[key] === 'string' ? (draft[key] as string).trim() : draft[key];
    if (Array.isArray(value)) {
      // A set of ids: the same ids in another order is no change.
      if (sameIds(value, saved[key])) continue;
    } else if (value === saved[key]) continue;
    patch[key] = value;
  }
  return patch as SettingsPatch;
}

function sameIds(a: readonly string[], b: unknown): boolean {
  return Array.isArray(b) && [...a].sort().join('\n') === [...(b as string[])].sort().join('\n');
}

export type SettingsErrorKey = 'error.required' | 'settings.slugInvalid' | 'settings.range' | 'settings.practiceNone';

/** Problems in `draft`, keyed by field. */
export function validateSettings(draft: Settings): Partial<Record<keyof Settings, SettingsErrorKey>> {
  const errors: Partial<Record<keyof Settings, SettingsErrorKey>> = {};
  if (!draft.displayName.trim()) errors.displayName = 'error.required';
  if (!validSlug(draft.slug.trim())) errors.slug = 'settings.slugInvalid';
  if (draft.practiceProcesses && draft.practiceProcesses.length === 0) errors.practiceProcesses = 'settings.practiceNone';
  for (const [key, { min, max }] of Object.entries(NUMERIC_LIMITS) as [NumericSetting, { min: number; max: number }][]) {
    const v = draft[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) errors[key] = 'settings.range';
  }
  return errors;
}
