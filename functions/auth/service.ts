/** Email-link sign-in and server-side therapist sessions. */
import { epochSeconds, ifConditionHolds, isExpired, type TableClient } from '../db/table-client';
import { hashToken, randomToken } from '../security/tokens';
import { findOrCreateTherapist, type TherapistItem } from '../therapists/repo';

export const SIGN_IN_TTL_SECONDS = 10 * 60;
export const SESSION_TTL_SECONDS = 14 * 24 * 60 * 60;

/** Stores a single-use sign-in token (hash only) and returns the token for the link. */
export async function createSignInToken(
  table: TableClient,
  email: string,
  locale: 'et' | 'en',
  now: Date,
): Promise<string> {
  const token = randomToken();
  await table.put({
    Item: {
      pk: `SIGNIN#${hashToken(token)}`,
      sk: 'SIGNIN',
      email,
      locale,
      expiresAt: epochSeconds(now) + SIGN_IN_TTL_SECONDS,
    },
  });
  return token;
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
      Key: { pk: `SIGNIN#${hashToken(token)}`, sk: 'SIGNIN' },
      ConditionExpression: 'attribute_exists(pk)',
      ReturnValues: 'ALL_OLD',
    }),
  );
  if (!item || isExpired(item, now)) return undefined;
  return findOrCreateTherapist(table, item.email, item.locale, now);
}

export async function createSession(table: TableClient, therapistId: string, now: Date): Promise<string> {
  const token = randomToken();
  await table.put({
    Item: {
      pk: `AUTH#${hashToken(token)}`,
      sk: 'AUTH',
      therapistId,
      createdAt: now.toISOString(),
      expiresAt: epochSeconds(now) + SESSION_TTL_SECONDS,
    },
  });
  return token;
}

export async function sessionTherapistId(
  table: TableClient,
  token: string,
  now: Date,
): Promise<string | undefined> {
  const item = await table.get<{ therapistId: string; expiresAt: number }>(`AUTH#${hashToken(token)}`, 'AUTH');
  if (!item || isExpired(item, now)) return undefined;
  return item.therapistId;
}

export async function revokeSession(table: TableClient, token: string): Promise<void> {
  await table.delete({ Key: { pk: `AUTH#${hashToken(token)}`, sk: 'AUTH' } });
}
