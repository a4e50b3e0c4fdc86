/**
 * Booking operations. Each is a short sequence of single-item conditional writes, ordered so that
 * a crash between any two of them can never create a double booking or lose a confirmed one:
 * the calendar item (calendar.ts) is the only thing that decides whether time is taken, and a
 * pending marker lets the reminder job settle anything a crash left half-done.
 */
import { CONSENT_VERSIONS } from '../../shared/consent';
import type { Locale, Partner } from '../../shared/schemas';
import { computeSlots, type Busy } from '../../shared/slots';
import type { Deps } from '../config';
import { ConditionFailed } from '../db/table-client';
import { conflict } from '../http/errors';
import { log } from '../platform/log';
import type { TherapistItem } from '../therapists/repo';
import { getTherapist } from '../therapists/repo';
import { claimInterval, readCalendar, releaseInterval, type CalendarInterval } from './calendar';
import { sendBookingEmails } from './emails';
import {
  bookingKey,
  deleteInvites,
  deleteMarker,
  deleteReminders,
  getBooking,
  inviteExpiry,
  inviteToken,
  putInvite,
  putMarker,
  putReminders,
  retentionExpiry,
  therapistBookingsPk,
  type BookingItem,
  type PendingMarker,
} from './repo';
import { hashToken } from '../security/tokens';

const MINUTE = 60_000;

export function busyFrom(intervals: CalendarInterval[], exceptId?: string): Busy[] {
  return intervals.filter((i) => i.id !== exceptId).map((i) => ({ start: i.s, end: i.e }));
}

/** Is `start` one of the therapist's public slots right now (hours, notice, horizon, buffers)? */
export async function assertPublicSlot(d: Deps, t: TherapistItem, start: Date, exceptBookingId?: string) {
  const busy = busyFrom(await readCalendar(d.table, t.id), exceptBookingId);
  const slots = computeSlots({
    availability: t.availability,
    rules: t,
    busy,
    from: new Date(start.getTime() - MINUTE),
    to: new Date(start.getTime() + MINUTE),
    now: d.now(),
  });
  if (!slots.some((s) => Date.parse(s.start) === start.getTime())) {
    throw conflict('slot_unavailable', 'This time is not available');
  }
}

export interface NewBooking {
  start: Date;
  durationMinutes: number;
  partners: [Partner, Partner];
  locale: Locale;
  source: 'public' | 'therapist';
  consent: boolean;
  timezone?: string;
}

/**
 * Creates a confirmed booking or throws 409 `slot_unavailable`.
 * Writes: marker → booking (pending) → calendar claim → invites → booking confirmed → reminders →
 * marker deleted. A crash before the claim leaves nothing held; after it, the job finds the marker
 * and releases the claim of a booking that never got confirmed.
 */
export async function createBooking(d: Deps, t: TherapistItem, input: NewBooking): Promise<BookingItem> {
  const now = d.now();
  const id = crypto.randomUUID();
  const end = new Date(input.start.getTime() + input.durationMinutes * MINUTE);
  const booking: BookingItem = {
    ...bookingKey(id),
    id,
    therapistId: t.id,
    start: input.start.toISOString(),
    end: end.toISOString(),
    status: 'pending',
    version: 1,
    locale: input.locale,
    source: input.source,
    ...(input.timezone ? { timezone: input.timezone } : {}),
    partners: input.partners.map((p, i) => ({
      seat: i === 0 ? ('A' as const) : ('B' as const),
      name: p.name,
      ...(p.email ? { email: p.email } : {}),
    })),
    ...(input.consent
      ? { consent: { privacyVersion: CONSENT_VERSIONS.privacy, telehealthVersion: CONSENT_VERSIONS.telehealth, at: now.toISOString() } }
      : {}),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: retentionExpiry(end, d.config.retentionDays),
    gsi1pk: therapistBookingsPk(t.id),
    gsi1sk: `${input.start.toISOString()}#${id}`,
  };
  const marker = await putMarker(d.table, { bookingId: id, therapistId: t.id, op: 'create' }, now);
  await d.table.put({ Item: booking, ConditionExpression: 'attribute_not_exists(pk)' });
  d.crashPoint?.('create:after-pending');

  const gapMs = input.source === 'public' ? t.bufferMinutes * MINUTE : 0;
  try {
    await claimInterval(d.table, t.id, { id, s: input.start.getTime(), e: end.getTime() }, gapMs, now);
  } catch (err) {
    await d.table.delete({ Key: bookingKey(id) });
    await deleteMarker(d.table, marker);
    throw err;
  }
  d.crashPoint?.('create:after-claim');

  for (const p of booking.partners) {
    if (p.email) await putInvite(d.table, d.config.signingKey, id, p.seat, end);
  }
  const confirmed = await d.table.update<BookingItem>({
    Key: bookingKey(id),
    UpdateExpression: 'SET #s = :confirmed',
    ConditionExpression: '#s = :pending',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':confirmed': 'confirmed', ':pending': 'pending' },
    ReturnValues: 'ALL_NEW',
  });
  await putReminders(d.table, booking, now);
  await deleteMarker(d.table, marker);
  log.info('booking_created', { bookingId: id, therapistId: t.id, source: input.source });
  await sendBookingEmails(d, t, confirmed!, 'confirmed', { notifyTherapist: true });
  return confirmed!;
}

/** Is the booking still changeable by the couple (before the cancellation window)? */
export function changeDeadline(b: BookingItem, t: TherapistItem): Date {
  return new Date(Date.parse(b.start) - t.cancelWindowHours * 60 * MINUTE);
}

function assertChangeable(d: Deps, b: BookingItem, t: TherapistItem, by: 'partner' | 'therapist') {
  if (b.status !== 'confirmed') throw conflict('not_confirmed', 'This booking is not active');
  if (Date.parse(b.end) <= d.now().getTime()) throw conflict('session_over', 'This session is already over');
  if (by === 'partner' && d.now().getTime() > changeDeadline(b, t).getTime()) {
    throw conflict(
      'outside_cancel_window',
      `Changes are possible until ${t.cancelWindowHours} hours before the session; please contact your therapist`,
    );
  }
}

/**
 * Cancels a booking. Writes: marker → booking cancelled (version condition) → calendar released →
 * reminders removed → marker deleted. A crash after the status write only keeps the time blocked
 * until the job releases it — never a double booking.
 */
export async function cancelBooking(
  d: Deps,
  b: BookingItem,
  t: TherapistItem,
  by: 'partner' | 'therapist',
): Promise<BookingItem> {
  assertChangeable(d, b, t, by);
  const now = d.now();
  const marker = await putMarker(d.table, { bookingId: b.id, therapistId: t.id, op: 'cancel' }, now);
  let updated: BookingItem | undefined;
  try {
    updated = await d.table.update<BookingItem>({
      Key: bookingKey(b.id),
      UpdateExpression: 'SET #s = :c, version = version + :one, updatedAt = :now',
      ConditionExpression: '#s = :confirmed AND version = :v',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':c': 'cancelled', ':confirmed': 'confirmed', ':v': b.version, ':one': 1, ':now': now.toISOString() },
      ReturnValues: 'ALL_NEW',
    });
  } catch (err) {
    await deleteMarker(d.table, marker);
    if (err instanceof ConditionFailed) throw conflict('version_conflict', 'The booking changed meanwhile; reload');
    throw err;
  }
  d.crashPoint?.('cancel:after-status');
  await releaseInterval(d.table, t.id, b.id, now);
  await deleteReminders(d.table, b);
  await deleteMarker(d.table, marker);
  log.info('booking_cancelled', { bookingId: b.id, by });
  await sendBookingEmails(d, t, updated!, 'cancelled', { notifyTherapist: true });
  return updated!;
}

/**
 * Moves a booking to a new start. Writes: marker → reschedule intent on the booking → calendar
 * swap (old interval out, new in, one write) → booking gets the new time → marker deleted. A
 * crash in between is settled by the job from what the calendar holds.
 */
export async function rescheduleBooking(
  d: Deps,
  b: BookingItem,
  t: TherapistItem,
  newStart: Date,
  by: 'partner' | 'therapist',
): Promise<BookingItem> {
  assertChangeable(d, b, t, by);
  const now = d.now();
  if (newStart.getTime() === Date.parse(b.start)) return b;
  if (by === 'partner') await assertPublicSlot(d, t, newStart, b.id);
  const duration = Date.parse(b.end) - Date.parse(b.start);
  const newEnd = new Date(newStart.getTime() + duration);
  const intent = { start: newStart.toISOString(), end: newEnd.toISOString() };
  const marker = await putMarker(d.table, { bookingId: b.id, therapistId: t.id, op: 'reschedule' }, now);
  try {
    await d.table.update({
      Key: bookingKey(b.id),
      UpdateExpression: 'SET reschedule = :r',
      ConditionExpression: '#s = :confirmed AND version = :v',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':r': intent, ':confirmed': 'confirmed', ':v': b.version },
    });
  } catch (err) {
    await deleteMarker(d.table, marker);
    if (err instanceof ConditionFailed) throw conflict('version_conflict', 'The booking changed meanwhile; reload');
    throw err;
  }
  const gapMs = by === 'partner' ? t.bufferMinutes * MINUTE : 0;
  try {
    await claimInterval(d.table, t.id, { id: b.id, s: newStart.getTime(), e: newEnd.getTime() }, gapMs, now);
  } catch (err) {
    await d.table.update({ Key: bookingKey(b.id), UpdateExpression: 'REMOVE reschedule' });
    await deleteMarker(d.table, marker);
    throw err;
  }
  d.crashPoint?.('reschedule:after-claim');
  const updated = await applyReschedule(d, b, intent);
  await deleteMarker(d.table, marker);
  log.info('booking_rescheduled', { bookingId: b.id, by });
  await sendBookingEmails(d, t, updated, 'rescheduled', { notifyTherapist: true, previousStart: b.start });
  return updated;
}

async function applyReschedule(d: Deps, b: BookingItem, intent: { start: string; end: string }) {
  const now = d.now();
  const updated = await d.table.update<BookingItem>({
    Key: bookingKey(b.id),
    UpdateExpression:
      'SET #start = :s, #end = :e, gsi1sk = :g, expiresAt = :x, updatedAt = :now, version = version + :one REMOVE reschedule',
    ConditionExpression: 'version = :v',
    ExpressionAttributeNames: { '#start': 'start', '#end': 'end' },
    ExpressionAttributeValues: {
      ':s': intent.start,
      ':e': intent.end,
      ':g': `${intent.start}#${b.id}`,
      ':x': retentionExpiry(new Date(intent.end), d.config.retentionDays),
      ':now': now.toISOString(),
      ':one': 1,
      ':v': b.version,
    },
    ReturnValues: 'ALL_NEW',
  });
  for (const p of b.partners) {
    if (!p.email) continue;
    await d.table.update({
      Key: { pk: `INVITE#${hashToken(inviteToken(d.config.signingKey, b.id, p.seat))}`, sk: 'INVITE' },
      UpdateExpression: 'SET expiresAt = :x',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':x': inviteExpiry(new Date(intent.end)) },
    }).catch((err) => {
      if (!(err instanceof ConditionFailed)) throw err;
    });
  }
  await deleteReminders(d.table, b);
  await putReminders(d.table, updated!, now);
  return updated!;
}

/**
 * Brings one booking and the calendar back in line after a crash (called by the job for markers
 * older than a few minutes). The calendar decides: a claim without a confirmed booking is
 * released; a reschedule whose new interval is in the calendar is applied, else dropped.
 */
export async function settleBooking(d: Deps, marker: PendingMarker): Promise<string> {
  const now = d.now();
  const b = await getBooking(d.table, marker.bookingId, now);
  const held = (await readCalendar(d.table, marker.therapistId)).find((i) => i.id === marker.bookingId);
  let outcome = 'nothing';
  if (!b || b.status === 'pending') {
    if (held) await releaseInterval(d.table, marker.therapistId, marker.bookingId, now);
    if (b) {
      await deleteInvites(d.table, d.config.signingKey, b.id);
      await d.table.delete({ Key: bookingKey(b.id) });
    }
    outcome = 'released_unconfirmed';
  } else if (b.status === 'cancelled') {
    if (held) await releaseInterval(d.table, marker.therapistId, b.id, now);
    await deleteReminders(d.table, b);
    outcome = 'released_cancelled';
  } else if (b.reschedule) {
    const moved = held && held.s === Date.parse(b.reschedule.start);
    if (moved) await applyReschedule(d, b, b.reschedule);
    else await d.table.update({ Key: bookingKey(b.id), UpdateExpression: 'REMOVE reschedule' });
    outcome = moved ? 'applied_reschedule' : 'dropped_reschedule';
  } else if (!held) {
    const t = await getTherapist(d.table, b.therapistId);
    if (t) await claimInterval(d.table, t.id, { id: b.id, s: Date.parse(b.start), e: Date.parse(b.end) }, 0, now);
    outcome = 'reclaimed';
  }
  await deleteMarker(d.table, marker);
  log.info('booking_settled', { bookingId: marker.bookingId, op: marker.op, outcome });
  return outcome;
}

/**
 * Erases a booking's personal data on request (GDPR): the booking item, invites, reminders and
 * the live-session items. An active upcoming booking must be cancelled first, so erasing never
 * frees time behind the couple's back. Writes are deletions of independent items; a crash midway
 * leaves fewer items, never inconsistent ones (the calendar no longer holds a cancelled booking).
 */
export async function eraseBooking(d: Deps, b: BookingItem): Promise<void> {
  if (b.status === 'confirmed' && Date.parse(b.end) > d.now().getTime()) {
    throw conflict('still_active', 'Cancel the booking before erasing its data');
  }
  await releaseInterval(d.table, b.therapistId, b.id, d.now());
  await deleteInvites(d.table, d.config.signingKey, b.id);
  await deleteReminders(d.table, b);
  const sessionItems = await d.table.query<{ pk: string; sk: string }>({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `SESSION#${b.id}` },
    ProjectionExpression: 'pk, sk',
  });
  for (const item of sessionItems) await d.table.delete({ Key: { pk: item.pk, sk: item.sk } });
  await d.table.delete({ Key: bookingKey(b.id) });
  log.info('booking_erased', { bookingId: b.id });
}
