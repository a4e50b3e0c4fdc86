/**
 * Live-session items, all under `SESSION#<bookingId>` and all written with single-item
 * conditional writes (dynalite has no transactions):
 *
 * - `STATE#OVERLAY`          the overlay state, its `version` and whether LiveKit has it
 * - `STATE#LOBBY#A|B`        one waiting-room item per seat
 * - `STATE#ENDED`            present once the therapist ended the session
 * - `EVENT#<iso>#<uuid>`     a timeline event written by the API
 * - `HOOK#<eventId>`         a LiveKit webhook event: the de-duplication key and its timeline record
 *
 * The `STATE#` prefix lets one consistent query read everything a request needs. Every item
 * carries the booking's `expiresAt` (retention) and reads ignore expired items.
 */
import type { OverlayState } from '../../shared/overlay';
import type { Seat } from '../../shared/schemas';
import { ConditionFailed, isExpired, type TableClient } from '../db/table-client';
import type { TimelineEvent } from '../../shared/session-types';

export const sessionPk = (id: string) => `SESSION#${id}`;
const OVERLAY_SK = 'STATE#OVERLAY';
const ENDED_SK = 'STATE#ENDED';
const lobbySk = (seat: Seat) => `STATE#LOBBY#${seat}`;

export interface OverlayItem {
  pk: string;
  sk: typeof OVERLAY_SK;
  version: number;
  state: OverlayState;
  /** False until LiveKit accepted this version as room metadata. */
  published: boolean;
  updatedAt: string;
  expiresAt: number;
}

export type LobbyState = 'waiting' | 'admitted' | 'sent_back';

export interface LobbyItem {
  pk: string;
  sk: string;
  seat: Seat;
  state: LobbyState;
  /** When the seat entered its current state. */
  since: string;
  /** First arrival in the waiting room. */
  arrivedAt: string;
  admittedAt?: string;
  sentBackAt?: string;
  /**
   * Tokens issued before this instant were revoked at LiveKit (the last send-back): the whole
   * second after the send-back, so a token minted in the same second is revoked too.
   */
  revokedBefore?: string;
  /**
   * How many times the seat was admitted. Each token carries the count it was minted under
   * (attribute `admission`), so a token from an earlier admission is told apart from the current
   * one when LiveKit reports its join (see room-guard.ts).
   */
  admissions?: number;
  /** Both partners sit at this seat's device. */
  together: boolean;
  expiresAt: number;
}

export interface EndedItem {
  pk: string;
  sk: typeof ENDED_SK;
  endedAt: string;
  expiresAt: number;
}

export interface SessionState {
  overlay?: OverlayItem;
  lobby: Partial<Record<Seat, LobbyItem>>;
  ended?: EndedItem;
}

/** Reads overlay, lobby and ended flag in one consistent query. */
export async function readSessionState(table: TableClient, id: string, now: Date): Promise<SessionState> {
  const items = await table.query<{ sk: string; expiresAt?: number }>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :state)',
    ExpressionAttributeValues: { ':pk': sessionPk(id), ':state': 'STATE#' },
    ConsistentRead: true,
  });
  const state: SessionState = { lobby: {} };
  for (const item of items) {
    if (isExpired(item, now)) continue;
    if (item.sk === OVERLAY_SK) state.overlay = item as OverlayItem;
    else if (item.sk === ENDED_SK) state.ended = item as EndedItem;
    else if (item.sk === lobbySk('A')) state.lobby.A = item as LobbyItem;
    else if (item.sk === lobbySk('B')) state.lobby.B = item as LobbyItem;
  }
  return state;
}

// ---- Overlay -----------------------------------------------------------------------------------

/**
 * Writes the next overlay state if the stored version is still `baseVersion`. The first write
 * of a session (no item yet, the implicit initial state) requires that no item exists. Returns
 * false when another write won: the caller re-reads and answers 409 with the current state.
 */
export async function writeOverlay(
  table: TableClient,
  id: string,
  next: OverlayState,
  base: { version: number; exists: boolean },
  now: Date,
  expiresAt: number,
): Promise<boolean> {
  const item: OverlayItem = {
    pk: sessionPk(id),
    sk: OVERLAY_SK,
    version: next.version,
    state: next,
    published: false,
    updatedAt: now.toISOString(),
    expiresAt,
  };
  try {
    await table.put({
      Item: item,
      ...(base.exists
        ? {
            ConditionExpression: '#v = :base',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':base': base.version },
          }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    });
    return true;
  } catch (err) {
    if (err instanceof ConditionFailed) return false;
    throw err;
  }
}

/**
 * Marks `version` as published to LiveKit, unless a newer version was written meanwhile (then
 * that write publishes itself).
 */
export async function markOverlayPublished(table: TableClient, id: string, version: number): Promise<void> {
  try {
    await table.update({
      Key: { pk: sessionPk(id), sk: OVERLAY_SK },
      UpdateExpression: 'SET published = :t',
      ConditionExpression: '#v = :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':t': true, ':v': version },
    });
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
  }
}

// ---- Lobby -------------------------------------------------------------------------------------

/**
 * Moves a seat into the waiting room: creates the item on first arrival, or turns a sent-back
 * seat into a waiting one. The conditions stop a stale read from overwriting an admission that
 * happened in between. Returns the item as stored (re-read when another write won).
 */
export async function enterWaiting(
  table: TableClient,
  id: string,
  current: LobbyItem | undefined,
  seat: Seat,
  together: boolean,
  now: Date,
  expiresAt: number,
): Promise<LobbyItem | undefined> {
  const at = now.toISOString();
  try {
    if (!current) {
      const item: LobbyItem = {
        pk: sessionPk(id),
        sk: lobbySk(seat),
        seat,
        state: 'waiting',
        since: at,
        arrivedAt: at,
        together,
        expiresAt,
      };
      await table.put({ Item: item, ConditionExpression: 'attribute_not_exists(pk)' });
      return item;
    }
    if (current.state === 'waiting' && current.together === together) return current;
    return await table.update<LobbyItem>({
      Key: { pk: sessionPk(id), sk: lobbySk(seat) },
      UpdateExpression:
        current.state === 'waiting'
          ? 'SET together = :together'
          : 'SET #state = :waiting, since = :at, together = :together',
      ConditionExpression: '#state = :expected',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':expected': current.state,
        ':together': together,
        ...(current.state === 'waiting' ? {} : { ':waiting': 'waiting', ':at': at }),
      },
      ReturnValues: 'ALL_NEW',
    });
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    return table.get<LobbyItem>(sessionPk(id), lobbySk(seat));
  }
}

/**
 * Admits a waiting (or sent-back) seat. Conditional on the state the caller saw, so a seat is
 * never admitted from a state the therapist did not see. Returns false when it changed meanwhile.
 */
export async function admitSeat(
  table: TableClient,
  id: string,
  seat: Seat,
  from: LobbyState,
  now: Date,
): Promise<LobbyItem | undefined> {
  try {
    return await table.update<LobbyItem>({
      Key: { pk: sessionPk(id), sk: lobbySk(seat) },
      UpdateExpression: 'SET #state = :admitted, since = :at, admittedAt = :at ADD admissions :one',
      ConditionExpression: '#state = :from',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':admitted': 'admitted', ':at': now.toISOString(), ':from': from, ':one': 1 },
      ReturnValues: 'ALL_NEW',
    });
  } catch (err) {
    if (err instanceof ConditionFailed) return undefined;
    throw err;
  }
}

/**
 * Sends an admitted seat back to the waiting room and records the revocation instant. Allowed
 * again on a sent-back seat so a therapist can retry when LiveKit was unreachable.
 */
export async function sendSeatBack(
  table: TableClient,
  id: string,
  seat: Seat,
  now: Date,
  revokedBefore: Date,
): Promise<LobbyItem | undefined> {
  const at = now.toISOString();
  try {
    return await table.update<LobbyItem>({
      Key: { pk: sessionPk(id), sk: lobbySk(seat) },
      UpdateExpression: 'SET #state = :sentBack, since = :at, sentBackAt = :at, revokedBefore = :rb',
      ConditionExpression: '#state IN (:admitted, :sentBack)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':sentBack': 'sent_back',
        ':admitted': 'admitted',
        ':at': at,
        ':rb': revokedBefore.toISOString(),
      },
      ReturnValues: 'ALL_NEW',
    });
  } catch (err) {
    if (err instanceof ConditionFailed) return undefined;
    throw err;
  }
}

/** One seat's lobby item, read consistently (the re-check after minting a token). */
export async function readSeat(table: TableClient, id: string, seat: Seat, now: Date): Promise<LobbyItem | undefined> {
  const item = await table.get<LobbyItem>(sessionPk(id), lobbySk(seat));
  return item && !isExpired(item, now) ? item : undefined;
}

// ---- End ---------------------------------------------------------------------------------------

/** Marks the session ended; the first end wins and keeps its time (`first` tells which). */
export async function markEnded(
  table: TableClient,
  id: string,
  now: Date,
  expiresAt: number,
): Promise<{ ended: EndedItem; first: boolean }> {
  const item: EndedItem = { pk: sessionPk(id), sk: ENDED_SK, endedAt: now.toISOString(), expiresAt };
  try {
    await table.put({ Item: item, ConditionExpression: 'attribute_not_exists(pk)' });
    return { ended: item, first: true };
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    return { ended: (await table.get<EndedItem>(item.pk, item.sk)) ?? item, first: false };
  }
}

// ---- Timeline ----------------------------------------------------------------------------------

interface EventItem {
  pk: string;
  sk: string;
  event: TimelineEvent;
  expiresAt: number;
}

/**
 * Orders events written at the same `at` (same millisecond, or a test clock) in write order
 * within one process: wall-clock microseconds, then a random part for uniqueness.
 */
function tieBreaker(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  return `${micros.toString().padStart(17, '0')}#${crypto.randomUUID().slice(0, 8)}`;
}

/** Appends an API-side event to the timeline. */
export async function putEvent(table: TableClient, id: string, event: TimelineEvent, expiresAt: number): Promise<void> {
  const item: EventItem = {
    pk: sessionPk(id),
    sk: `EVENT#${event.at}#${tieBreaker()}`,
    event,
    expiresAt,
  };
  await table.put({ Item: item });
}

/**
 * Records a LiveKit webhook event once: the item keyed by the event id is both the
 * de-duplication lock and the timeline record, so a crash can never record it without locking
 * it or lock it without recording it. Returns false for a repeated delivery.
 */
export async function putWebhookEvent(
  table: TableClient,
  id: string,
  eventId: string,
  event: TimelineEvent,
  expiresAt: number,
): Promise<boolean> {
  const item: EventItem = { pk: sessionPk(id), sk: `HOOK#${eventId}`, event, expiresAt };
  try {
    await table.put({ Item: item, ConditionExpression: 'attribute_not_exists(pk)' });
    return true;
  } catch (err) {
    if (err instanceof ConditionFailed) return false;
    throw err;
  }
}

/** Every timeline event of a session, oldest first. */
export async function listEvents(table: TableClient, id: string, now: Date): Promise<TimelineEvent[]> {
  const [api, hooks] = await Promise.all(
    ['EVENT#', 'HOOK#'].map((prefix) =>
      table.query<EventItem>({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': sessionPk(id), ':p': prefix },
      }),
    ),
  );
  return [...api!, ...hooks!]
    .filter((i) => !isExpired(i, now))
    .sort((a, b) => a.event.at.localeCompare(b.event.at) || a.sk.localeCompare(b.sk))
    .map((i) => i.event);
}
