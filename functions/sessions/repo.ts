/**
 * Live-session items, all under `SESSION#<bookingId>` and all written with single-item
 * conditional writes (dynalite has no transactions):
 *
 * - `STATE#OVERLAY`      the overlay state, its `version` and whether LiveKit has it
 * - `STATE#LOBBY#A|B`    one waiting-room item per seat
 * - `STATE#ENDED`        present once the therapist ended the session
 * - `STATE#E2EE`         the session's end-to-end encryption key and its index
 * - `STATE#SIGNAL#A|B`   a partner's latest safety signal (pause / ouch) and its acknowledgement
 * - `EVENT#<iso>#<uuid>` a timeline event written by the API
 * - `HOOK#<eventId>`     a LiveKit webhook event: the de-duplication key and its timeline record
 *
 * Every state item carries the booking `start` it belongs to (`SessionRef`), and an item of
 * another start counts as absent: after a reschedule the new time starts fresh — no "ended", no
 * admitted seats, no lobby left from the old time — without any write at reschedule time (which
 * could race or be cut short by a crash). Writes treat an item of another start as absent too
 * (their conditions include the start). The keys do not depend on the start, so a request that
 * knows only the session id reads the state together with the caller's credential and the booking
 * in one BatchGet (access.ts `loadSession`): one round trip. Every item carries the booking's
 * `expiresAt` (retention) and reads ignore expired items. The timeline (`EVENT#`, `HOOK#`) spans
 * every time the session had.
 */
import type { OverlayState } from '../../shared/overlay';
import type { Seat } from '../../shared/schemas';
import { conditionHolds, ifConditionHolds, isExpired, type Key, type TableClient } from '../db/table-client';
import type { SignalKind, TimelineEvent } from '../../shared/session-types';

export const sessionPk = (id: string) => `SESSION#${id}`;

/** One occurrence of a session: the booking id and the start it has now (a booking satisfies it). */
export interface SessionRef {
  id: string;
  start: string;
}

const OVERLAY_SK = 'STATE#OVERLAY';
const ENDED_SK = 'STATE#ENDED';
const KEY_SK = 'STATE#E2EE';
const lobbySk = (seat: Seat) => `STATE#LOBBY#${seat}`;
const signalSk = (seat: Seat) => `STATE#SIGNAL#${seat}`;
const stateKey = (id: string, sk: string): Key => ({ pk: sessionPk(id), sk });

/** The keys of a session's state items: read them with `sessionStateFrom` in any BatchGet. */
export const sessionStateKeys = (id: string): Key[] =>
  [OVERLAY_SK, ENDED_SK, KEY_SK, lobbySk('A'), lobbySk('B'), signalSk('A'), signalSk('B')].map((sk) =>
    stateKey(id, sk),
  );

/**
 * Creates a state item for its start: written if there is none, or only one of another start (a
 * time the booking had before a reschedule). `orIf` widens the condition (e.g. "or older than").
 * False when an item of this start exists.
 */
function createState(
  table: TableClient,
  item: { pk: string; sk: string; start: string },
  orIf?: { condition: string; names: Record<string, string>; values: Record<string, unknown> },
): Promise<boolean> {
  return conditionHolds(
    table.put({
      Item: item,
      ConditionExpression: `attribute_not_exists(pk) OR #start <> :start${orIf ? ` OR ${orIf.condition}` : ''}`,
      ExpressionAttributeNames: { '#start': 'start', ...orIf?.names },
      ExpressionAttributeValues: { ':start': item.start, ...orIf?.values },
    }),
  );
}

/**
 * Updates a state item of this start if `condition` holds: the new item, or undefined when the
 * item changed meanwhile, belongs to another start, or is not there.
 */
function updateState<T>(
  table: TableClient,
  ref: SessionRef,
  sk: string,
  update: { set: string; condition: string; names?: Record<string, string>; values: Record<string, unknown> },
): Promise<T | undefined> {
  return ifConditionHolds(
    table.update<T>({
      Key: stateKey(ref.id, sk),
      UpdateExpression: update.set,
      ConditionExpression: `(${update.condition}) AND #start = :start`,
      ExpressionAttributeNames: { '#start': 'start', ...update.names },
      ExpressionAttributeValues: { ':start': ref.start, ...update.values },
      ReturnValues: 'ALL_NEW',
    }),
  );
}

export interface OverlayItem {
  pk: string;
  sk: string;
  /** The booking start this item belongs to (see the top of this file). */
  start: string;
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
  /** The booking start this item belongs to (see the top of this file). */
  start: string;
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
  /** The booking start this item belongs to (see the top of this file). */
  start: string;
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
  /** The booking start this item belongs to (see the top of this file). */
  start: string;
  key: string;
  index: number;
  /**
   * False when the therapist's setting turned end-to-end encryption off at the session's first
   * join: then no key is ever handed out. Absent (older items) means true.
   */
  encrypted?: boolean;
  expiresAt: number;
}

/** A partner's latest safety signal. */
export interface SignalItem {
  pk: string;
  sk: string;
  start: string;
  seat: Seat;
  kind: SignalKind;
  at: string;
  seenAt?: string;
  expiresAt: number;
}

export interface SessionState {
  overlay?: OverlayItem;
  lobby: Partial<Record<Seat, LobbyItem>>;
  ended?: EndedItem;
  e2ee?: KeyItem;
  signals: Partial<Record<Seat, SignalItem>>;
}

/**
 * The session state among items read by key (`sessionStateKeys`, possibly in a BatchGet with
 * other items): those of this session and its current start, not expired.
 */
export function sessionStateFrom(items: readonly { pk: string; sk: string }[], ref: SessionRef, now: Date): SessionState {
  const state: SessionState = { lobby: {}, signals: {} };
  const pk = sessionPk(ref.id);
  for (const raw of items) {
    const item = raw as { pk: string; sk: string; start?: string; expiresAt?: number };
    if (item.pk !== pk || item.start !== ref.start || isExpired(item, now)) continue;
    if (item.sk === OVERLAY_SK) state.overlay = item as OverlayItem;
    else if (item.sk === ENDED_SK) state.ended = item as EndedItem;
    else if (item.sk === lobbySk('A')) state.lobby.A = item as LobbyItem;
    else if (item.sk === lobbySk('B')) state.lobby.B = item as LobbyItem;
    else if (item.sk === KEY_SK) state.e2ee = item as KeyItem;
    else if (item.sk === signalSk('A')) state.signals.A = item as SignalItem;
    else if (item.sk === signalSk('B')) state.signals.B = item as SignalItem;
  }
  return state;
}

/** Reads overlay, lobby, ended flag and key in one consistent BatchGet. */
export async function readSessionState(table: TableClient, ref: SessionRef, now: Date): Promise<SessionState> {
  return sessionStateFrom(await table.batchGet(sessionStateKeys(ref.id)), ref, now);
}

/** One state item, read consistently; undefined when absent, of another start, or expired. */
async function readStateItem<T extends { start: string; expiresAt?: number }>(
  table: TableClient,
  ref: SessionRef,
  sk: string,
  now: Date,
): Promise<T | undefined> {
  const item = await table.get<T>(sessionPk(ref.id), sk);
  return item && item.start === ref.start && !isExpired(item, now) ? item : undefined;
}

// ---- Overlay -----------------------------------------------------------------------------------

/**
 * Writes the next overlay state if the stored version is still `baseVersion`. The first write
 * of a session (no item yet, the implicit initial state) requires that no item exists for this
 * start. Returns false when another write won: the caller re-reads and answers 409 with the
 * current state.
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
    sk: OVERLAY_SK,
    start: ref.start,
    version: next.version,
    state: next,
    published: false,
    updatedAt: now.toISOString(),
    expiresAt,
  };
  if (!base.exists) return createState(table, item);
  return conditionHolds(
    table.put({
      Item: item,
      ConditionExpression: '#v = :base AND #start = :start',
      ExpressionAttributeNames: { '#v': 'version', '#start': 'start' },
      ExpressionAttributeValues: { ':base': base.version, ':start': ref.start },
    }),
  );
}

/**
 * Marks `version` as published to LiveKit, unless a newer version was written meanwhile (then
 * that write publishes itself).
 */
export async function markOverlayPublished(table: TableClient, ref: SessionRef, version: number): Promise<void> {
  await updateState(table, ref, OVERLAY_SK, {
    set: 'SET published = :t',
    condition: '#v = :v',
    names: { '#v': 'version' },
    values: { ':t': true, ':v': version },
  });
}

// ---- Lobby -------------------------------------------------------------------------------------

/**
 * Moves a seat into the waiting room: creates the item on first arrival (for this start), or
 * turns a sent-back seat into a waiting one. The conditions stop a stale read from overwriting an
 * admission that happened in between. Returns the item as stored (re-read when another write won).
 */
export async function enterWaiting(
  table: TableClient,
  ref: SessionRef,
  arrival: { seat: Seat; current: LobbyItem | undefined; together: boolean; now: Date; expiresAt: number },
): Promise<LobbyItem | undefined> {
  const { seat, current, together, now, expiresAt } = arrival;
  const at = now.toISOString();
  let stored: LobbyItem | undefined;
  if (!current) {
    const item: LobbyItem = {
      ...stateKey(ref.id, lobbySk(seat)),
      start: ref.start,
      seat,
      state: 'waiting',
      since: at,
      arrivedAt: at,
      together,
      expiresAt,
    };
    if (await createState(table, item)) return item;
  } else {
    if (current.state === 'waiting' && current.together === together) return current;
    stored = await updateState<LobbyItem>(table, ref, lobbySk(seat), {
      set: current.state === 'waiting' ? 'SET together = :together' : 'SET #state = :waiting, since = :at, together = :together',
      condition: '#state = :expected',
      names: { '#state': 'state' },
      values: {
        ':expected': current.state,
        ':together': together,
        ...(current.state === 'waiting' ? {} : { ':waiting': 'waiting', ':at': at }),
      },
    });
    if (stored) return stored;
  }
  return readSeat(table, ref, seat, now);
}

/**
 * Admits a waiting (or sent-back) seat as the therapist `seen` it. Conditional on that state, so a
 * seat is never admitted from a state the therapist did not see. Undefined when it changed meanwhile.
 */
export async function admitSeat(table: TableClient, ref: SessionRef, seen: LobbyItem, now: Date): Promise<LobbyItem | undefined> {
  return updateState<LobbyItem>(table, ref, lobbySk(seen.seat), {
    set: 'SET #state = :admitted, since = :at, admittedAt = :at ADD admissions :one',
    condition: '#state = :from',
    names: { '#state': 'state' },
    values: { ':admitted': 'admitted', ':at': now.toISOString(), ':from': seen.state, ':one': 1 },
  });
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
  return updateState<LobbyItem>(table, ref, lobbySk(seat), {
    set: `SET #state = :to, since = :at, revokedBefore = :rb${to === 'sent_back' ? ', sentBackAt = :at' : ''}`,
    condition: to === 'sent_back' ? '#state IN (:admitted, :to)' : '#state = :admitted',
    names: { '#state': 'state' },
    values: { ':to': to, ':admitted': 'admitted', ':at': at, ':rb': revokedBefore.toISOString() },
  });
}

/** One seat's lobby item, read consistently (the re-check after minting a token). */
export async function readSeat(table: TableClient, ref: SessionRef, seat: Seat, now: Date): Promise<LobbyItem | undefined> {
  return readStateItem<LobbyItem>(table, ref, lobbySk(seat), now);
}

// ---- End-to-end encryption key ------------------------------------------------------------

const newKey = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

/**
 * The session's key, created by the therapist's first join or the first admission (both know
 * the therapist's setting). Two at once: the conditional put lets one create it, and the other
 * reads the winner's key.
 */
export async function ensureKey(
  table: TableClient,
  ref: SessionRef,
  current: KeyItem | undefined,
  now: Date,
  expiresAt: number,
  encrypted = true,
): Promise<KeyItem> {
  if (current) return current;
  const item: KeyItem = { ...stateKey(ref.id, KEY_SK), start: ref.start, key: newKey(), index: 1, encrypted, expiresAt };
  if (await createState(table, item)) return item;
  return (await readStateItem<KeyItem>(table, ref, KEY_SK, now)) ?? item;
}

/**
 * Why a fresh random key and not a ratchet: a ratchet step is derived from the current key, so the
 * device we want to shut out (which holds it) could compute the next one too. The cost is one
 * fetch by the participants who stay.
 *
 * Replaces the key with a fresh one under the next index (after a send-back or a leave), unless
 * another rotation won meanwhile — then that one's key is returned. Undefined when the session has
 * no key yet (nobody joined video: nothing to rotate).
 */
export async function rotateKey(
  table: TableClient,
  ref: SessionRef,
  current: KeyItem | undefined,
  now: Date,
): Promise<KeyItem | undefined> {
  if (!current || current.encrypted === false) return undefined;
  const rotated = await updateState<KeyItem>(table, ref, KEY_SK, {
    set: 'SET #key = :key, #index = :next',
    condition: '#index = :index',
    names: { '#key': 'key', '#index': 'index' },
    values: { ':key': newKey(), ':next': current.index + 1, ':index': current.index },
  });
  return rotated ?? readStateItem<KeyItem>(table, ref, KEY_SK, now);
}

/** What a participant is handed: the key, or null for a session without end-to-end encryption. */
export function keyForClient(item: KeyItem | undefined): { key: string; index: number } | null {
  return item && item.encrypted !== false ? { key: item.key, index: item.index } : null;
}

// ---- Safety signals --------------------------------------------------------------------------

/**
 * Records a partner's signal unless the seat signalled less than `minGapMs` ago (at this start):
 * one conditional put, so two presses at once make one signal. Undefined when refused.
 */
export async function raiseSignal(
  table: TableClient,
  ref: SessionRef,
  seat: Seat,
  kind: SignalKind,
  now: Date,
  minGapMs: number,
  expiresAt: number,
): Promise<SignalItem | undefined> {
  const item: SignalItem = { ...stateKey(ref.id, signalSk(seat)), start: ref.start, seat, kind, at: now.toISOString(), expiresAt };
  const raised = await createState(table, item, {
    condition: '#at < :cutoff',
    names: { '#at': 'at' },
    values: { ':cutoff': new Date(now.getTime() - minGapMs).toISOString() },
  });
  return raised ? item : undefined;
}

/**
 * Marks `signal` seen, unless a newer one replaced it meanwhile (undefined then); the first
 * acknowledgement keeps its time.
 */
export async function markSignalSeen(table: TableClient, ref: SessionRef, signal: SignalItem, now: Date): Promise<SignalItem | undefined> {
  return updateState<SignalItem>(table, ref, signalSk(signal.seat), {
    set: 'SET seenAt = :now',
    condition: '#at = :at AND attribute_not_exists(seenAt)',
    names: { '#at': 'at' },
    values: { ':now': now.toISOString(), ':at': signal.at },
  });
}

// ---- End ---------------------------------------------------------------------------------------

/** Marks the session ended; the first end wins and keeps its time (`first` tells which). */
export async function markEnded(
  table: TableClient,
  ref: SessionRef,
  now: Date,
  expiresAt: number,
): Promise<{ ended: EndedItem; first: boolean }> {
  const item: EndedItem = { ...stateKey(ref.id, ENDED_SK), start: ref.start, endedAt: now.toISOString(), expiresAt };
  const first = await createState(table, item);
  if (first) return { ended: item, first };
  return { ended: (await readStateItem<EndedItem>(table, ref, ENDED_SK, now)) ?? item, first };
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

/** Appends an API-side event to the timeline; returns its key (for `deleteEvent`). */
export async function putEvent(table: TableClient, id: string, event: TimelineEvent, expiresAt: number): Promise<Key> {
  const item: EventItem = {
    pk: sessionPk(id),
    sk: `EVENT#${event.at}#${tieBreaker()}`,
    event,
    expiresAt,
  };
  await table.put({ Item: item });
  return { pk: item.pk, sk: item.sk };
}

/** Takes back an event written beside a write that then lost its condition. */
export async function deleteEvent(table: TableClient, key: Key): Promise<void> {
  await table.delete({ Key: key });
}

/** The key of a participant's join record for the minute of `at` (`seat` null: the therapist). */
export function joinEventKey(id: string, at: Date, seat: Seat | null): Key {
  const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
  return { pk: sessionPk(id), sk: `EVENT#${minute}#join#${seat ?? 'therapist'}` };
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
  const item: EventItem = { ...joinEventKey(id, new Date(event.at), event.seat), event, expiresAt };
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
