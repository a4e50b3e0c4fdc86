/** Therapist profiles with their unique email and slug items. */
import { DEFAULT_SETTINGS } from '../../shared/consent';
import { defaultDisplayName } from '../../shared/schemas';
import type { Availability, Settings, TherapistView, PublicTherapistView } from '../../shared/schemas';
import { conditionHolds, ConditionFailed, type TableClient } from '../db/table-client';
import { AppError } from '../http/errors';

export interface TherapistItem extends Settings {
  pk: string;
  sk: 'PROFILE';
  id: string;
  email: string;
  availability: Availability;
  createdAt: string;
  version: number;
}

export const profileKey = (id: string) => ({ pk: `THERAPIST#${id}`, sk: 'PROFILE' });
const emailKey = (email: string) => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' });
const slugKey = (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'SLUG' });

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
  const { pk, sk } = slugKey(slug);
  const ref = await table.get<{ therapistId: string }>(pk, sk);
  if (!ref) return undefined;
  const t = await getTherapist(table, ref.therapistId);
  return t && t.slug === slug ? t : undefined;
}

/**
 * The therapist behind a slug together with their calendar item, in two requests: the slug item,
 * then one query over the therapist's partition (PROFILE and CALENDAR share it). For the slots
 * route, the busiest public read.
 */
export async function getBySlugWithCalendar(
  table: TableClient,
  slug: string,
): Promise<{ therapist: TherapistItem; calendar?: { intervals: { id: string; s: number; e: number }[] } } | undefined> {
  const { pk, sk } = slugKey(slug);
  const ref = await table.get<{ therapistId: string }>(pk, sk);
  if (!ref) return undefined;
  const items = await table.query<{ sk: string }>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
    ExpressionAttributeValues: { ':pk': profileKey(ref.therapistId).pk, ':a': 'CALENDAR', ':b': 'PROFILE' },
    ConsistentRead: true,
  });
  const t = items.find((i) => i.sk === 'PROFILE') as TherapistItem | undefined;
  const calendar = items.find((i) => i.sk === 'CALENDAR') as { intervals: { id: string; s: number; e: number }[] } | undefined;
  return t && t.slug === slug ? { therapist: t, calendar } : undefined;
}

/**
 * Claims a slug for a therapist. The slug item is the uniqueness lock: put if absent or already
 * ours; a stale item (its owner's profile now has another slug, e.g. after a crash between the
 * writes of a slug change) is taken over with a condition on its old owner.
 */
export async function claimSlug(table: TableClient, slug: string, therapistId: string): Promise<boolean> {
  const key = slugKey(slug);
  const claimed = await conditionHolds(
    table.put({
      Item: { ...key, therapistId },
      ConditionExpression: 'attribute_not_exists(pk) OR therapistId = :me',
      ExpressionAttributeValues: { ':me': therapistId },
    }),
  );
  if (claimed) return true;
  const ref = await table.get<{ therapistId: string }>(key.pk, key.sk);
  if (!ref) return claimSlug(table, slug, therapistId);
  const owner = await getTherapist(table, ref.therapistId);
  if (owner && owner.slug === slug) return false;
  return conditionHolds(
    table.put({
      Item: { ...key, therapistId },
      ConditionExpression: 'therapistId = :old',
      ExpressionAttributeValues: { ':old': ref.therapistId },
    }),
  );
}

export async function releaseSlug(table: TableClient, slug: string, therapistId: string): Promise<void> {
  await conditionHolds(
    table.delete({
      Key: slugKey(slug),
      ConditionExpression: 'therapistId = :me',
      ExpressionAttributeValues: { ':me': therapistId },
    }),
  );
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
  try {
    await table.put({ Item: item, ConditionExpression: 'attribute_not_exists(pk)' });
    return item;
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    const winner = await getTherapist(table, ref.therapistId);
    if (!winner) throw err;
    return winner;
  }
}

/** Writes changed profile fields with a version condition (no lost updates). */
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
  try {
    const out = await table.update<TherapistItem>({
      Key: profileKey(current.id),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: '#v = :v',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    });
    return out!;
  } catch (err) {
    if (err instanceof ConditionFailed) {
      throw new AppError(409, 'version_conflict', 'Your profile changed meanwhile; reload and try again', {
        cause: err,
      });
    }
    throw err;
  }
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
