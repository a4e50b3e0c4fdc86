/**
 * Fixed-window rate limits kept in DynamoDB, so they hold across Lambda instances. One counter
 * item per (scope, key, window); the increment is conditional on the count staying under the
 * limit, so concurrent requests can never exceed it.
 */
import { ConditionFailed, epochSeconds, type TableClient } from '../db/table-client';
import { tooMany } from '../http/errors';
import { sha256Hex } from './tokens';

export interface Limit {
  scope: string;
  max: number;
  windowSeconds: number;
}

export const LIMITS = {
  signInPerEmail: { scope: 'signin-email', max: 5, windowSeconds: 15 * 60 },
  signInPerClient: { scope: 'signin-client', max: 20, windowSeconds: 15 * 60 },
  tokenGuessPerClient: { scope: 'token-guess', max: 30, windowSeconds: 15 * 60 },
  bookingPerClient: { scope: 'booking-client', max: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, Limit>;

/** Counts one hit; throws 429 with Retry-After once `max` hits fell in the current window. */
export async function hit(table: TableClient, limit: Limit, key: string, now: Date): Promise<void> {
  const nowS = epochSeconds(now);
  const window = Math.floor(nowS / limit.windowSeconds);
  const windowEnd = (window + 1) * limit.windowSeconds;
  // Keys are hashed: an email or address never appears in a key.
  const pk = `RATE#${limit.scope}#${sha256Hex(key).slice(0, 32)}#${window}`;
  try {
    await table.update({
      Key: { pk, sk: 'RATE' },
      UpdateExpression: 'ADD #n :one SET expiresAt = :exp',
      ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':max': limit.max, ':exp': windowEnd + 60 },
    });
  } catch (err) {
    if (err instanceof ConditionFailed) throw tooMany(windowEnd - nowS);
    throw err;
  }
}

/** Throws 429 if the window is already full, without counting a hit. */
export async function check(table: TableClient, limit: Limit, key: string, now: Date): Promise<void> {
  const nowS = epochSeconds(now);
  const window = Math.floor(nowS / limit.windowSeconds);
  const pk = `RATE#${limit.scope}#${sha256Hex(key).slice(0, 32)}#${window}`;
  const item = await table.get<{ count: number }>(pk, 'RATE');
  if (item && item.count >= limit.max) throw tooMany((window + 1) * limit.windowSeconds - nowS);
}
