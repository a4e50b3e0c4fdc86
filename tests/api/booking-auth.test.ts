import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookPublic, couple, setUpTherapist, startTestApi, tokenOf, type TestApi } from '../helpers/api';

/**
 * Every booking-side route × every kind of caller that must not get in: anonymous, a partner's
 * invite token on therapist routes, a therapist's cookie on partner routes, another therapist,
 * another couple. Never a 5xx, never someone else's data.
 */
let api: TestApi;
let owner: { cookie: string; slug: string; id: string };
let stranger: { cookie: string; slug: string; id: string };
let ownToken: string;
let otherToken: string;
let bookingId: string;

beforeAll(async () => {
  api = await startTestApi({ now: new Date('2026-12-01T06:00:00Z') });
  owner = await setUpTherapist(api, 'owner@example.com', { slug: 'owner' });
  stranger = await setUpTherapist(api, 'stranger@example.com', { slug: 'stranger' });
  const mine = await bookPublic(api, 'owner', '2026-12-03T08:00:00.000Z', { partners: couple('own1@example.com', 'own2@example.com') });
  const theirs = await bookPublic(api, 'stranger', '2026-12-03T08:00:00.000Z', { partners: couple('oth1@example.com', 'oth2@example.com') });
  ownToken = tokenOf(mine.body.manageUrl);
  otherToken = tokenOf(theirs.body.manageUrl);
  bookingId = mine.body.booking.id;
});
afterAll(() => api.close());

const therapistRoutes = () => [
  { method: 'GET', path: '/api/me' },
  { method: 'PATCH', path: '/api/me', json: { displayName: 'X' } },
  { method: 'PUT', path: '/api/me/availability', json: { weekly: [], overrides: [] } },
  { method: 'GET', path: '/api/me/bookings' },
  { method: 'POST', path: '/api/me/bookings', json: { start: '2026-12-05T08:00:00.000Z', partners: couple(), locale: 'en' } },
  { method: 'POST', path: `/api/me/bookings/${bookingId}/cancel` },
  { method: 'DELETE', path: `/api/me/bookings/${bookingId}` },
  { method: 'POST', path: '/api/auth/logout' },
];
const partnerRoutes = [
  { method: 'GET', path: '/api/bookings/me' },
  { method: 'POST', path: '/api/bookings/me/cancel' },
  { method: 'POST', path: '/api/bookings/me/reschedule', json: { start: '2026-12-03T10:00:00.000Z' } },
];

describe('booking routes refuse callers who do not own the object', () => {
  it('therapist routes: anonymous, a forged cookie and a partner token → 401', async () => {
    for (const r of therapistRoutes()) {
      for (const who of [{}, { cookie: 'peegel_session=forged-forged-forged' }, { bearer: ownToken }]) {
        const res = await api.request(r.path, { method: r.method, json: r.json, ...who });
        expect(res.status, `${r.method} ${r.path} ${JSON.stringify(who)}`).toBe(401);
      }
    }
  });

  it('another therapist gets 404 for this therapist’s booking and never sees it listed', async () => {
    expect((await api.request(`/api/me/bookings/${bookingId}/cancel`, { method: 'POST', cookie: stranger.cookie })).status).toBe(404);
    expect((await api.request(`/api/me/bookings/${bookingId}`, { method: 'DELETE', cookie: stranger.cookie })).status).toBe(404);
    const list = await (await api.request('/api/me/bookings?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z', { cookie: stranger.cookie })).text();
    expect(list).not.toContain(bookingId);
    expect(list).not.toContain('own1@example.com');
  });

  it('partner routes: anonymous, a therapist cookie, a garbage token → 401', async () => {
    for (const r of partnerRoutes) {
      for (const who of [{}, { cookie: owner.cookie }, { bearer: 'x'.repeat(43) }]) {
        const res = await api.request(r.path, { method: r.method, json: r.json, ...who });
        expect(res.status, `${r.method} ${r.path} ${JSON.stringify(who)}`).toBe(401);
      }
    }
  });

  it('another couple’s token only ever reaches its own booking', async () => {
    const view = (await (await api.request('/api/bookings/me', { bearer: otherToken })).json()) as { booking: { id: string } };
    expect(view.booking.id).not.toBe(bookingId);
    const mine = (await (await api.request('/api/bookings/me', { bearer: ownToken })).json()) as { booking: { id: string; status: string } };
    expect(mine.booking).toMatchObject({ id: bookingId, status: 'confirmed' });
  });

  it('limits token guessing per client with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      statuses.push((await api.request('/api/bookings/me', { bearer: `guess${String(i).padStart(40, '0')}`, ip: '198.51.100.99' })).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Even a valid token is refused from that client until the window passes.
    expect((await api.request('/api/bookings/me', { bearer: ownToken, ip: '198.51.100.99' })).status).toBe(429);
  });
});
