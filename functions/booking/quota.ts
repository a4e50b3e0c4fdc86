/**
 * Daily booking limits per therapist, against an account being used to send booking emails to
 * strangers: a page takes at most `publicBookingsPerTherapist` public bookings a day, and an
 * account books at most `newTherapistBookings` couples a day itself until it has held a real
 * session (a partner was admitted to a past session), then `therapistBookings`.
 *
 * `PEEGEL_DAILY_LIMITS=off` turns these and the per-recipient email limit off in local mode only
 * (for load measurements that book hundreds of couples); deployed, they always apply.
 */
import type { Deps } from '../config';
import { AppError } from '../http/errors';
import { hit, LIMITS, type Hit } from '../security/rate-limit';
import { readSessionState } from '../sessions/repo';
import { latestPastBookings } from './repo';

/** Whether the daily booking and email limits apply (always, except when switched off locally). */
export const dailyLimitsOn = (d: Deps) => !(d.config.mode === 'local' && process.env.PEEGEL_DAILY_LIMITS === 'off');

const trustKey = (therapistId: string) => ({ pk: `THERAPIST#${therapistId}`, sk: 'HELD_SESSION' });
/** How many of the latest past bookings are looked at for a held session. */
const LOOK_BACK = 25;

/** Counts one booking against the therapist's daily limit; 429 `daily_booking_limit` when used up. */
export async function reserveBooking(d: Deps, therapistId: string, source: 'public' | 'therapist'): Promise<Hit[]> {
  if (!dailyLimitsOn(d)) return [];
  return [await reserveOne(d, therapistId, source)];
}

async function reserveOne(d: Deps, therapistId: string, source: 'public' | 'therapist'): Promise<Hit> {
  const now = d.now();
  if (source === 'public') return hit(d.table, LIMITS.publicBookingsPerTherapist, therapistId, now);
  try {
    return await hit(d.table, LIMITS.newTherapistBookings, therapistId, now);
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 429) throw err;
    if (!(await hasHeldSession(d, therapistId))) throw err;
    return hit(d.table, LIMITS.therapistBookings, therapistId, now);
  }
}

/**
 * Has the therapist held a real session: a past, not cancelled booking with a partner admitted?
 * Asked only when a new account reaches its daily limit; the answer "yes" is kept.
 */
export async function hasHeldSession(d: Deps, therapistId: string): Promise<boolean> {
  const k = trustKey(therapistId);
  if (await d.table.get(k.pk, k.sk)) return true;
  const now = d.now();
  const past = (await latestPastBookings(d.table, therapistId, now, LOOK_BACK)).filter((b) => b.status === 'confirmed');
  for (const b of past) {
    const { lobby } = await readSessionState(d.table, b, now);
    if (lobby.A?.admittedAt || lobby.B?.admittedAt) {
      await d.table.put({ Item: { ...k, bookingId: b.id, at: now.toISOString() } });
      return true;
    }
  }
  return false;
}
