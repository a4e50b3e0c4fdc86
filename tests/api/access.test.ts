import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inviteToken } from '../../functions/booking/repo';
import { bookPublic, setUpTherapist, startTestApi, tokenOf, type TestApi } from '../helpers/api';
import { startLiveSession, type LiveSession } from '../helpers/livekit-fake';

/** What a partner's link still opens after a cancellation, and which link the booker is shown. */

describe('a partner’s link after the booking is cancelled', () => {
  let s: LiveSession;
  beforeEach(async () => {
    s = await startLiveSession();
  });
  afterEach(() => s.close());

  it('still shows the cancelled booking, and nothing else: no join, no overlay, no changes', async () => {
    const session = (path: string, seat: 'A' | 'B', init: { method?: string; json?: unknown } = {}) =>
      s.api.request(`/api/sessions/${s.bookingId}/${path}`, { bearer: s.tokens[seat], ...init });
    // Partner A is in the room, partner B waits.
    expect((await session('join', 'A', { method: 'POST', json: {} })).status).toBe(202);
    expect((await s.api.request(`/api/sessions/${s.bookingId}/admit`, { method: 'POST', cookie: s.therapist.cookie, json: { seat: 'A' } })).status).toBe(200);
    expect((await session('join', 'A', { method: 'POST', json: {} })).status).toBe(200);
    expect((await session('overlay', 'A')).status).toBe(200);
    expect((await session('join', 'B', { method: 'POST', json: {} })).status).toBe(202);

    const cancel = await s.api.request(`/api/me/bookings/${s.bookingId}/cancel`, { method: 'POST', cookie: s.therapist.cookie });
    expect(cancel.status).toBe(200);

    for (const seat of ['A', 'B'] as const) {
      const view = await s.api.request('/api/bookings/me', { bearer: s.tokens[seat] });
      expect(view.status).toBe(200);
      expect(await view.json()).toMatchObject({ booking: { status: 'cancelled' }, canChange: false });
      for (const [path, init] of [
        ['join', { method: 'POST', json: {} }],
        ['overlay', {}],
      ] as const) {
        const res = await session(path, seat, init);
        expect(res.status, `${seat} ${path}`).toBe(409);
        expect(await res.json()).toMatchObject({ error: { code: 'booking_cancelled' } });
      }
      for (const path of ['cancel', 'reschedule']) {
        const res = await s.api.request(`/api/bookings/me/${path}`, { method: 'POST', bearer: s.tokens[seat], json: path === 'reschedule' ? { start: s.end } : undefined });
        expect(res.status, `${seat} ${path}`).toBe(409);
      }
    }
  });
});

describe('the link the anonymous booker sees', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi({ now: new Date('2026-12-01T06:00:00Z') });
    await setUpTherapist(api, 'links@example.com', { slug: 'links' });
  });
  afterEach(() => api.close());

  it('is the first partner’s own link; the second partner’s link only goes to their email', async () => {
    const { res, body } = await bookPublic(api, 'links', '2026-12-02T08:00:00.000Z');
    expect(res.status).toBe(201);
    const key = api.deps.config.signingKey;
    expect(tokenOf(body.manageUrl)).toBe(inviteToken(key, body.booking.id, 'A'));
    expect(JSON.stringify(body)).not.toContain(inviteToken(key, body.booking.id, 'B'));
    const ben = api.mailer.messages.find((m) => m.to === 'ben@example.com')!;
    expect(ben.links.some((l) => l.endsWith(inviteToken(key, body.booking.id, 'B')))).toBe(true);
  });

  it('is not shown at all when the first partner gave no email (the link belongs to the other partner)', async () => {
    const { res, body } = await bookPublic(api, 'links', '2026-12-02T09:00:00.000Z', {
      partners: [{ name: 'Ann' }, { name: 'Ben', email: 'ben2@example.com' }],
    });
    expect(res.status).toBe(201);
    expect(body).not.toHaveProperty('manageUrl');
    expect(JSON.stringify(body)).not.toContain(inviteToken(api.deps.config.signingKey, body.booking.id, 'B'));
    expect(api.mailer.messages.filter((m) => m.to === 'ben2@example.com')).toHaveLength(1);
  });

  it('stays the first partner’s on a retried request with the same Idempotency-Key', async () => {
    const json = { start: '2026-12-02T10:00:00.000Z', partners: [{ name: 'Ann' }, { name: 'Ben', email: 'b3@example.com' }], locale: 'en', consent: { privacy: true, telehealth: true } };
    const headers = { 'idempotency-key': 'links-retry-0001' };
    const first = await api.request('/api/therapists/links/bookings', { method: 'POST', json, headers });
    const again = await api.request('/api/therapists/links/bookings', { method: 'POST', json, headers });
    expect(first.status).toBe(201);
    const body = await first.text();
    expect(await again.text()).toBe(body);
    expect(body).not.toContain('manageUrl');
  });
});
