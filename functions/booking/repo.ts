/** Booking items and the small items around them: invites, reminders, pending-operation markers. */
import type { BookingStatus, BookingView, Locale, Seat } from '../../shared/schemas';
import { conditionHolds, epochSeconds, ifConditionHolds, isExpired, type TableClient } from '../db/table-client';
import { derivedToken, hashToken } from '../security/tokens';
import { sessionPk } from '../sessions/repo';

export interface BookingPartner {
  seat: Seat;
  name: string;
  email?: string;
}

export interface BookingItem {
  pk: string;
  sk: 'BOOKING';
  id: string;
  therapistId: string;
  start: string;
  end: string;
  status: 'pending' | BookingStatus;
  version: number;
  locale: Locale;
  source: 'public' | 'therapist';
  /** The booker's timezone, when known (emails show their local time). */
  timezone?: string;
  partners: BookingPartner[];
  consent?: { privacyVersion: string; telehealthVersion: string; at: string };
  /**
   * A reschedule in flight: written (with a version raise) before the calendar move, applied after
   * it. `fromStart`/`fromEnd` is the interval the booking held when the move began.
   */
  reschedule?: RescheduleIntent;
  createdAt: string;
  updatedAt: string;
  /** Retention: the item is deleted this long after the session (TTL) and ignored once past. */
  expiresAt: number;
  gsi1pk: string;
  gsi1sk: string;
}

export interface RescheduleIntent {
  start: string;
  end: string;
  fromStart: string;
  fromEnd: string;
  /** The operation's marker (`sk`): only that operation, or the job settling its marker, acts on it. */
  op: string;
}

const DAY_S = 24 * 60 * 60;

export const bookingKey = (id: string) => ({ pk: `BOOKING#${id}`, sk: 'BOOKING' as const });
export const therapistBookingsPk = (therapistId: string) => `TBOOKINGS#${therapistId}`;

export function retentionExpiry(end: Date, retentionDays: number): number {
  return epochSeconds(end) + retentionDays * DAY_S;
}

export async function getBooking(table: TableClient, id: string, now: Date): Promise<BookingItem | undefined> {
  const k = bookingKey(id);
  const item = await table.get<BookingItem>(k.pk, k.sk);
  return item && !isExpired(item, now) ? item : undefined;
}

export async function listTherapistBookings(
  table: TableClient,
  therapistId: string,
  from: Date,
  to: Date,
  now: Date,
): Promise<BookingItem[]> {
  const items = await table.query<BookingItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': therapistBookingsPk(therapistId),
      // A session that started before `from` but is still running is included.
      ':from': new Date(from.getTime() - 6 * 60 * 60 * 1000).toISOString(),
      ':to': `${to.toISOString()}~`,
    },
  });
  return items.filter(
    (b) => b.status !== 'pending' && !isExpired(b, now) && Date.parse(b.end) > from.getTime(),
  );
}

/** What a new booking is made of; the item's keys, status, version and expiry are added here. */
export interface NewBookingFields {
  id: string;
  therapistId: string;
  start: Date;
  end: Date;
  locale: Locale;
  source: 'public' | 'therapist';
  timezone?: string;
  partners: BookingPartner[];
  consent?: BookingItem['consent'];
  now: Date;
  retentionDays: number;
}

/**
 * Writes a new booking as `pending` (it holds no time yet; see `markBookingConfirmed`). The id is
 * fresh, so the write only guards against a collision.
 */
export async function putPendingBooking(table: TableClient, f: NewBookingFields): Promise<BookingItem> {
  const booking: BookingItem = {
    ...bookingKey(f.id),
    id: f.id,
    therapistId: f.therapistId,
    start: f.start.toISOString(),
    end: f.end.toISOString(),
    status: 'pending',
    version: 1,
    locale: f.locale,
    source: f.source,
    ...(f.timezone ? { timezone: f.timezone } : {}),
    partners: f.partners,
    ...(f.consent ? { consent: f.consent } : {}),
    createdAt: f.now.toISOString(),
    updatedAt: f.now.toISOString(),
    expiresAt: retentionExpiry(f.end, f.retentionDays),
    gsi1pk: therapistBookingsPk(f.therapistId),
    gsi1sk: `${f.start.toISOString()}#${f.id}`,
  };
  await table.put({ Item: booking, ConditionExpression: 'attribute_not_exists(pk)' });
  return booking;
}

/**
 * pending → confirmed, once the calendar holds the booking's time: the confirmed booking, or
 * undefined if it is no longer pending (the job settled it as abandoned meanwhile).
 */
export function markBookingConfirmed(table: TableClient, id: string): Promise<BookingItem | undefined> {
  return ifConditionHolds(
    table.update<BookingItem>({
      Key: bookingKey(id),
      UpdateExpression: 'SET #s = :confirmed',
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':confirmed': 'confirmed', ':pending': 'pending' },
      ReturnValues: 'ALL_NEW',
    }),
  );
}

/**
 * confirmed → cancelled if the booking is still at the version `b` was read at (else undefined).
 * Raises the version and removes a reschedule intent in flight: a cancellation overtakes it, and
 * the reschedule then fails its own version check.
 */
export function markBookingCancelled(table: TableClient, b: BookingItem, now: Date): Promise<BookingItem | undefined> {
  return ifConditionHolds(
    table.update<BookingItem>({
      Key: bookingKey(b.id),
      UpdateExpression: 'SET #s = :c, version = version + :one, updatedAt = :now REMOVE reschedule',
      ConditionExpression: '#s = :confirmed AND version = :v',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':c': 'cancelled', ':confirmed': 'confirmed', ':v': b.version, ':one': 1, ':now': now.toISOString() },
      ReturnValues: 'ALL_NEW',
    }),
  );
}

/**
 * Records a reschedule intent on a confirmed booking still at the version `b` was read at, and
 * raises the version to `b.version + 1`. Refused (false) while another intent is in flight, so
 * only one reschedule at a time moves the booking's interval.
 */
export function writeRescheduleIntent(table: TableClient, b: BookingItem, intent: RescheduleIntent, now: Date): Promise<boolean> {
  return conditionHolds(
    table.update({
      Key: bookingKey(b.id),
      UpdateExpression: 'SET reschedule = :r, version = :next, updatedAt = :now',
      ConditionExpression: '#s = :confirmed AND version = :v AND attribute_not_exists(reschedule)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':r': intent, ':next': b.version + 1, ':now': now.toISOString(), ':confirmed': 'confirmed', ':v': b.version },
    }),
  );
}

/** Removes a reschedule intent that will not be applied (no-op if the booking moved on). */
export async function dropRescheduleIntent(table: TableClient, id: string, intentVersion: number): Promise<void> {
  await conditionHolds(
    table.update({
      Key: bookingKey(id),
      UpdateExpression: 'REMOVE reschedule',
      ConditionExpression: 'version = :v AND attribute_exists(reschedule)',
      ExpressionAttributeValues: { ':v': intentVersion },
    }),
  );
}

/**
 * Gives the booking the intent's time if the intent written at `intentVersion` is still the
 * current state (else undefined: a cancellation overtook it), and raises the version again.
 */
export function applyRescheduleIntent(
  table: TableClient,
  id: string,
  intentVersion: number,
  intent: RescheduleIntent,
  now: Date,
  retentionDays: number,
): Promise<BookingItem | undefined> {
  return ifConditionHolds(
    table.update<BookingItem>({
      Key: bookingKey(id),
      UpdateExpression:
        'SET #start = :s, #end = :e, gsi1sk = :g, expiresAt = :x, updatedAt = :now, version = :next REMOVE reschedule',
      ConditionExpression: '#st = :confirmed AND version = :v AND attribute_exists(reschedule)',
      ExpressionAttributeNames: { '#start': 'start', '#end': 'end', '#st': 'status' },
      ExpressionAttributeValues: {
        ':s': intent.start,
        ':e': intent.end,
        ':g': `${intent.start}#${id}`,
        ':x': retentionExpiry(new Date(intent.end), retentionDays),
        ':now': now.toISOString(),
        ':next': intentVersion + 1,
        ':v': intentVersion,
        ':confirmed': 'confirmed',
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
}

/** Deletes a booking that never got confirmed (false if it is no longer pending). */
export function deletePendingBooking(table: TableClient, id: string): Promise<boolean> {
  return conditionHolds(
    table.delete({
      Key: bookingKey(id),
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending' },
    }),
  );
}

/** Deletes the booking item whatever its state (undoing one's own pending booking, erasure). */
export async function deleteBooking(table: TableClient, id: string): Promise<void> {
  await table.delete({ Key: bookingKey(id) });
}

/**
 * Deletes the live-session items of a booking (erasure). Their keys are the sessions module's
 * (`sessionPk`); this only removes whatever is in that partition.
 */
export async function deleteSessionItems(table: TableClient, bookingId: string): Promise<void> {
  const items = await table.query<{ pk: string; sk: string }>({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': sessionPk(bookingId) },
    ProjectionExpression: 'pk, sk',
  });
  for (const item of items) await table.delete({ Key: { pk: item.pk, sk: item.sk } });
}

/**
 * After a reschedule, the session partition's items (lists, worksheet, practice records, timeline,
 * state) expire with the booking's new `expiresAt`, like its links: written earlier, they carry the
 * old one. Only items that differ are written, each conditionally (an item erased meanwhile stays
 * gone), so repeating it after a crash is harmless.
 */
export async function extendSessionItems(table: TableClient, bookingId: string, expiresAt: number): Promise<void> {
  const items = await table.query<{ pk: string; sk: string; expiresAt?: number }>({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': sessionPk(bookingId) },
    ProjectionExpression: 'pk, sk, expiresAt',
  });
  const stale = items.filter((item) => item.expiresAt !== expiresAt);
  // A few at a time: a long timeline should not burst the table's write capacity.
  for (let i = 0; i < stale.length; i += 10) {
    await Promise.all(
      stale.slice(i, i + 10).map((item) =>
        conditionHolds(
          table.update({
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: 'SET expiresAt = :x',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':x': expiresAt },
          }),
        ),
      ),
    );
  }
}

/** The therapist's latest bookings that started before `now`, newest first (one page). */
export async function latestPastBookings(
  table: TableClient,
  therapistId: string,
  now: Date,
  limit: number,
): Promise<BookingItem[]> {
  const { items } = await table.queryPage<BookingItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :now',
    ExpressionAttributeValues: { ':pk': therapistBookingsPk(therapistId), ':now': now.toISOString() },
    ScanIndexForward: false,
    Limit: limit,
  });
  return items;
}

export function toBookingView(b: BookingItem): BookingView {
  return {
    id: b.id,
    start: b.start,
    end: b.end,
    status: b.status === 'cancelled' ? 'cancelled' : 'confirmed',
    locale: b.locale,
    partners: b.partners.map((p) => ({ seat: p.seat, name: p.name, ...(p.email ? { email: p.email } : {}) })),
    createdAt: b.createdAt,
    source: b.source,
  };
}

// ---- Invites ---------------------------------------------------------------------------------

/** A partner's personal token: derived from the signing key, so later emails can repeat the link. */
export const inviteToken = (signingKey: string, bookingId: string, seat: Seat) =>
  derivedToken(signingKey, `invite:${bookingId}:${seat}`);

/**
 * Invite tokens live as long as the booking's data: until its retention expiry (`expiresAt`,
 * the booking's end plus the retention setting), no longer a day after the session. After the
 * session the personal link is the couple's way to their worksheet and home practice (between
 * sessions), so it must outlast the session; what the link may do is decided per route, not by
 * its expiry: joining needs the join window (409 `not_open` after the end), cancel and
 * reschedule refuse a session that is over (409 `session_over`), and a cancelled booking's link
 * shows the booking only. Erasure deletes the invites with the booking.
 */
export async function putInvite(
  table: TableClient,
  signingKey: string,
  booking: Pick<BookingItem, 'id' | 'therapistId' | 'expiresAt'>,
  seat: Seat,
): Promise<void> {
  await table.put({
    Item: {
      pk: `INVITE#${hashToken(inviteToken(signingKey, booking.id, seat))}`,
      sk: 'INVITE',
      bookingId: booking.id,
      // Lets a partner's request read the therapist's profile beside the booking (one round trip).
      therapistId: booking.therapistId,
      seat,
      expiresAt: booking.expiresAt,
    },
  });
}

export async function deleteInvites(table: TableClient, signingKey: string, bookingId: string): Promise<void> {
  for (const seat of ['A', 'B'] as const) {
    await table.delete({
      Key: { pk: `INVITE#${hashToken(inviteToken(signingKey, bookingId, seat))}`, sk: 'INVITE' },
    });
  }
}

/** Updates the booking's existing invites (a missing one, a partner without email, is skipped). */
async function updateInvites(
  table: TableClient,
  signingKey: string,
  bookingId: string,
  update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> },
): Promise<void> {
  for (const seat of ['A', 'B'] as const) {
    await conditionHolds(
      table.update({
        Key: { pk: `INVITE#${hashToken(inviteToken(signingKey, bookingId, seat))}`, sk: 'INVITE' },
        ConditionExpression: 'attribute_exists(pk)',
        ...update,
      }),
    );
  }
}

/** After a cancellation the links only show the booking: no session, no changes. */
export const closeInvites = (table: TableClient, signingKey: string, bookingId: string) =>
  updateInvites(table, signingKey, bookingId, {
    UpdateExpression: 'SET cancelled = :t',
    ExpressionAttributeValues: { ':t': true },
  });

/** After a reschedule the links live as long as the booking's data (its new `expiresAt`; see `putInvite`). */
export const extendInvites = (table: TableClient, signingKey: string, bookingId: string, expiresAt: number) =>
  updateInvites(table, signingKey, bookingId, {
    UpdateExpression: 'SET expiresAt = :x',
    ExpressionAttributeValues: { ':x': expiresAt },
  });

// ---- Reminders -------------------------------------------------------------------------------

export const REMINDER_OFFSETS = { '24h': 24 * 60 * 60 * 1000, '1h': 60 * 60 * 1000 } as const;
export type ReminderKind = keyof typeof REMINDER_OFFSETS;

export interface ReminderItem {
  pk: 'REMINDER';
  sk: string;
  bookingId: string;
  kind: ReminderKind;
  sessionStart: string;
}

const reminderSk = (sendAt: Date, bookingId: string, kind: ReminderKind) =>
  `${sendAt.toISOString()}#${bookingId}#${kind}`;

/** Schedules the 24 h and 1 h reminders that are still in the future. */
export async function putReminders(table: TableClient, b: Pick<BookingItem, 'id' | 'start'>, now: Date) {
  for (const [kind, offset] of Object.entries(REMINDER_OFFSETS) as [ReminderKind, number][]) {
    const sendAt = new Date(Date.parse(b.start) - offset);
    if (sendAt.getTime() <= now.getTime()) continue;
    await table.put({
      Item: { pk: 'REMINDER', sk: reminderSk(sendAt, b.id, kind), bookingId: b.id, kind, sessionStart: b.start },
    });
  }
}

export async function deleteReminders(table: TableClient, b: Pick<BookingItem, 'id' | 'start'>) {
  for (const [kind, offset] of Object.entries(REMINDER_OFFSETS) as [ReminderKind, number][]) {
    const sendAt = new Date(Date.parse(b.start) - offset);
    await table.delete({ Key: { pk: 'REMINDER', sk: reminderSk(sendAt, b.id, kind) } });
  }
}

/** Reminders due at `now`, oldest first. */
export async function dueReminders(table: TableClient, now: Date): Promise<ReminderItem[]> {
  return table.query<ReminderItem>({
    KeyConditionExpression: 'pk = :pk AND sk <= :now',
    ExpressionAttributeValues: { ':pk': 'REMINDER', ':now': `${now.toISOString()}~` },
  });
}

/**
 * Claims a reminder for sending: a conditional delete that only one caller can win, so each
 * reminder is sent at most once even if two job runs overlap.
 */
export async function claimReminder(table: TableClient, r: ReminderItem): Promise<boolean> {
  return conditionHolds(table.delete({ Key: { pk: r.pk, sk: r.sk }, ConditionExpression: 'attribute_exists(pk)' }));
}

// ---- Pending-operation markers ----------------------------------------------------------------

/**
 * A marker is written before a multi-write operation on a booking and deleted after it. If the
 * process dies in between, the reminder job finds the marker and settles the booking against the
 * calendar (see `settleBooking`).
 */
export interface PendingMarker {
  pk: 'PENDING';
  sk: string;
  bookingId: string;
  therapistId: string;
  op: 'create' | 'cancel' | 'reschedule';
  /** Cancel: the version the cancellation writes (tells the job whether it got that far). */
  toVersion?: number;
  /** Reschedule: the new start. */
  start?: string;
}

export async function putMarker(
  table: TableClient,
  m: Omit<PendingMarker, 'pk' | 'sk'>,
  now: Date,
): Promise<PendingMarker> {
  // Unique per operation: two operations on one booking in the same millisecond keep two markers.
  const sk = `${now.toISOString()}#${m.bookingId}#${m.op}#${crypto.randomUUID().slice(0, 8)}`;
  const marker: PendingMarker = { pk: 'PENDING', sk, ...m };
  await table.put({ Item: marker });
  return marker;
}

export async function deleteMarker(table: TableClient, m: PendingMarker): Promise<void> {
  await table.delete({ Key: { pk: m.pk, sk: m.sk } });
}

export async function staleMarkers(table: TableClient, olderThan: Date): Promise<PendingMarker[]> {
  return table.query<PendingMarker>({
    KeyConditionExpression: 'pk = :pk AND sk < :t',
    ExpressionAttributeValues: { ':pk': 'PENDING', ':t': olderThan.toISOString() },
  });
}
