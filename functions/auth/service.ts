/** Email-link sign-in and server-side therapist sessions. */
import { epochSeconds, ifConditionHolds, isExpired, type Key, type TableClient } from '../db/table-client';
import { hashToken, randomToken } from '../security/tokens';
import { findOrCreateTherapist, type TherapistItem } from '../therapists/repo';

export const SIGN_IN_TTL_SECONDS = 10 * 60;
export const SESSION_TTL_SECONDS = 14 * 24 * 60 * 60;

/** Where a sign-in link's token is stored (only its hash). */
const signInKey = (token: string): Key => ({ pk: `SIGNIN#${hashToken(token)}`, sk: 'SIGNIN' });

/** Stores a token's item under `key(token)` for `ttlSeconds` and returns the token. */
async function storeToken(
  table: TableClient,
  token: string,
  key: (token: string) => Key,
  fields: Record<string, unknown>,
  now: Date,
  ttlSeconds: number,
): Promise<string> {
  await table.put({ Item: { ...key(token), ...fields, expiresAt: epochSeconds(now) + ttlSeconds } });
  return token;
}

/** Stores a single-use sign-in token (hash only) and returns the token for the link. */
export async function createSignInToken(
  table: TableClient,
  email: string,
  locale: 'et' | 'en',
  now: Date,
): Promise<string> {
  return storeToken(table, randomToken(), signInKey, { email, locale }, now, SIGN_IN_TTL_SECONDS);
}

/**
 * Consumes a sign-in token: a conditional delete that returns the old item, so exactly one
 * request can use a link. Returns the therapist (created on first sign-in) or undefined.
 */
export async function consumeSignInToken(
  table: TableClient,
  token: string,
  now: Date,
): Promise<TherapistItem | undefined> {
  const item = await ifConditionHolds(
    table.delete<{ email: string; locale: 'et' | 'en'; expiresAt: number }>({
      Key: signInKey(token),
      ConditionExpression: 'attribute_exists(pk)',
      ReturnValues: 'ALL_OLD',
    }),
  );
  if (!item || isExpired(item, now)) return undefined;
  return findOrCreateTherapist(table, item.email, item.locale, now);
}

/** The stored session of a therapist's cookie (only the token's hash is stored). */
export const authKey = (token: string): Key => ({ pk: `AUTH#${hashToken(token)}`, sk: 'AUTH' });

export interface AuthItem {
  therapistId: string;
  expiresAt: number;
}

/**
 * The therapist id a session token names: tokens are `<therapistId>.<random>`, so a request can
 * read the therapist's profile in the same batch as the session item. Only a hint — the stored
 * session decides (`therapistOfSession`); older tokens without an id give undefined.
 */
export function therapistIdHint(token: string): string | undefined {
  const dot = token.lastIndexOf('.');
  return dot > 0 ? token.slice(0, dot) : undefined;
}

/** The therapist of a stored session that is still valid, else undefined. */
export function therapistOfSession(item: AuthItem | undefined, now: Date): string | undefined {
  return item && !isExpired(item, now) ? item.therapistId : undefined;
}

export async function createSession(table: TableClient, therapistId: string, now: Date): Promise<string> {
  const token = `${therapistId}.${randomToken()}`;
  return storeToken(table, token, authKey, { therapistId, createdAt: now.toISOString() }, now, SESSION_TTL_SECONDS);
}

export async function sessionTherapistId(
  table: TableClient,
  token: string,
  now: Date,
): Promise<string | undefined> {
  const key = authKey(token);
  return therapistOfSession(await table.get<AuthItem>(key.pk, key.sk), now);
}

export async function revokeSession(table: TableClient, token: string): Promise<void> {
  await table.delete({ Key: authKey(token) });
}
