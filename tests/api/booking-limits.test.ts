import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { couple, setUpTherapist, startTestApi, tokenOf, type TestApi } from '../helpers/api';

/**
 * Email abuse limits: per recipient per day, public bookings per therapist per day, and couples a
 * new account may book itself per day until it has held a real session. Over a limit: 429 with a
 * clear message, and nothing half-done — no booking without its emails, no email for a booking
 * that was refused.
 */
let api: TestApi;
let t: { cookie: string; slug: string; id: string };

beforeEach(async () => {
  api = await startTestApi({ now: new Date('2026-12-01T06:00:00Z') });
  // Every day of the week 08:00–20:00 Tallinn, 30-minute sessions: plenty of public slots.
  const everyDay = { weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '08:00', end: '20:00' })), overrides: [] };
  t = await setUpTherapist(api, 'limits@example.com', { slug: 'limits', sessionMinutes: 30, horizonDays: 60 }, everyDay);
});
afterEach(() => api.close());

const DAY = 24 * 60 * 60_000;
const at = (day: number, hour: number, minute = 0) =>
  new Date(Date.UTC(2026, 11, 2 + day, hour, minute)).toISOString();
const book = (start: string, partners: unknown[] = couple(), slug = 'limits', ip = '203.0.113.50') =>
  api.request(`/api/therapists/${slug}/bookings`, {
    method: 'POST',
    ip,
    json: { start, partners, locale: 'en', consent: { privacy: true, telehealth: true } },
  });
const therapistBook = (start: string, partners: unknown[]) =>
  api.request('/api/me/bookings', { method: 'POST', cookie: t.cookie, json: { start, durationMinutes: 30, partners, locale: 'en' } });
const to = (email: string) => api.mailer.messages.filter((m) => m.to === email);
const bookingsOn = async (day: number) =>
  ((await (await api.request(`/api/me/bookings?from=${at(day, 0)}&to=${at(day + 1, 0)}`, { cookie: t.cookie })).json()) as { bookings: { start: string }[] }).bookings;
const slotFree = async (start: string) =>
  ((await (await api.request(`/api/therapists/limits/slots?from=${start}&to=${new Date(Date.parse(start) + 60_000).toISOString()}`)).json()) as { slots: { start: string }[] }).slots.some((s) => s.start === start);

async function expectRefused(res: Response, code: string) {
  expect(res.status).toBe(429);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(/tomorrow/);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('messages per recipient per day', () => {
  it('refuses a booking that would email an address an 11th time today, and sends nothing for it', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await book(at(0, 7 + Math.floor(i / 2), (i % 2) * 30), couple('busy@example.com', `b${i}@example.com`))).status).toBe(201);
    }
    expect(to('busy@example.com')).toHaveLength(10);
    const before = api.mailer.messages.length;
    const res = await book(at(1, 8), couple('fresh@example.com', 'busy@example.com'));
    await expectRefused(res, 'email_limit');
    // Nothing half-done: no booking, the time is free, and nobody — not the other partner, not
    // the therapist — got a message about it.
    expect(api.mailer.messages.length).toBe(before);
    expect(await bookingsOn(1)).toHaveLength(0);
    expect(await slotFree(at(1, 8))).toBe(true);
    // The next day the address can be booked again.
    api.clock.now = new Date(api.clock.now.getTime() + DAY);
    expect((await book(at(1, 8), couple('fresh@example.com', 'busy@example.com'))).status).toBe(201);
  });

  it('counts the address in any letter case and across therapists', async () => {
    await setUpTherapist(api, 'second@example.com', { slug: 'second' });
    for (let i = 0; i < 5; i++) expect((await book(at(0, 7 + i), couple('Case@Example.com', null))).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await book(at(1, 8 + i), couple('case@example.com', null), 'second')).status).toBe(201);
    await expectRefused(await book(at(0, 15), couple('CASE@example.com', null)), 'email_limit');
  });

  it('a request that loses the slot does not use up the limit', async () => {
    expect((await book(at(0, 8), couple('first@example.com', null))).status).toBe(201);
    for (let i = 0; i < 12; i++) expect((await book(at(0, 8), couple('loser@example.com', null))).status).toBe(409);
    expect((await book(at(0, 9), couple('loser@example.com', null))).status).toBe(201);
  });

  it('two bookings at once for an address with one message left: one is booked and emailed, the other refused without a trace', async () => {
    for (let i = 0; i < 9; i++) expect((await book(at(0, 7 + i), couple('race@example.com', null))).status).toBe(201);
    const [a, b] = await Promise.all([
      book(at(1, 8), couple('race@example.com', 'p1@example.com'), 'limits', '203.0.113.51'),
      book(at(1, 9), couple('p2@example.com', 'race@example.com'), 'limits', '203.0.113.52'),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 429]);
    expect(to('race@example.com')).toHaveLength(10);
    const winner = a.status === 201 ? 'p1@example.com' : 'p2@example.com';
    const loser = a.status === 201 ? 'p2@example.com' : 'p1@example.com';
    expect(to(winner)).toHaveLength(1);
    expect(to(loser)).toHaveLength(0);
    expect(await bookingsOn(1)).toHaveLength(1);
  });

  it('refuses a reschedule that would email an address over the limit; a cancellation still goes through', async () => {
    const res = await book(at(0, 8), couple('mover@example.com', null));
    const token = tokenOf(((await res.json()) as { manageUrl: string }).manageUrl);
    for (let i = 0; i < 9; i++) {
      const r = await api.request('/api/bookings/me/reschedule', { method: 'POST', bearer: token, json: { start: at(0, 9 + i) } });
      expect(r.status).toBe(200);
    }
    expect(to('mover@example.com')).toHaveLength(10);
    const refused = await api.request('/api/bookings/me/reschedule', { method: 'POST', bearer: token, json: { start: at(1, 8) } });
    await expectRefused(refused, 'email_limit');
    const view = (await (await api.request('/api/bookings/me', { bearer: token })).json()) as { booking: { start: string } };
    expect(view.booking.start).toBe(at(0, 17));
    expect(await slotFree(at(1, 8))).toBe(true);
    expect(to('mover@example.com')).toHaveLength(10);
    expect((await api.request('/api/bookings/me/cancel', { method: 'POST', bearer: token })).status).toBe(200);
    expect(to('mover@example.com').at(-1)!.subject).toContain('cancelled');
  });
});

describe('public bookings per therapist per day', () => {
  it('takes 20 online bookings a day; the 21st is refused with nothing sent, and the next day works', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await book(at(Math.floor(i / 10), 8 + (i % 10)), couple(`q${i}@example.com`, null), 'limits', `203.0.113.${100 + i}`);
      expect(res.status).toBe(201);
    }
    const before = api.mailer.messages.length;
    await expectRefused(await book(at(3, 8), couple('late@example.com', null), 'limits', '203.0.113.200'), 'daily_booking_limit');
    expect(api.mailer.messages.length).toBe(before);
    expect(await slotFree(at(3, 8))).toBe(true);
    // The therapist can still book a couple directly.
    expect((await therapistBook(at(3, 9), couple('direct@example.com', null))).status).toBe(201);
    api.clock.now = new Date(api.clock.now.getTime() + DAY);
    expect((await book(at(3, 8), couple('late@example.com', null), 'limits', '203.0.113.200')).status).toBe(201);
  });
});

describe('couples a new account books itself', () => {
  it('at most 10 a day until the account has held a real session', async () => {
    // The first one is right now, so that it can take place.
    expect((await therapistBook(api.clock.now.toISOString(), couple('now@example.com', null))).status).toBe(201);
    for (let i = 1; i < 10; i++) expect((await therapistBook(at(0, 6 + i), couple(`n${i}@example.com`, null))).status).toBe(201);
    const before = api.mailer.messages.length;
    await expectRefused(await therapistBook(at(1, 8), couple('eleventh@example.com', null)), 'daily_booking_limit');
    expect(api.mailer.messages.length).toBe(before);
    expect(await bookingsOn(1)).toHaveLength(0);

    // The session of the first booking takes place: the partner joins and is admitted.
    const token = tokenOf(to('now@example.com')[0]!.links[0]!);
    const id = ((await (await api.request('/api/bookings/me', { bearer: token })).json()) as { booking: { id: string } }).booking.id;
    expect((await api.request(`/api/sessions/${id}/join`, { method: 'POST', bearer: token, json: {} })).status).toBe(202);
    expect((await api.request(`/api/sessions/${id}/admit`, { method: 'POST', cookie: t.cookie, json: { seat: 'A' } })).status).toBe(200);
    api.clock.now = new Date(api.clock.now.getTime() + 60_000);
    expect((await therapistBook(at(1, 8), couple('eleventh@example.com', null))).status).toBe(201);
  });
});

describe('switching the daily limits off', () => {
  it('works only in local mode (load measurements), never when deployed', async () => {
    process.env.PEEGEL_DAILY_LIMITS = 'off';
    const slot = (i: number) => at(0, 7 + Math.floor(i / 2), (i % 2) * 30);
    try {
      api.deps.config.mode = 'aws';
      for (let i = 0; i < 10; i++) expect((await book(slot(i), couple('many@example.com', null))).status).toBe(201);
      await expectRefused(await book(slot(10), couple('many@example.com', null)), 'email_limit');
      api.deps.config.mode = 'local';
      for (let i = 10; i < 14; i++) expect((await book(slot(i), couple('many@example.com', null))).status).toBe(201);
    } finally {
      delete process.env.PEEGEL_DAILY_LIMITS;
      api.deps.config.mode = 'local';
    }
  });
});
