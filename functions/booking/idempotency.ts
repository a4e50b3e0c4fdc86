/**
 * `Idempotency-Key` support: a retried request with the same key returns the first result instead
 * of doing the work twice. The record is claimed with a conditional put before the work starts,
 * so two concurrent retries cannot both run it.
 */
import { conditionHolds, epochSeconds, isExpired, type TableClient } from '../db/table-client';
import { AppError, conflict } from '../http/errors';
import { sha256Hex } from '../security/tokens';

interface IdemRecord {
  state: 'running' | 'done';
  requestHash: string;
  status?: number;
  body?: unknown;
  startedAt: number;
  expiresAt: number;
}

const KEY_RE = /^[A-Za-z0-9_\-:.]{8,100}$/;
const RECORD_TTL_S = 24 * 60 * 60;
const STALE_RUNNING_S = 120;

export interface Outcome {
  status: 201 | 200 | 409 | 422;
  body: unknown;
}

export async function idempotent(
  table: TableClient,
  scope: string,
  key: string | undefined,
  request: unknown,
  now: Date,
  run: () => Promise<Outcome>,
): Promise<Outcome> {
  if (key === undefined) return run();
  if (!KEY_RE.test(key)) {
    throw new AppError(422, 'invalid_idempotency_key', 'Idempotency-Key must be 8–100 characters of A–Z a–z 0–9 _ - : .');
  }
  const pk = `IDEM#${scope}#${sha256Hex(key)}`;
  const requestHash = sha256Hex(JSON.stringify(request));
  const nowS = epochSeconds(now);
  const claimed = await conditionHolds(
    table.put({
      Item: { pk, sk: 'IDEM', state: 'running', requestHash, startedAt: nowS, expiresAt: nowS + RECORD_TTL_S },
      // Take the key if new, expired, or left running by a process that died.
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR (#st = :running AND startedAt < :stale)',
      ExpressionAttributeNames: { '#st': 'state' },
      ExpressionAttributeValues: { ':now': nowS, ':running': 'running', ':stale': nowS - STALE_RUNNING_S },
    }),
  );
  if (!claimed) {
    const existing = await table.get<IdemRecord>(pk, 'IDEM');
    if (!existing || isExpired(existing, now)) throw conflict('request_in_progress', 'Please retry');
    if (existing.requestHash !== requestHash) {
      throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request');
    }
    if (existing.state === 'running') throw conflict('request_in_progress', 'The first request is still running');
    return { status: existing.status as Outcome['status'], body: existing.body };
  }
  let outcome: Outcome;
  try {
    outcome = await run();
  } catch (err) {
    if (err instanceof AppError && (err.status === 409 || err.status === 422)) {
      outcome = { status: err.status, body: { error: { code: err.code, message: err.message } } };
    } else {
      await table.delete({ Key: { pk, sk: 'IDEM' } });
      throw err;
    }
  }
  await table.put({
    Item: { pk, sk: 'IDEM', state: 'done', requestHash, status: outcome.status, body: outcome.body, startedAt: nowS, expiresAt: nowS + RECORD_TTL_S },
  });
  return outcome;
}
