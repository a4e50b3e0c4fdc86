/**
 * The slug item (`SLUG#<slug>`): a public booking address. It is two things.
 *
 * 1. The slug's uniqueness lock: it names the therapist who owns the address (`therapistId`).
 *    `repo.ts` `claimSlug` decides who may take it.
 * 2. A snapshot of what `GET /api/therapists/:slug/slots` needs, so that route reads ONE item
 *    (DESIGN §9: slots in one round trip). The snapshot is only a view: a booking is still
 *    checked against the profile and claims its time on the calendar item with its own
 *    conditional write, so a stale snapshot can show a wrong slot but never let a booking through.
 *    - `page`: the profile's slot settings, copied after each profile write (`pageVersion` = the
 *      profile's `version`; an older copy never overwrites a newer one).
 *    - `busy`: the calendar's intervals, copied after each calendar write to the slug the calendar
 *      points at (`busyVersion` = the calendar's `version`, same rule).
 *    The slots route serves the snapshot only when both halves are there; otherwise it reads the
 *    profile and the calendar themselves. A claim (a put) starts the item without a snapshot.
 *
 * Timeline of a slug change A → B (therapists/routes.ts), and why A never serves a stale page:
 *   claim B (fresh item, no snapshot) → withdraw A's page (pageVersion := the version read)
 *   → profile written with slug B (version + 1) → page copied to B, calendar pointed at B, busy
 *   copied to B → A deleted.
 * Once A's page is withdrawn, only a profile version newer than the one read can copy a page to
 * A again, and that write is exactly what makes the slug change fail its version condition. A
 * crash anywhere leaves A without a page, so its slots fall back to the profile, which 404s.
 */
import type { Availability } from '../../shared/schemas';
import type { SlotRules } from '../../shared/slots';
import { conditionHolds, type TableClient } from '../db/table-client';

/** The slot settings of a profile, as copied to its slug item. */
export interface PageSettings extends SlotRules {
  availability: Availability;
}

/** A busy interval in the snapshot (epoch ms); booking ids stay on the calendar item. */
export interface BusySpan {
  s: number;
  e: number;
}

export interface SlugItem {
  pk: string;
  sk: 'SLUG';
  therapistId: string;
  page?: PageSettings;
  pageVersion?: number;
  busy?: BusySpan[];
  busyVersion?: number;
}

const slugKey = (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'SLUG' as const });

export async function readSlug(table: TableClient, slug: string): Promise<SlugItem | undefined> {
  const { pk, sk } = slugKey(slug);
  return table.get<SlugItem>(pk, sk);
}

/** Takes the slug if it is free or already ours (false if someone else holds it). */
export function putSlugIfFree(table: TableClient, slug: string, therapistId: string): Promise<boolean> {
  return conditionHolds(
    table.put({
      Item: { ...slugKey(slug), therapistId },
      ConditionExpression: 'attribute_not_exists(pk) OR therapistId = :me',
      ExpressionAttributeValues: { ':me': therapistId },
    }),
  );
}

/** Takes over a slug from `oldOwner` (false if it changed hands meanwhile). */
export function takeOverSlug(table: TableClient, slug: string, therapistId: string, oldOwner: string): Promise<boolean> {
  return conditionHolds(
    table.put({
      Item: { ...slugKey(slug), therapistId },
      ConditionExpression: 'therapistId = :old',
      ExpressionAttributeValues: { ':old': oldOwner },
    }),
  );
}

/** Frees a slug of ours (no-op if it is not ours). */
export async function releaseSlug(table: TableClient, slug: string, therapistId: string): Promise<void> {
  await conditionHolds(
    table.delete({
      Key: slugKey(slug),
      ConditionExpression: 'therapistId = :me',
      ExpressionAttributeValues: { ':me': therapistId },
    }),
  );
}

/**
 * Copies one half of the booking page to the slug item, tagged with the version it comes from:
 * skipped when the item is not the therapist's or already holds this or a newer version (or, for
 * the page, a withdrawal at it). Newer copies win, whatever order they arrive in.
 */
async function publishPart(
  table: TableClient,
  slug: string,
  therapistId: string,
  part: 'page' | 'busy',
  value: unknown,
  version: number,
): Promise<void> {
  await conditionHolds(
    table.update({
      Key: slugKey(slug),
      UpdateExpression: 'SET #part = :value, #version = :v',
      ConditionExpression: 'therapistId = :me AND (attribute_not_exists(#version) OR #version < :v)',
      ExpressionAttributeNames: { '#part': part, '#version': `${part}Version` },
      ExpressionAttributeValues: { ':value': value, ':v': version, ':me': therapistId },
    }),
  );
}

/** Copies profile version `version`'s slot settings to its slug item (see `publishPart`). */
export const publishPage = (table: TableClient, slug: string, therapistId: string, page: PageSettings, version: number) =>
  publishPart(table, slug, therapistId, 'page', page, version);

/**
 * Removes the page from a slug that is about to be given up (the profile is at `version` now):
 * from here on only a newer profile version can copy a page to it again. Skipped if a newer page
 * is there already (then the profile moved on, and the slug change fails its version condition).
 */
export async function withdrawPage(table: TableClient, slug: string, therapistId: string, version: number): Promise<void> {
  await conditionHolds(
    table.update({
      Key: slugKey(slug),
      UpdateExpression: 'SET pageVersion = :v REMOVE page',
      ConditionExpression: 'therapistId = :me AND (attribute_not_exists(pageVersion) OR pageVersion <= :v)',
      ExpressionAttributeValues: { ':v': version, ':me': therapistId },
    }),
  );
}

/** Copies calendar version `version`'s intervals to the slug it points at (see `publishPart`). */
export const publishBusy = (table: TableClient, slug: string, therapistId: string, busy: BusySpan[], version: number) =>
  publishPart(table, slug, therapistId, 'busy', busy, version);
