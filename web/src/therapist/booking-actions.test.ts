import { describe, expect, it } from 'vitest';
import type { ApiErrorCode } from '../../../shared/error-codes';
import type { BookingView } from '../../../shared/schemas';
import { ApiError } from '../api';
import { canCancel, canErase, cancelFailure, coupleNames, eraseFailure, removeBooking, replaceBooking } from './booking-actions';

const now = Date.parse('2026-05-10T12:00:00Z');

function booking(over: Partial<BookingView> = {}): BookingView {
  return {
    id: 'b1',
    start: '2026-05-12T09:00:00Z',
    end: '2026-05-12T10:00:00Z',
    status: 'confirmed',
    locale: 'en',
    partners: [
      { seat: 'B', name: 'Dan' },
      { seat: 'A', name: 'Cleo', email: 'cleo@example.com' },
    ],
    createdAt: '2026-05-01T00:00:00Z',
    source: 'therapist',
    ...over,
  };
}

const conflict = (code: ApiErrorCode) => new ApiError(409, code, code);

describe('which rows offer which action', () => {
  it('cancels confirmed sessions until they end, also while in progress', () => {
    expect(canCancel(booking(), now)).toBe(true);
    expect(canCancel(booking({ start: '2026-05-10T11:30:00Z', end: '2026-05-10T12:30:00Z' }), now)).toBe(true);
    expect(canCancel(booking({ start: '2026-05-10T10:00:00Z', end: '2026-05-10T11:00:00Z' }), now)).toBe(false);
    expect(canCancel(booking({ status: 'cancelled' }), now)).toBe(false);
  });

  it('erases cancelled bookings and ended sessions, never an upcoming confirmed one', () => {
    expect(canErase(booking(), now)).toBe(false);
    expect(canErase(booking({ status: 'cancelled' }), now)).toBe(true);
    expect(canErase(booking({ start: '2026-05-10T10:00:00Z', end: '2026-05-10T11:00:00Z' }), now)).toBe(true);
  });
});

describe('failures', () => {
  it('maps each cancel conflict to its own message and reloads the list', () => {
    expect(cancelFailure(conflict('not_confirmed'))).toEqual({ key: 'dash.cancel.notConfirmed', reload: true, remove: false });
    expect(cancelFailure(conflict('session_over'))).toEqual({ key: 'dash.cancel.over', reload: true, remove: false });
    expect(cancelFailure(conflict('version_conflict'))).toEqual({ key: 'dash.cancel.changed', reload: true, remove: false });
    expect(cancelFailure(new ApiError(404, 'not_found', 'x'))).toEqual({ key: 'dash.cancel.gone', reload: true, remove: true });
  });

  it('treats a 404 on erase as already erased, and still_active as "cancel first"', () => {
    expect(eraseFailure(new ApiError(404, 'not_found', 'x'))).toEqual({ key: 'dash.erase.gone', reload: false, remove: true });
    expect(eraseFailure(conflict('still_active'))).toEqual({ key: 'dash.erase.active', reload: true, remove: false });
  });

  it('falls back to the network and server messages', () => {
    expect(cancelFailure(new ApiError(0, 'network', 'x')).key).toBe('error.network');
    expect(eraseFailure(new ApiError(500, 'internal', 'x')).key).toBe('error.server');
    expect(eraseFailure(new Error('boom'))).toEqual({ key: 'error.server', reload: false, remove: false });
  });
});

describe('list updates', () => {
  it('replaces in place and removes by id', () => {
    const list = [booking({ id: 'a' }), booking({ id: 'b1' }), booking({ id: 'c' })];
    const cancelled = booking({ status: 'cancelled' });
    expect(replaceBooking(list, cancelled).map((b) => `${b.id}:${b.status}`)).toEqual(['a:confirmed', 'b1:cancelled', 'c:confirmed']);
    expect(removeBooking(list, 'b1').map((b) => b.id)).toEqual(['a', 'c']);
    expect(list).toHaveLength(3);
  });

  it('names the couple in seat order', () => {
    expect(coupleNames(booking())).toBe('Cleo & Dan');
  });
});
