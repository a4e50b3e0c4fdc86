/**
 * The scheduled job (every 5 minutes when deployed, on an interval in local mode): sends due
 * reminder emails exactly once each, and settles bookings that a crash left half-written.
 */
import type { Deps } from '../config';
import { sendBookingEmails } from '../booking/emails';
import { claimReminder, dueReminders, getBooking, staleMarkers } from '../booking/repo';
import { settleBooking } from '../booking/service';
import { log } from '../platform/log';
import { getTherapist } from '../therapists/repo';

/** Markers younger than this belong to operations that may still be running. */
const SETTLE_AFTER_MS = 2 * 60 * 1000;

export async function runScheduledJob(d: Deps): Promise<{ sent: number; skipped: number; settled: number }> {
  const now = d.now();
  let sent = 0;
  let skipped = 0;
  let settled = 0;
  for (const marker of await staleMarkers(d.table, new Date(now.getTime() - SETTLE_AFTER_MS))) {
    try {
      await settleBooking(d, marker);
      settled++;
    } catch (err) {
      log.error('settle_failed', { bookingId: marker.bookingId, error: (err as Error).name });
    }
  }
  for (const r of await dueReminders(d.table, now)) {
    // Claim first (conditional delete): a second job run can never send the same reminder.
    if (!(await claimReminder(d.table, r))) continue;
    const b = await getBooking(d.table, r.bookingId, now);
    const stillValid = b && b.status === 'confirmed' && b.start === r.sessionStart && Date.parse(b.start) > now.getTime();
    if (!stillValid) {
      skipped++;
      continue;
    }
    const t = await getTherapist(d.table, b.therapistId);
    if (!t) continue;
    await sendBookingEmails(d, t, b, r.kind === '24h' ? 'reminder-24h' : 'reminder-1h');
    sent++;
  }
  if (sent || skipped || settled) log.info('scheduled_job', { sent, skipped, settled });
  return { sent, skipped, settled };
}
