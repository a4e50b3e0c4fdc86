/**
 * The therapist's actions on a listed booking — cancel (POST /api/me/bookings/:id/cancel) and
 * erase its personal data (DELETE /api/me/bookings/:id) — as pure helpers: which rows offer
 * which action, how an API error reads, and how the lists change afterwards.
 */
import type { BookingView } from '../../../shared/schemas';
import { ApiError } from '../api';

/** What the message catalogue must hold for the outcomes below. */
export type ActionMessageKey =
  | 'dash.cancel.gone'
  | 'dash.cancel.notConfirmed'
  | 'dash.cancel.over'
  | 'dash.cancel.changed'
  | 'dash.erase.gone'
  | 'dash.erase.active'
  | 'error.network'
  | 'error.server';

export interface ActionFailure {
  key: ActionMessageKey;
  /** The list no longer matches the server: load it again. */
  reload: boolean;
  /** The booking is gone from the server: drop its row. */
  remove: boolean;
}

/** A confirmed session that has not ended can be cancelled (the API allows it until the end). */
export function canCancel(b: BookingView, now = Date.now()): boolean {
  return b.status === 'confirmed' && Date.parse(b.end) > now;
}

/** Cancelled bookings and held (ended) sessions can have their data erased. */
export function canErase(b: BookingView, now = Date.now()): boolean {
  return b.status === 'cancelled' || Date.parse(b.end) <= now;
}

function generic(error: unknown): ActionFailure {
  const network = error instanceof ApiError && error.isNetwork;
  return { key: network ? 'error.network' : 'error.server', reload: false, remove: false };
}

/** How a failed cancel reads, and what the dashboard should do about it. */
export function cancelFailure(error: unknown): ActionFailure {
  if (error instanceof ApiError) {
    if (error.status === 404) return { key: 'dash.cancel.gone', reload: true, remove: true };
    if (error.status === 409) {
      if (error.code === 'not_confirmed') return { key: 'dash.cancel.notConfirmed', reload: true, remove: false };
      if (error.code === 'session_over') return { key: 'dash.cancel.over', reload: true, remove: false };
      return { key: 'dash.cancel.changed', reload: true, remove: false };
    }
  }
  return generic(error);
}

/** How a failed erase reads; a 404 means the data is already gone, so the row goes too. */
export function eraseFailure(error: unknown): ActionFailure {
  if (error instanceof ApiError) {
    if (error.status === 404) return { key: 'dash.erase.gone', reload: false, remove: true };
    if (error.status === 409) return { key: 'dash.erase.active', reload: true, remove: false };
  }
  return generic(error);
}

/** `list` with `updated` in place of the booking with its id (same order). */
export function replaceBooking(list: BookingView[], updated: BookingView): BookingView[] {
  return list.map((b) => (b.id === updated.id ? updated : b));
}

/** `list` without the booking `id`. */
export function removeBooking(list: BookingView[], id: string): BookingView[] {
  return list.filter((b) => b.id !== id);
}

/** "Ann & Ben": partner names in seat order. */
export function coupleNames(b: Pick<BookingView, 'partners'>): string {
  return [...b.partners]
    .sort((x, y) => x.seat.localeCompare(y.seat))
    .map((p) => p.name)
    .join(' & ');
}
