/**
 * Per-recipient daily limit on booking emails (`LIMITS.mailPerRecipient`), so that nobody can
 * use a public booking page to flood an address. Work that would send more mail (a new booking,
 * a reschedule) reserves one message per recipient first, all or none, and is refused with 429
 * before anything is written or sent; mail that must go out anyway (a cancellation, a reminder)
 * is only counted.
 */
import type { TableClient } from '../db/table-client';
import { count, hit, LIMITS, unhit, type Hit } from '../security/rate-limit';

const keyOf = (email: string) => email.trim().toLowerCase();
const unique = (emails: string[]) => [...new Set(emails.map(keyOf))];

/** Reserves one message for each address; 429 `email_limit` (and nothing kept) if any is at the limit. */
export async function reserveRecipients(table: TableClient, emails: string[], now: Date): Promise<Hit[]> {
  const hits: Hit[] = [];
  try {
    for (const email of unique(emails)) hits.push(await hit(table, LIMITS.mailPerRecipient, email, now));
  } catch (err) {
    await releaseHits(table, hits);
    throw err;
  }
  return hits;
}

/** Counts one message for each address without refusing. */
export async function countRecipients(table: TableClient, emails: string[], now: Date): Promise<void> {
  for (const email of unique(emails)) await count(table, LIMITS.mailPerRecipient, email, now);
}

export async function releaseHits(table: TableClient, hits: Hit[]): Promise<void> {
  for (const h of hits) await unhit(table, h);
}
