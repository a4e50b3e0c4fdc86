/**
 * Booking operations. Each is a short sequence of single-item conditional writes, ordered so that
 * a crash between any two of them can never create a double booking or lose a confirmed one:
 * the calendar item (calendar.ts) is the only thing that decides whether time is taken, and a
 * pending marker lets the reminder job settle anything a crash left half-done.
 *
 * Concurrency rules:
 * - every change of a confirmed booking is a write conditional on the `version` it read, and
 *   raises it; one that lost a race answers 409 `version_conflict` and undoes nothing that the
 *   winner did;
 * - a reschedule raises the version when it writes its intent and requires that no other
 *   reschedule is in flight, so at most one moves the booking's interval at a time, and the
 *   calendar move only moves the interval the booking really holds;
 * - a cancellation may overtake a reschedule in flight (it removes the intent); the reschedule
 *   then fails its final version check and its calendar move, if done, is released by the cancel;
 * - the job settles a marker only when it is older than any operation can run (the API
 *   function's timeout is far below `SETTLE_AFTER_MS`), and its own writes are conditional too;
 * - emails go out before the marker is deleted: a crash in between sends them again from the job
 *   (at least once), never not at all.
 */
import { CONSENT_VERSIONS } from '../../shared/consent';
import type { Locale, Partner } from '../../shared/schemas';
import { computeSlots, type Busy } from '../../shared/slots';
import type { Deps } from '../config';
import { AppError, conflict, notFound } from '../http/errors';
import { releaseHits, reserveRecipients } from '../mail/recipient-limit';
import { log } from '../platform/log';
import type { TherapistItem } from '../therapists/repo';
import { getTherapist } from '../therapists/repo';
import type { Hit } from '../security/rate-limit';
import { claimInterval, moveInterval, readCalendar, recopyCalendar, releaseInterval, type CalendarInterval } from './calendar';
import { sendBookingEmails } from './emails';
import { dailyLimitsOn, reserveBooking } from './quota';
import {
  applyRescheduleIntent,
  closeInvites,
  deleteBooking,
  deleteInvites,
  deleteMarker,
  deletePendingBooking,
  deleteReminders,
  deleteSessionItems,
  dropRescheduleIntent,
  extendInvites,
  extendSessionItems,
  getBooking,
  markBookingCancelled,
  markBookingConfirmed,
  putInvite,
  putMarker,
  putPendingBooking,
  putReminders,
  writeRescheduleIntent,
  type BookingItem,
  type PendingMarker,
  type RescheduleIntent,
} from './repo';

const MINUTE = 60_000;

function busyFrom(intervals: CalendarInterval[], exceptId?: string): Busy[] {
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

const versionConflict = () => conflict('version_conflict', 'The booking changed meanwhile; please reload');
const partnerEmails = (b: Pick<BookingItem, 'partners'>) => b.partners.flatMap((p) => (p.email ? [p.email] : []));

/**
 * Creates a confirmed booking or throws 409 `slot_unavailable` / 429 (daily limits).
 * Writes: marker → booking (pending) → calendar claim → daily limits → invites → booking
 * confirmed → reminders → emails → marker deleted. A crash before the claim leaves nothing held;
 * after it, the job finds the marker and releases the claim of a booking that never got
 * confirmed, or sends the emails of one that did. The limits are counted only once the time is
 * ours, so a request that loses the slot never uses them up; over a limit, the claim is undone
 * and nothing is sent.
 */
export async function createBooking(d: Deps, t: TherapistItem, input: NewBooking): Promise<BookingItem> {
  const now = d.now();
  const id = crypto.randomUUID();
  const end = new Date(input.start.getTime() + input.durationMinutes * MINUTE);
  const marker = await putMarker(d.table, { bookingId: id, therapistId: t.id, op: 'create' }, now);
  const booking = await putPendingBooking(d.table, {
    id,
    therapistId: t.id,
    start: input.start,
    end,
    locale: input.locale,
    source: input.source,
    timezone: input.timezone,
    partners: input.partners.map((p, i) => ({
      seat: i === 0 ? ('A' as const) : ('B' as const),
      name: p.name,
      ...(p.email ? { email: p.email } : {}),
    })),
    consent: input.consent
      ? { privacyVersion: CONSENT_VERSIONS.privacy, telehealthVersion: CONSENT_VERSIONS.telehealth, at: now.toISOString() }
      : undefined,
    now,
    retentionDays: d.config.retentionDays,
  });
  d.crashPoint?.('create:after-pending');

  const undo = async (hits: Hit[], held: boolean) => {
    await releaseHits(d.table, hits);
    if (held) await releaseInterval(d.table, t.id, id, now);
    await deleteBooking(d.table, id);
    await deleteMarker(d.table, marker);
  };
  const gapMs = input.source === 'public' ? t.bufferMinutes * MINUTE : 0;
  try {
    await claimInterval(d.table, t.id, { id, s: input.start.getTime(), e: end.getTime() }, gapMs, now);
  } catch (err) {
    if (err instanceof AppError) await undo([], false);
    throw err;
  }
  d.crashPoint?.('create:after-claim');
  const hits: Hit[] = [];
  try {
    hits.push(...(await reserveBooking(d, t.id, input.source)));
    if (dailyLimitsOn(d)) hits.push(...(await reserveRecipients(d.table, partnerEmails(booking), now)));
  } catch (err) {
    if (err instanceof AppError) await undo(hits, true);
    throw err;
  }

  for (const p of booking.partners) {
    if (p.email) await putInvite(d.table, d.config.signingKey, booking, p.seat);
  }
  const confirmed = await markBookingConfirmed(d.table, id);
  if (!confirmed) throw versionConflict();
  await putReminders(d.table, booking, now);
  d.crashPoint?.('create:after-confirm');
  log.info('booking_created', { bookingId: id, therapistId: t.id, source: input.source });
  await sendBookingEmails(d, t, confirmed, 'confirmed', { notifyTherapist: true, reserved: true });
  await deleteMarker(d.table, marker);
  return confirmed;
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
 * Cancels a booking. Writes: marker → booking cancelled (version condition; a reschedule in
 * flight is overtaken) → invite links closed → calendar released → reminders removed → emails →
 * marker deleted. A crash after the status write only keeps the time blocked until the job
 * releases it — never a double booking.
 */
export async function cancelBooking(
  d: Deps,
  b: BookingItem,
  t: TherapistItem,
  by: 'partner' | 'therapist',
): Promise<BookingItem> {
  assertChangeable(d, b, t, by);
  const now = d.now();
  const marker = await putMarker(
    d.table,
    { bookingId: b.id, therapistId: t.id, op: 'cancel', toVersion: b.version + 1 },
    now,
  );
  const updated = await markBookingCancelled(d.table, b, now);
  if (!updated) {
    await deleteMarker(d.table, marker);
    throw versionConflict();
  }
  d.crashPoint?.('cancel:after-status');
  await closeInvites(d.table, d.config.signingKey, b.id);
  await releaseInterval(d.table, t.id, b.id, now);
  await deleteReminders(d.table, b);
  log.info('booking_cancelled', { bookingId: b.id, by });
  await sendBookingEmails(d, t, updated, 'cancelled', { notifyTherapist: true });
  await deleteMarker(d.table, marker);
  return updated;
}

/**
 * Moves a booking to a new start. Writes: email reservations → marker → reschedule intent (raises
 * the version; refused while another change is in flight) → calendar move of the interval the
 * booking holds → booking gets the new time (conditional on the intent's version) → invites and
 * reminders follow → emails → marker deleted. A lost race is a 409 with everything it did undone
 * or left to the winner; a crash in between is settled by the job from what the calendar holds.
 */
export async function rescheduleBooking(
  d: Deps,
  b: BookingItem,
  t: TherapistItem,
  newStart: Date,
  by: 'partner' | 'therapist',
): Promise<BookingItem> {
  assertChangeable(d, b, t, by);
  if (b.reschedule) {
    throw conflict('change_in_progress', 'Another change to this booking is still being saved; please reload in a minute');
  }
  const now = d.now();
  if (newStart.getTime() === Date.parse(b.start)) return b;
  if (by === 'partner') await assertPublicSlot(d, t, newStart, b.id);
  const duration = Date.parse(b.end) - Date.parse(b.start);
  const newEnd = new Date(newStart.getTime() + duration);
  const intentVersion = b.version + 1;

  const hits = dailyLimitsOn(d) ? await reserveRecipients(d.table, partnerEmails(b), now) : [];
  const marker = await putMarker(
    d.table,
    { bookingId: b.id, therapistId: t.id, op: 'reschedule', start: newStart.toISOString() },
    now,
  );
  const intent: RescheduleIntent = {
    start: newStart.toISOString(),
    end: newEnd.toISOString(),
    fromStart: b.start,
    fromEnd: b.end,
    op: marker.sk,
  };
  const giveUp = async () => {
    await releaseHits(d.table, hits);
    await deleteMarker(d.table, marker);
  };
  if (!(await writeRescheduleIntent(d.table, b, intent, now))) {
    await giveUp();
    throw versionConflict();
  }
  d.crashPoint?.('reschedule:after-intent');

  const gapMs = by === 'partner' ? t.bufferMinutes * MINUTE : 0;
  try {
    await moveInterval(
      d.table,
      t.id,
      b.id,
      { s: Date.parse(b.start), e: Date.parse(b.end) },
      { s: newStart.getTime(), e: newEnd.getTime() },
      gapMs,
      now,
    );
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await dropRescheduleIntent(d.table, b.id, intentVersion);
    await giveUp();
    throw err.code === 'booking_changed' ? versionConflict() : err;
  }
  d.crashPoint?.('reschedule:after-claim');

  const updated = await applyReschedule(d, b.id, intentVersion, intent);
  if (!updated) {
    // A cancellation overtook this reschedule; it releases whatever the booking holds.
    await giveUp();
    throw versionConflict();
  }
  log.info('booking_rescheduled', { bookingId: b.id, by });
  await sendBookingEmails(d, t, updated, 'rescheduled', { notifyTherapist: true, previousStart: b.start, reserved: true });
  await deleteMarker(d.table, marker);
  return updated;
}

/**
 * Gives the booking its new time if the intent written at `intentVersion` is still the current
 * state (else undefined: a cancellation overtook it), then moves invites, the session's items
 * (their expiry) and reminders along.
 */
async function applyReschedule(
  d: Deps,
  id: string,
  intentVersion: number,
  intent: RescheduleIntent,
): Promise<BookingItem | undefined> {
  const now = d.now();
  const updated = await applyRescheduleIntent(d.table, id, intentVersion, intent, now, d.config.retentionDays);
  if (!updated) return undefined;
  d.crashPoint?.('reschedule:after-apply');
  await extendInvites(d.table, d.config.signingKey, id, updated.expiresAt);
  await extendSessionItems(d.table, id, updated.expiresAt);
  if (intent.fromStart) await deleteReminders(d.table, { id, start: intent.fromStart });
  await putReminders(d.table, updated, now);
  return updated;
}

/**
 * Makes the calendar hold exactly the booking's own time (a booking that lost it to a defect of
 * an older version). Only ever moves this booking's own interval; if its time is taken, logs and
 * leaves it for a person to sort out.
 */
async function holdOwnTime(d: Deps, b: BookingItem, held: CalendarInterval | undefined): Promise<string> {
  const want = { s: Date.parse(b.start), e: Date.parse(b.end) };
  if (held && held.s === want.s && held.e === want.e) return 'nothing';
  try {
    if (held) await moveInterval(d.table, b.therapistId, b.id, held, want, 0, d.now());
    else await claimInterval(d.table, b.therapistId, { id: b.id, ...want }, 0, d.now());
    return 'reclaimed';
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 409) throw err;
    log.error('settle_conflict', { bookingId: b.id, therapistId: b.therapistId });
    return 'conflict';
  }
}

/**
 * Brings one booking and the calendar back in line after a crash (called by the job for markers
 * older than any operation runs). The calendar decides: a claim without a confirmed booking is
 * released; a reschedule whose new interval is in the calendar is applied, else dropped; emails
 * the crashed operation may not have sent are sent; the booking page gets the calendar's times.
 */
export async function settleBooking(d: Deps, marker: PendingMarker): Promise<string> {
  const now = d.now();
  const b = await getBooking(d.table, marker.bookingId, now);
  const held = (await readCalendar(d.table, marker.therapistId)).find((i) => i.id === marker.bookingId);
  let outcome = 'nothing';
  const emails = async (event: 'confirmed' | 'rescheduled' | 'cancelled', booking: BookingItem, previousStart?: string) => {
    const t = await getTherapist(d.table, booking.therapistId);
    if (t) await sendBookingEmails(d, t, booking, event, { notifyTherapist: true, previousStart });
  };
  if (!b || b.status === 'pending') {
    if (held) await releaseInterval(d.table, marker.therapistId, marker.bookingId, now);
    if (b) {
      await deleteInvites(d.table, d.config.signingKey, b.id);
      await deletePendingBooking(d.table, b.id);
    }
    outcome = 'released_unconfirmed';
  } else if (b.status === 'cancelled') {
    await closeInvites(d.table, d.config.signingKey, b.id);
    if (held) await releaseInterval(d.table, marker.therapistId, b.id, now);
    await deleteReminders(d.table, b);
    if (marker.op === 'cancel' && b.version === marker.toVersion) await emails('cancelled', b);
    outcome = 'released_cancelled';
  } else if (b.reschedule && (b.reschedule.op === undefined || b.reschedule.op === marker.sk)) {
    // This operation's own reschedule (or one written before intents named their operation).
    const r = b.reschedule;
    const moved = held && held.s === Date.parse(r.start) && held.e === Date.parse(r.end);
    const updated = moved ? await applyReschedule(d, b.id, b.version, r) : undefined;
    if (updated) {
      await emails('rescheduled', updated, r.fromStart);
      outcome = 'applied_reschedule';
    } else if (!moved) {
      await dropRescheduleIntent(d.table, b.id, b.version);
      outcome = `dropped_reschedule ${await holdOwnTime(d, b, held)}`;
    }
  } else {
    // A reschedule in flight here belongs to an operation that is still running (its own marker
    // settles it if it dies): the calendar is left to it.
    outcome = b.reschedule ? 'other_change_in_flight' : await holdOwnTime(d, b, held);
    // The operation got this far but may have died before its emails (at worst they go twice).
    if (marker.op === 'create') await emails('confirmed', b);
    if (marker.op === 'reschedule' && b.start === marker.start) {
      await extendInvites(d.table, d.config.signingKey, b.id, b.expiresAt);
      await extendSessionItems(d.table, b.id, b.expiresAt);
      await putReminders(d.table, b, now);
      await emails('rescheduled', b);
    }
  }
  // The crashed operation may have died between a calendar write and its copy to the booking page.
  await recopyCalendar(d.table, marker.therapistId);
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
  if (b.status === 'pending') throw notFound();
  if (b.status === 'confirmed' && Date.parse(b.end) > d.now().getTime()) {
    throw conflict('still_active', 'Cancel the booking before erasing its data');
  }
  await releaseInterval(d.table, b.therapistId, b.id, d.now());
  await deleteInvites(d.table, d.config.signingKey, b.id);
  await deleteReminders(d.table, b);
  await deleteSessionItems(d.table, b.id);
  await deleteBooking(d.table, b.id);
  log.info('booking_erased', { bookingId: b.id });
}
