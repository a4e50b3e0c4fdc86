/** Therapist profiles with their unique email and slug items. */
import { DEFAULT_PRACTICE_PROCESSES } from '../../shared/between-schemas';
import { DEFAULT_SETTINGS } from '../../shared/consent';
import type { DeckOverrides } from '../../shared/dialogues/overrides';
import { defaultDisplayName } from '../../shared/schemas';
import type { Availability, Settings, TherapistView, PublicTherapistView } from '../../shared/schemas';
import type { Busy, SlotRules } from '../../shared/slots';
import { pointCalendarAt, readCalendar } from '../booking/calendar';
import { conditionHolds, ifConditionHolds, type TableClient } from '../db/table-client';
import { AppError } from '../http/errors';
import { publishPage, putSlugIfFree, readSlug, takeOverSlug, withdrawPage, type PageSettings } from './slug';

export { releaseSlug } from './slug';

export interface TherapistItem extends Settings {
  pk: string;
  sk: 'PROFILE';
  id: string;
  email: string;
  availability: Availability;
  createdAt: string;
  version: number;
  /** The therapist's own wording of the deck (therapists/deck.ts); absent: the default. */
  deckOverrides?: DeckOverrides;
  /** Version of `deckOverrides` alone (its writes do not touch `version`); absent: 0. */
  deckVersion?: number;
}

export const profileKey = (id: string) => ({ pk: `THERAPIST#${id}`, sk: 'PROFILE' });
const emailKey = (email: string) => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' });

export const DEFAULT_AVAILABILITY: Availability = {
  weekly: [1, 2, 3, 4].map((day) => ({ day, start: '10:00', end: '18:00' })),
  overrides: [],
};

export async function getTherapist(table: TableClient, id: string): Promise<TherapistItem | undefined> {
  const { pk, sk } = profileKey(id);
  return table.get<TherapistItem>(pk, sk);
}

/** The profile behind a public slug, or undefined. A slug item whose owner has moved on is ignored. */
export async function getTherapistBySlug(table: TableClient, slug: string): Promise<TherapistItem | undefined> {
  const ref = await readSlug(table, slug);
  if (!ref) return undefined;
  const t = await getTherapist(table, ref.therapistId);
  return t && t.slug === slug ? t : undefined;
}

/** What the slots of a booking page are computed from. */
export interface BookingPage {
  availability: Availability;
  rules: SlotRules;
  busy: Busy[];
}

/**
 * The booking page behind a slug, for the slots route (the busiest public read): in one request,
 * the slug item with its snapshot of the profile's slot settings and the calendar's busy times
 * (slug.ts says how the snapshot stays right). Without a complete snapshot (a crash between a
 * write and its copy, a slug being given up, data from before snapshots), it reads the profile
 * and the calendar themselves, together: two requests.
 */
export async function readBookingPage(table: TableClient, slug: string): Promise<BookingPage | undefined> {
  const ref = await readSlug(table, slug);
  if (!ref) return undefined;
  if (ref.page && ref.busy) {
    const { availability, ...rules } = ref.page;
    return { availability, rules, busy: ref.busy.map((b) => ({ start: b.s, end: b.e })) };
  }
  const [t, intervals] = await Promise.all([getTherapist(table, ref.therapistId), readCalendar(table, ref.therapistId)]);
  if (!t || t.slug !== slug) return undefined;
  return { availability: t.availability, rules: t, busy: intervals.map((i) => ({ start: i.s, end: i.e })) };
}

/**
 * Claims a slug for a therapist. The slug item is the uniqueness lock: put if absent or already
 * ours; a stale item (its owner's profile now has another slug, e.g. after a crash between the
 * writes of a slug change) is taken over with a condition on its old owner.
 */
export async function claimSlug(table: TableClient, slug: string, therapistId: string): Promise<boolean> {
  if (await putSlugIfFree(table, slug, therapistId)) return true;
  const ref = await readSlug(table, slug);
  if (!ref) return claimSlug(table, slug, therapistId);
  const owner = await getTherapist(table, ref.therapistId);
  if (owner && owner.slug === slug) return false;
  return takeOverSlug(table, slug, therapistId, ref.therapistId);
}

/**
 * Before a slug change: the old slug's page stops serving slots (slug.ts, the timeline there).
 * `t` is the profile as read; the change must then be written conditional on its version.
 */
export const withdrawBookingPage = (table: TableClient, t: TherapistItem) =>
  withdrawPage(table, t.slug, t.id, t.version);

/**
 * After every profile write: its slot settings go to its slug's page, and the calendar's busy
 * times follow to that slug. Both copies are ordered by version, so a late copy of an older
 * write never overwrites a newer one.
 */
export async function publishBookingPage(table: TableClient, t: TherapistItem): Promise<void> {
  const page: PageSettings = {
    availability: t.availability,
    timezone: t.timezone,
    sessionMinutes: t.sessionMinutes,
    bufferMinutes: t.bufferMinutes,
    minNoticeHours: t.minNoticeHours,
    horizonDays: t.horizonDays,
  };
  await publishPage(table, t.slug, t.id, page, t.version);
  await pointCalendarAt(table, t.id, t.slug, t.version);
}

function slugBase(email: string): string {
  const local = email.split('@')[0] ?? 'therapist';
  const cleaned = local.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30);
  return cleaned.length >= 3 ? cleaned : `therapist-${cleaned || 'x'}`.replace(/-+$/, '');
}

/**
 * Finds the therapist with this email, creating the account on first sign-in. The email item is
 * written first (the uniqueness lock); a crash before the profile is written leaves an email item
 * whose profile is created on the next sign-in.
 */
export async function findOrCreateTherapist(
  table: TableClient,
  email: string,
  locale: 'et' | 'en',
  now: Date,
): Promise<TherapistItem> {
  const ek = emailKey(email);
  let ref = await table.get<{ therapistId: string }>(ek.pk, ek.sk);
  if (!ref) {
    const therapistId = crypto.randomUUID();
    const created = await conditionHolds(
      table.put({ Item: { ...ek, therapistId }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    // Lost the race to a concurrent first sign-in: use the winner's id.
    ref = created ? { therapistId } : await table.get<{ therapistId: string }>(ek.pk, ek.sk);
    if (!ref) throw new AppError(409, 'try_again', 'Please try again');
  }
  const existing = await getTherapist(table, ref.therapistId);
  if (existing) return existing;

  const base = slugBase(email);
  let slug = base;
  for (let i = 2; !(await claimSlug(table, slug, ref.therapistId)); i++) {
    slug = `${base}-${i}`;
    if (i > 50) slug = `${base}-${crypto.randomUUID().slice(0, 8)}`;
  }
  const item: TherapistItem = {
    ...profileKey(ref.therapistId),
    sk: 'PROFILE',
    id: ref.therapistId,
    email,
    displayName: defaultDisplayName(email),
    slug,
    ...DEFAULT_SETTINGS,
    locale,
    availability: DEFAULT_AVAILABILITY,
    createdAt: now.toISOString(),
    version: 1,
  };
  if (await conditionHolds(table.put({ Item: item, ConditionExpression: 'attribute_not_exists(pk)' }))) {
    await publishBookingPage(table, item);
    return item;
  }
  // A concurrent first sign-in wrote the profile: use the winner's.
  const winner = await getTherapist(table, ref.therapistId);
  if (!winner) throw new AppError(409, 'try_again', 'Please try again');
  return winner;
}

/**
 * Writes changed profile fields with a version condition (no lost updates), then publishes the
 * booking page (`publishBookingPage`). A slug change withdraws the old page first.
 */
export async function updateTherapist(
  table: TableClient,
  current: TherapistItem,
  changes: Partial<Pick<TherapistItem, keyof Settings | 'availability'>>,
): Promise<TherapistItem> {
  const names: Record<string, string> = { '#v': 'version' };
  const values: Record<string, unknown> = { ':v': current.version, ':one': 1 };
  const sets: string[] = ['#v = #v + :one'];
  Object.entries(changes).forEach(([k, v], i) => {
    if (v === undefined) return;
    names[`#f${i}`] = k;
    values[`:f${i}`] = v;
    sets.push(`#f${i} = :f${i}`);
  });
  const updated = await ifConditionHolds(
    table.update<TherapistItem>({
      Key: profileKey(current.id),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: '#v = :v',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }),
  );
  if (!updated) throw new AppError(409, 'version_conflict', 'Your profile changed meanwhile; reload and try again');
  await publishBookingPage(table, updated);
  return updated;
}

export function toTherapistView(t: TherapistItem, publicUrl: string): TherapistView {
  return {
    id: t.id,
    email: t.email,
    displayName: t.displayName,
    slug: t.slug,
    timezone: t.timezone,
    locale: t.locale,
    sessionMinutes: t.sessionMinutes,
    bufferMinutes: t.bufferMinutes,
    minNoticeHours: t.minNoticeHours,
    horizonDays: t.horizonDays,
    cancelWindowHours: t.cancelWindowHours,
    // Accounts from before the setting existed: off.
    allowUnencrypted: t.allowUnencrypted ?? false,
    practiceProcesses: t.practiceProcesses ?? DEFAULT_PRACTICE_PROCESSES,
    availability: t.availability,
    publicUrl: `${publicUrl}/book/${t.slug}`,
  };
}

export function toPublicTherapist(t: TherapistItem): PublicTherapistView {
  return {
    slug: t.slug,
    displayName: t.displayName,
    timezone: t.timezone,
    locale: t.locale,
    sessionMinutes: t.sessionMinutes,
    cancelWindowHours: t.cancelWindowHours,
  };
}
