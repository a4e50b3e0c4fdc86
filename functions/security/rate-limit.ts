/**
 * Fixed-window rate limits kept in DynamoDB, so they hold across Lambda instances. One counter
 * item per (scope, key, window); the increment is conditional on the count staying under the
 * limit, so concurrent requests can never exceed it.
 *
 * A client that has used up a limit is also remembered in this instance's memory until its
 * window ends (`overLimit`): that lets a route refuse it before doing any lookup, without a
 * table read on the way of every well-behaved request. The table stays the authority: a cold
 * instance learns of the block from its first refused `hit`.
 */
import { conditionHolds, epochSeconds, ifConditionHolds, type TableClient } from '../db/table-client';
import type { ApiErrorCode } from '../../shared/error-codes';
import { AppError } from '../http/errors';
import { sha256Hex } from './tokens';

export interface Limit {
  scope: string;
  max: number;
  windowSeconds: number;
  /** Code and message of the 429 (default: `rate_limited`, "Too many requests…"). */
  code?: ApiErrorCode;
  message?: string;
}

const DAY_S = 24 * 60 * 60;

export const LIMITS = {
  signInPerEmail: { scope: 'signin-email', max: 5, windowSeconds: 15 * 60 },
  signInPerClient: { scope: 'signin-client', max: 20, windowSeconds: 15 * 60 },
  /** Failed token look-ups (invite and sign-in links) per client; valid tokens are not counted. */
  tokenGuessPerClient: { scope: 'token-guess', max: 30, windowSeconds: 15 * 60 },
  bookingPerClient: { scope: 'booking-client', max: 30, windowSeconds: 15 * 60 },
  /** Bookings made on one therapist's public page per day. */
  publicBookingsPerTherapist: {
    scope: 'public-bookings',
    max: 20,
    windowSeconds: DAY_S,
    code: 'daily_booking_limit',
    message: 'This therapist cannot take more online bookings today. Please try again tomorrow.',
  },
  /** Couples a therapist account books itself per day before it has held a real session. */
  newTherapistBookings: {
    scope: 'therapist-bookings',
    max: 10,
    windowSeconds: DAY_S,
    code: 'daily_booking_limit',
    message:
      'New accounts can book at most 10 couples a day until their first session has taken place. Please try again tomorrow.',
  },
  /** The same counter once the account has held a session. */
  therapistBookings: {
    scope: 'therapist-bookings',
    max: 60,
    windowSeconds: DAY_S,
    code: 'daily_booking_limit',
    message: 'You can book at most 60 couples a day. Please try again tomorrow.',
  },
  /** Booking emails one address gets per day (confirmations, changes, cancellations, reminders). */
  mailPerRecipient: {
    scope: 'mail-to',
    max: 10,
    windowSeconds: DAY_S,
    code: 'email_limit',
    message:
      'An email address in this booking has received as many messages from us as we send in one day. Nothing was booked or sent; please try again tomorrow.',
  },
} satisfies Record<string, Limit>;

/** One counted hit, so that it can be taken back (`unhit`) if the work it was for is refused. */
export interface Hit {
  pk: string;
}

interface Window {
  pk: string;
  /** Epoch seconds when the window ends. */
  end: number;
}

function windowOf(limit: Limit, key: string, now: Date): Window {
  const index = Math.floor(epochSeconds(now) / limit.windowSeconds);
  // Keys are hashed: an email or address never appears in a key.
  return {
    pk: `RATE#${limit.scope}#${sha256Hex(key).slice(0, 32)}#${index}`,
    end: (index + 1) * limit.windowSeconds,
  };
}

function refusal(limit: Limit, retryAfterSeconds: number): AppError {
  return new AppError(
    429,
    limit.code ?? 'rate_limited',
    limit.message ?? 'Too many requests, try again later',
    { headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) } },
  );
}

// ---- Known-over-limit clients of this instance ---------------------------------------------------

const MAX_REMEMBERED = 10_000;
/** Per table (each test app has its own): window key → epoch seconds when the block ends. */
const blocked = new WeakMap<TableClient, Map<string, number>>();

function remember(table: TableClient, w: Window): void {
  let map = blocked.get(table);
  if (!map) blocked.set(table, (map = new Map()));
  if (map.size >= MAX_REMEMBERED) {
    const nowS = Date.now() / 1000;
    for (const [k, until] of map) if (until <= nowS || map.size >= MAX_REMEMBERED) map.delete(k);
  }
  map.set(w.pk, w.end);
}

/**
 * Refuses with 429, before any lookup and without a table read, a client this instance has seen
 * use up `limit` in the current window.
 */
export function refuseIfKnownOverLimit(table: TableClient, limit: Limit, key: string, now: Date): void {
  const w = windowOf(limit, key, now);
  const until = blocked.get(table)?.get(w.pk);
  if (until !== undefined && until > epochSeconds(now)) throw refusal(limit, until - epochSeconds(now));
}

// ---- Counting ------------------------------------------------------------------------------------

/** Counts one hit; throws 429 with Retry-After once `max` hits fell in the current window. */
export async function hit(table: TableClient, limit: Limit, key: string, now: Date): Promise<Hit> {
  const w = windowOf(limit, key, now);
  const counted = await ifConditionHolds(
    table.update<{ count: number }>({
      Key: { pk: w.pk, sk: 'RATE' },
      UpdateExpression: 'ADD #n :one SET expiresAt = :exp',
      ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':max': limit.max, ':exp': w.end + 60 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  if (!counted) {
    remember(table, w);
    throw refusal(limit, w.end - epochSeconds(now));
  }
  if ((counted.count ?? 1) >= limit.max) remember(table, w);
  return { pk: w.pk };
}

/** Counts one hit that must happen anyway (e.g. a cancellation notice): never refuses. */
export async function count(table: TableClient, limit: Limit, key: string, now: Date): Promise<void> {
  const w = windowOf(limit, key, now);
  await table.update({
    Key: { pk: w.pk, sk: 'RATE' },
    UpdateExpression: 'ADD #n :one SET expiresAt = :exp',
    ExpressionAttributeNames: { '#n': 'count' },
    ExpressionAttributeValues: { ':one': 1, ':exp': w.end + 60 },
  });
}

/** Takes back a hit whose work was refused (a crash before this only over-counts by one). */
export async function unhit(table: TableClient, h: Hit): Promise<void> {
  await conditionHolds(
    table.update({
      Key: { pk: h.pk, sk: 'RATE' },
      UpdateExpression: 'ADD #n :minus',
      ConditionExpression: '#n > :zero',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
    }),
  );
  blocked.get(table)?.delete(h.pk);
}
