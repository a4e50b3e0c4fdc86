/**
 * Live-session items, all under `SESSION#<bookingId>` and all written with single-item
 * conditional writes (dynalite has no transactions):
 *
 * - `STATE#<start>#OVERLAY`      the overlay state, its `version` and whether LiveKit has it
 * - `STATE#<start>#LOBBY#A|B`    one waiting-room item per seat
 * - `STATE#<start>#ENDED`        present once the therapist ended the session
 * - `STATE#<start>#E2EE`         the session's end-to-end encryption key and its index
 * - `EVENT#<iso>#<uuid>`     a timeline event written by the API
 * - `HOOK#<eventId>`         a LiveKit webhook event: the de-duplication key and its timeline record
 *
 * The state is keyed by the booking's start (`SessionRef`): after a reschedule the new time
 * starts fresh — no "ended", no admitted seats, no lobby left from the old time — without any
 * write at reschedule time (which could race or be cut short by a crash). The `STATE#<start>#`
 * prefix lets one consistent query read everything a request needs. Every item carries the
 * booking's `expiresAt` (retention) and reads ignore expired items. The timeline (`EVENT#`,
 * `HOOK#`) spans every time the session had.
 */
import type { OverlayState } from '../../shared/overlay';
import type { Seat } from '../../shared/schemas';
import { conditionHolds, ConditionFailed, ifConditionHolds, isExpired, type TableClient } from '../db/table-client';
import type { TimelineEvent } from '../../shared/session-types';

export const sessionPk = (id: string) => `SESSION#${id}`;

/** One occurrence of a session: the booking id and the start it has now (a booking satisfies it). */
export interface SessionRef {
  id: string;
  start: string;
}

const statePrefix = (ref: SessionRef) => `STATE#${ref.start}#`;
const overlaySk = (ref: SessionRef) => `${statePrefix(ref)}OVERLAY`;
const endedSk = (ref: SessionRef) => `${statePrefix(ref)}ENDED`;
const lobbySk = (ref: SessionRef, seat: Seat) => `${statePrefix(ref)}LOBBY#${seat}`;
const keySk = (ref: SessionRef) => `${statePrefix(ref)}E2EE`;

export interface OverlayItem {
  pk: string;
  sk: string;
  version: number;
  state: OverlayState;
  /** False until LiveKit accepted this version as room metadata. */
  published: boolean;
  updatedAt: string;
  expiresAt: number;
}

export type LobbyState = 'waiting' | 'admitted' | 'sent_back' | 'left';

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
  sk: string;
  endedAt: string;
  expiresAt: number;
}

/**
 * The session's media key: 256 random bits (base64url), shared by the therapist and the admitted
 * partners, never given to LiveKit. `index` counts rotations; clients keep a ring of keys by it.
 */
export interface KeyItem {
  pk: string;
  sk: string;
  key: string;
  index: number;
  /**
   * False when the therapist's setting turned end-to-end encryption off at the session's first
   * join: then no key is ever handed out. Absent (older items) means true.
   */
  encrypted?: boolean;
  expiresAt: number;
}

export interface SessionState {
  overlay?: OverlayItem;
  lobby: Partial<Record<Seat, LobbyItem>>;
  ended?: EndedItem;
  e2ee?: KeyItem;
}

/** Reads overlay, lobby and ended flag in one consistent query. */
export async function readSessionState(table: TableClient, ref: SessionRef, now: Date): Promise<SessionState> {
  const items = await table.query<{ sk: string; expiresAt?: number }>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :state)',
    ExpressionAttributeValues: { ':pk': sessionPk(ref.id), ':state': statePrefix(ref) },
    ConsistentRead: true,
  });
  const state: SessionState = { lobby: {} };
  for (const item of items) {
    if (isExpired(item, now)) continue;
    if (item.sk === overlaySk(ref)) state.overlay = item as OverlayItem;
    else if (item.sk === endedSk(ref)) state.ended = item as EndedItem;
    else if (item.sk === lobbySk(ref, 'A')) state.lobby.A = item as LobbyItem;
    else if (item.sk === lobbySk(ref, 'B')) state.lobby.B = item as LobbyItem;
    else if (item.sk === keySk(ref)) state.e2ee = item as KeyItem;
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
  ref: SessionRef,
  next: OverlayState,
  base: { version: number; exists: boolean },
  now: Date,
  expiresAt: number,
): Promise<boolean> {
  const item: OverlayItem = {
    pk: sessionPk(ref.id),
    sk: overlaySk(ref),
    version: next.version,
    state: next,
    published: false,
    updatedAt: now.toISOString(),
    expiresAt,
  };
  return conditionHolds(
    table.put({
      Item: item,
      ...(base.exists
        ? {
            ConditionExpression: '#v = :base',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':base': base.version },
          }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    }),
  );
}

/**
 * Marks `version` as published to LiveKit, unless a newer version was written meanwhile (then
 * that write publishes itself).
 */
export async function markOverlayPublished(table: TableClient, ref: SessionRef, version: number): Promise<void> {
  await conditionHolds(
    table.update({
      Key: { pk: sessionPk(ref.id), sk: overlaySk(ref) },
      UpdateExpression: 'SET published = :t',
      ConditionExpression: '#v = :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':t': true, ':v': version },
    }),
  );
}

// ---- Lobby -------------------------------------------------------------------------------------

/**
 * Moves a seat into the waiting room: creates the item on first arrival, or turns a sent-back
 * seat into a waiting one. The conditions stop a stale read from overwriting an admission that
 * happened in between. Returns the item as stored (re-read when another write won).
 */
export async function enterWaiting(
  table: TableClient,
  ref: SessionRef,
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
        pk: sessionPk(ref.id),
        sk: lobbySk(ref, seat),
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
      Key: { pk: sessionPk(ref.id), sk: lobbySk(ref, seat) },
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
    return table.get<LobbyItem>(sessionPk(ref.id), lobbySk(ref, seat));
  }
}

/**
 * Admits a waiting (or sent-back) seat. Conditional on the state the caller saw, so a seat is
 * never admitted from a state the therapist did not see. Returns false when it changed meanwhile.
 */
export async function admitSeat(
  table: TableClient,
  ref: SessionRef,
  seat: Seat,
  from: LobbyState,
  now: Date,
): Promise<LobbyItem | undefined> {
  return ifConditionHolds(
    table.update<LobbyItem>({
      Key: { pk: sessionPk(ref.id), sk: lobbySk(ref, seat) },
      UpdateExpression: 'SET #state = :admitted, since = :at, admittedAt = :at ADD admissions :one',
      ConditionExpression: '#state = :from',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':admitted': 'admitted', ':at': now.toISOString(), ':from': from, ':one': 1 },
      ReturnValues: 'ALL_NEW',
    }),
  );
}

/**
 * Takes an admitted seat out of the room and records the revocation instant: `sent_back` by the
 * therapist (allowed again on a sent-back seat, so a therapist can retry when LiveKit was
 * unreachable), or `left` by the partner's own Leave. Either way the seat needs admission again.
 * Undefined when the seat was not in a state it could leave from.
 */
export async function takeSeatOut(
  table: TableClient,
  ref: SessionRef,
  seat: Seat,
  to: 'sent_back' | 'left',
  now: Date,
  revokedBefore: Date,
): Promise<LobbyItem | undefined> {
  const at = now.toISOString();
  return ifConditionHolds(
    table.update<LobbyItem>({
      Key: { pk: sessionPk(ref.id), sk: lobbySk(ref, seat) },
      UpdateExpression: `SET #state = :to, since = :at, revokedBefore = :rb${to === 'sent_back' ? ', sentBackAt = :at' : ''}`,
      ConditionExpression: to === 'sent_back' ? '#state IN (:admitted, :to)' : '#state = :admitted',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':to': to, ':admitted': 'admitted', ':at': at, ':rb': revokedBefore.toISOString() },
      ReturnValues: 'ALL_NEW',
    }),
  );
}

/** One seat's lobby item, read consistently (the re-check after minting a token). */
export async function readSeat(table: TableClient, ref: SessionRef, seat: Seat, now: Date): Promise<LobbyItem | undefined> {
  const item = await table.get<LobbyItem>(sessionPk(ref.id), lobbySk(ref, seat));
  return item && !isExpired(item, now) ? item : undefined;
}

// ---- End-to-end encryption key ------------------------------------------------------------

const newKey = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

/**
 * The session's key, created by the first admitted join. Two first joins at once: the
 * conditional put lets one create it, and the other reads the winner's key.
 */
export async function ensureKey(
  table: TableClient,
  ref: SessionRef,
  current: KeyItem | undefined,
  expiresAt: number,
  encrypted = true,
): Promise<KeyItem> {
  if (current) return current;
  const item: KeyItem = { pk: sessionPk(ref.id), sk: keySk(ref), key: newKey(), index: 1, encrypted, expiresAt };
  if (await conditionHolds(table.put({ Item: item, ConditionExpression: 'attribute_not_exists(pk)' }))) return item;
  return (await table.get<KeyItem>(item.pk, item.sk)) ?? item;
}

/**
 * Why a fresh random key and not a ratchet: a ratchet step is derived from the current key, so the
 * device we want to shut out (which holds it) could compute the next one too. The cost is one
 * fetch by the participants who stay.
 *
 * Replaces the key with a fresh one under the next index (after a send-back or a leave), unless another
 * rotation won meanwhile — then that one's key is returned. Undefined when the session has no
 * key yet (nobody joined video: nothing to rotate).
 */
export async function rotateKey(table: TableClient, ref: SessionRef, current: KeyItem | undefined): Promise<KeyItem | undefined> {
  if (!current || current.encrypted === false) return undefined;
  try {
    return await table.update<KeyItem>({
      Key: { pk: sessionPk(ref.id), sk: keySk(ref) },
      UpdateExpression: 'SET #key = :key, #index = :next',
      ConditionExpression: '#index = :index',
      ExpressionAttributeNames: { '#key': 'key', '#index': 'index' },
      ExpressionAttributeValues: { ':key': newKey(), ':next': current.index + 1, ':index': current.index },
      ReturnValues: 'ALL_NEW',
    });
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    return table.get<KeyItem>(sessionPk(ref.id), keySk(ref));
  }
}

/** What a participant is handed: the key, or null for a session without end-to-end encryption. */
export function keyForClient(item: KeyItem | undefined): { key: string; index: number } | null {
  return item && item.encrypted !== false ? { key: item.key, index: item.index } : null;
}

// ---- End ---------------------------------------------------------------------------------------

/** Marks the session ended; the first end wins and keeps its time (`first` tells which). */
export async function markEnded(
  table: TableClient,
  ref: SessionRef,
  now: Date,
  expiresAt: number,
): Promise<{ ended: EndedItem; first: boolean }> {
  const item: EndedItem = { pk: sessionPk(ref.id), sk: endedSk(ref), endedAt: now.toISOString(), expiresAt };
  if (await conditionHolds(table.put({ Item: item, ConditionExpression: 'attribute_not_exists(pk)' }))) {
    return { ended: item, first: true };
  }
  return { ended: (await table.get<EndedItem>(item.pk, item.sk)) ?? item, first: false };
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
 * Appends a join (`token_issued`) at most once per participant per minute: the item's key is the
 * minute and the participant, written only if absent. A partner re-joining in a loop cannot grow
 * the partition without bound, and the check costs no extra round trip.
 */
export async function putJoinEvent(
  table: TableClient,
  id: string,
  event: Extract<TimelineEvent, { type: 'token_issued' }>,
  expiresAt: number,
): Promise<void> {
  const minute = new Date(Math.floor(Date.parse(event.at) / 60_000) * 60_000).toISOString();
  const item: EventItem = {
    pk: sessionPk(id),
    sk: `EVENT#${minute}#join#${event.seat ?? 'therapist'}`,
    event,
    expiresAt,
  };
  await conditionHolds(table.put({ Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
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
  return conditionHolds(table.put({ Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
}

/** At most this many API events and this many webhook events are read for one timeline. */
export const TIMELINE_CAP = 1000;

/**
 * The timeline of a session, oldest first: at most `TIMELINE_CAP` API events (the oldest) and as
 * many webhook events; `truncated` says whether more exist.
 */
export async function listEvents(
  table: TableClient,
  id: string,
  now: Date,
): Promise<{ events: TimelineEvent[]; truncated: boolean }> {
  const pages = await Promise.all(
    ['EVENT#', 'HOOK#'].map((prefix) =>
      table.queryPage<EventItem>({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': sessionPk(id), ':p': prefix },
        Limit: TIMELINE_CAP,
      }),
    ),
  );
  const events = pages
    .flatMap((p) => p.items)
    .filter((i) => !isExpired(i, now))
    .sort((a, b) => a.event.at.localeCompare(b.event.at) || a.sk.localeCompare(b.sk))
    .map((i) => i.event);
  return { events, truncated: pages.some((p) => p.more) };
}
