import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookPublic,
  couple,
  inviteTokens,
  setUpTherapist,
  startTestApi,
  tokenOf,
  type TestApi,
} from '../helpers/api';

// Tuesday 2026-12-01 08:00 UTC = 10:00 in Tallinn (UTC+2 in winter).
let api: TestApi;
let therapist: { cookie: string; slug: string; id: string };
let other: { cookie: string; slug: string; id: string };

beforeAll(async () => {
  api = await startTestApi({ now: new Date('2026-12-01T06:00:00Z') });
  therapist = await setUpTherapist(api, 'maria@example.com', { slug: 'maria', displayName: 'Maria Kask', cancelWindowHours: 24 });
  other = await setUpTherapist(api, 'olev@example.com', { slug: 'olev' });
});
afterAll(() => api.close());

type Slots = { slots: { start: string; end: string }[]; timezone: string };

describe('public profile and slots', () => {
  it('shows the public profile without private fields', async () => {
    const res = await api.request('/api/therapists/maria');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { therapist: Record<string, unknown> };
    expect(body.therapist).toMatchObject({ slug: 'maria', displayName: 'Maria Kask', timezone: 'Europe/Tallinn', sessionMinutes: 60 });
    expect(JSON.stringify(body)).not.toContain('maria@example.com');
    expect((await api.request('/api/therapists/nobody-here')).status).toBe(404);
  });

  it('lists slots inside the weekly hours in the therapist timezone', async () => {
    const res = await api.request('/api/therapists/maria/slots?from=2026-12-02T00:00:00Z&to=2026-12-03T00:00:00Z');
    const { slots, timezone } = (await res.json()) as Slots;
    expect(timezone).toBe('Europe/Tallinn');
    // Wednesday 09:00–17:00 Tallinn = 07:00–15:00 UTC, 60-minute sessions, no buffer.
    expect(slots.map((s) => s.start.slice(11, 16))).toEqual(['07:00', '08:00', '09:00', '10:00', '11:00', '12:00', '13:00', '14:00']);
  });

  it('rejects a bad range with 422', async () => {
    expect((await api.request('/api/therapists/maria/slots?from=2026-12-05T00:00:00Z&to=2026-12-01T00:00:00Z')).status).toBe(422);
    expect((await api.request('/api/therapists/maria/slots?from=yesterday')).status).toBe(422);
    expect((await api.request('/api/therapists/maria/slots?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z')).status).toBe(422);
  });
});

describe('booking as a couple', () => {
  it('books a slot, emails both partners an invite with an .ics and notifies the therapist', async () => {
    const { res, body } = await bookPublic(api, 'maria', '2026-12-02T08:00:00.000Z', { timezone: 'America/New_York' });
    expect(res.status).toBe(201);
    expect(body.booking).toMatchObject({ start: '2026-12-02T08:00:00.000Z', end: '2026-12-02T09:00:00.000Z', status: 'confirmed' });
    expect(body.manageUrl).toMatch(/^http:\/\/localhost:8787\/manage#token=[A-Za-z0-9_-]{43}$/);

    const ann = api.mailer.messages.find((m) => m.to === 'ann@example.com')!;
    const ben = api.mailer.messages.find((m) => m.to === 'ben@example.com')!;
    expect(ann.links[0]).toBe(body.manageUrl);
    expect(ben.links[0]).not.toBe(ann.links[0]);
    expect(ann.text).toContain('America/New_York');
    const ics = ann.attachments![0]!.content;
    const cal = new ICAL.Component(ICAL.parse(ics));
    ICAL.TimezoneService.register(new ICAL.Timezone(cal.getFirstSubcomponent('vtimezone')!));
    const event = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    expect(event.startDate.hour).toBe(10); // 10:00 in Tallinn
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-02T09:00:00.000Z');
    expect(event.startDate.zone?.tzid).toBe('Europe/Tallinn');
    expect(api.mailer.messages.some((m) => m.to === 'maria@example.com' && m.subject.startsWith('New booking'))).toBe(true);

    const slots = (await (await api.request('/api/therapists/maria/slots?from=2026-12-02T00:00:00Z&to=2026-12-03T00:00:00Z')).json()) as Slots;
    expect(slots.slots.map((s) => s.start)).not.toContain('2026-12-02T08:00:00.000Z');
  });

  it('refuses the same slot again with 409 slot_unavailable', async () => {
    const { res, body } = await bookPublic(api, 'maria', '2026-12-02T08:00:00.000Z');
    expect(res.status).toBe(409);
    expect(body.error?.code).toBe('slot_unavailable');
  });

  it('refuses a time that is not a slot (outside hours, off-grid, past)', async () => {
    for (const start of ['2026-12-02T18:00:00.000Z', '2026-12-02T07:30:00.000Z', '2026-11-30T08:00:00.000Z']) {
      const { res } = await bookPublic(api, 'maria', start);
      expect(res.status).toBe(409);
    }
  });

  it('needs consent and at least one email', async () => {
    const noConsent = await api.request('/api/therapists/maria/bookings', {
      method: 'POST',
      json: { start: '2026-12-02T10:00:00.000Z', partners: couple(), locale: 'en', consent: { privacy: true, telehealth: false } },
    });
    expect(noConsent.status).toBe(422);
    const noEmail = await api.request('/api/therapists/maria/bookings', {
      method: 'POST',
      json: { start: '2026-12-02T10:00:00.000Z', partners: [{ name: 'A' }, { name: 'B' }], locale: 'en', consent: { privacy: true, telehealth: true } },
    });
    expect(noEmail.status).toBe(422);
  });

  it('covers a partner without email by the other partner’s link', async () => {
    const before = api.mailer.messages.length;
    const res = await api.request('/api/therapists/maria/bookings', {
      method: 'POST',
      json: { start: '2026-12-03T07:00:00.000Z', partners: couple('solo@example.com', null), locale: 'et', consent: { privacy: true, telehealth: true } },
    });
    expect(res.status).toBe(201);
    const sent = api.mailer.messages.slice(before);
    expect(sent.map((m) => m.to).sort()).toEqual(['maria@example.com', 'solo@example.com']);
    expect(sent.find((m) => m.to === 'solo@example.com')!.text).toContain('Ben liitub sinuga samast seadmest');
  });

  it('returns the first result for a retried request with the same Idempotency-Key', async () => {
    const json = { start: '2026-12-03T09:00:00.000Z', partners: couple('i1@example.com', 'i2@example.com'), locale: 'en', consent: { privacy: true, telehealth: true } };
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const first = await api.request('/api/therapists/maria/bookings', { method: 'POST', json, headers });
    const second = await api.request('/api/therapists/maria/bookings', { method: 'POST', json, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
    const reused = await api.request('/api/therapists/maria/bookings', { method: 'POST', json: { ...json, locale: 'et' }, headers });
    expect(reused.status).toBe(422);
    const list = (await (await api.request('/api/me/bookings?from=2026-12-03T00:00:00Z&to=2026-12-04T00:00:00Z', { cookie: therapist.cookie })).json()) as { bookings: { start: string }[] };
    expect(list.bookings.filter((b) => b.start === '2026-12-03T09:00:00.000Z')).toHaveLength(1);
  });
});

describe('the partner’s own booking', () => {
  let token: string;
  let benToken: string;
  let bookingId: string;

  beforeAll(async () => {
    const { res, body } = await bookPublic(api, 'maria', '2026-12-04T08:00:00.000Z', {
      partners: couple('p1@example.com', 'p2@example.com'),
    });
    expect(res.status).toBe(201);
    token = tokenOf(body.manageUrl);
    benToken = inviteTokens(api, 'p2@example.com')[0]!;
    bookingId = body.booking.id;
  });

  it('reads the booking with the invite token, as either partner', async () => {
    const res = await api.request('/api/bookings/me', { bearer: token });
    expect(res.status).toBe(200);
    const view = (await res.json()) as { booking: { id: string }; seat: string; canChange: boolean; therapist: { displayName: string } };
    expect(view).toMatchObject({ booking: { id: bookingId }, seat: 'A', canChange: true, therapist: { displayName: 'Maria Kask' } });
    const ben = (await (await api.request('/api/bookings/me', { bearer: benToken })).json()) as { seat: string };
    expect(ben.seat).toBe('B');
  });

  it('rejects missing, malformed and unknown tokens', async () => {
    expect((await api.request('/api/bookings/me')).status).toBe(401);
    expect((await api.request('/api/bookings/me', { headers: { authorization: 'Bearer x' } })).status).toBe(401);
    expect((await api.request('/api/bookings/me', { bearer: 'A'.repeat(43) })).status).toBe(401);
  });

  it('reschedules to a free slot, emails everyone, and frees the old time', async () => {
    const before = api.mailer.messages.length;
    const res = await api.request('/api/bookings/me/reschedule', { method: 'POST', bearer: token, json: { start: '2026-12-04T11:00:00.000Z' } });
    expect(res.status).toBe(200);
    const view = (await res.json()) as { booking: { start: string; end: string } };
    expect(view.booking).toMatchObject({ start: '2026-12-04T11:00:00.000Z', end: '2026-12-04T12:00:00.000Z' });
    const sent = api.mailer.messages.slice(before).map((m) => m.to).sort();
    expect(sent).toEqual(['maria@example.com', 'p1@example.com', 'p2@example.com']);
    const slots = (await (await api.request('/api/therapists/maria/slots?from=2026-12-04T00:00:00Z&to=2026-12-05T00:00:00Z')).json()) as Slots;
    expect(slots.slots.map((s) => s.start)).toContain('2026-12-04T08:00:00.000Z');
    expect(slots.slots.map((s) => s.start)).not.toContain('2026-12-04T11:00:00.000Z');
  });

  it('refuses to reschedule onto a taken slot', async () => {
    await bookPublic(api, 'maria', '2026-12-04T13:00:00.000Z', { partners: couple('q1@example.com', 'q2@example.com') });
    const res = await api.request('/api/bookings/me/reschedule', { method: 'POST', bearer: token, json: { start: '2026-12-04T13:00:00.000Z' } });
    expect(res.status).toBe(409);
  });

  it('refuses changes inside the cancellation window with 409 outside_cancel_window', async () => {
    const saved = api.clock.now;
    api.clock.now = new Date('2026-12-03T12:00:00Z'); // 23 h before 11:00 on the 4th
    const cancel = await api.request('/api/bookings/me/cancel', { method: 'POST', bearer: token });
    const view = (await (await api.request('/api/bookings/me', { bearer: token })).json()) as { canChange: boolean };
    api.clock.now = saved;
    expect(cancel.status).toBe(409);
    expect(((await cancel.json()) as { error: { code: string } }).error.code).toBe('outside_cancel_window');
    expect(view.canChange).toBe(false);
  });

  it('cancels, emails everyone, and the slot becomes bookable again', async () => {
    const res = await api.request('/api/bookings/me/cancel', { method: 'POST', bearer: benToken });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { booking: { status: string } }).booking.status).toBe('cancelled');
    const again = await api.request('/api/bookings/me/cancel', { method: 'POST', bearer: token });
    expect(again.status).toBe(409);
    const { res: rebook } = await bookPublic(api, 'maria', '2026-12-04T11:00:00.000Z', { partners: couple('r1@example.com', 'r2@example.com') });
    expect(rebook.status).toBe(201);
  });

  it('keeps one couple’s token away from another couple’s booking', async () => {
    const { body } = await bookPublic(api, 'olev', '2026-12-04T08:00:00.000Z', { partners: couple('z1@example.com', 'z2@example.com') });
    const zToken = tokenOf(body.manageUrl);
    const view = (await (await api.request('/api/bookings/me', { bearer: zToken })).json()) as { booking: { id: string } };
    expect(view.booking.id).toBe(body.booking.id);
    expect(view.booking.id).not.toBe(bookingId);
  });
});

describe('the therapist’s bookings', () => {
  it('lists only their own bookings', async () => {
    const mine = (await (await api.request('/api/me/bookings?from=2026-12-01T00:00:00Z&to=2026-12-10T00:00:00Z', { cookie: therapist.cookie })).json()) as { bookings: { partners: { email?: string }[] }[] };
    const theirs = (await (await api.request('/api/me/bookings?from=2026-12-01T00:00:00Z&to=2026-12-10T00:00:00Z', { cookie: other.cookie })).json()) as { bookings: { partners: { email?: string }[] }[] };
    expect(mine.bookings.length).toBeGreaterThan(3);
    expect(theirs.bookings.length).toBe(1);
    expect(JSON.stringify(theirs)).not.toContain('ann@example.com');
    expect((await api.request('/api/me/bookings')).status).toBe(401);
  });

  it('books a couple directly, right now and off the grid, but never overlapping', async () => {
    const now = api.clock.now.toISOString();
    const direct = await api.request('/api/me/bookings', {
      method: 'POST',
      cookie: therapist.cookie,
      json: { start: now, durationMinutes: 45, partners: couple('d1@example.com', 'd2@example.com'), locale: 'et' },
    });
    expect(direct.status).toBe(201);
    const overlap = await api.request('/api/me/bookings', {
      method: 'POST',
      cookie: therapist.cookie,
      json: { start: new Date(api.clock.now.getTime() + 30 * 60_000).toISOString(), durationMinutes: 30, partners: couple(), locale: 'et' },
    });
    expect(overlap.status).toBe(409);
    expect(api.mailer.messages.some((m) => m.to === 'd1@example.com' && m.subject.startsWith('Sinu seanss'))).toBe(true);
    expect((await api.request('/api/me/bookings', { method: 'POST', json: { start: now, partners: couple(), locale: 'et' } })).status).toBe(401);
  });
});

describe('settings and availability', () => {
  it('updates settings and refuses a taken slug with 409', async () => {
    const ok = await api.request('/api/me', { method: 'PATCH', cookie: other.cookie, json: { displayName: 'Olev Saar', bufferMinutes: 10, timezone: 'Europe/Helsinki' } });
    expect(ok.status).toBe(200);
    const taken = await api.request('/api/me', { method: 'PATCH', cookie: other.cookie, json: { slug: 'maria' } });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: { code: string } }).error.code).toBe('slug_taken');
  });

  it('moves the public page when the slug changes, freeing the old one', async () => {
    expect((await api.request('/api/me', { method: 'PATCH', cookie: other.cookie, json: { slug: 'olev-saar' } })).status).toBe(200);
    expect((await api.request('/api/therapists/olev-saar')).status).toBe(200);
    expect((await api.request('/api/therapists/olev')).status).toBe(404);
  });

  it('refuses invalid settings with 422 and field details', async () => {
    for (const json of [{ timezone: 'Mars/Olympus' }, { sessionMinutes: 5 }, { slug: 'Has Spaces' }, { unknown: 1 }, { locale: 'de' }]) {
      const res = await api.request('/api/me', { method: 'PATCH', cookie: other.cookie, json });
      expect(res.status).toBe(422);
    }
  });

  it('saves availability with overrides and refuses overlaps', async () => {
    const good = await api.request('/api/me/availability', {
      method: 'PUT',
      cookie: therapist.cookie,
      json: {
        weekly: [{ day: 1, start: '09:00', end: '12:00' }, { day: 1, start: '13:00', end: '17:00' }, { day: 2, start: '09:00', end: '17:00' }, { day: 3, start: '09:00', end: '17:00' }, { day: 4, start: '09:00', end: '17:00' }, { day: 5, start: '09:00', end: '17:00' }],
        overrides: [{ date: '2026-12-24', intervals: [] }, { date: '2026-12-27', intervals: [{ start: '10:00', end: '12:00' }] }],
      },
    });
    expect(good.status).toBe(200);
    const xmasEve = (await (await api.request('/api/therapists/maria/slots?from=2026-12-24T00:00:00Z&to=2026-12-25T00:00:00Z')).json()) as Slots;
    expect(xmasEve.slots).toEqual([]);
    const sunday = (await (await api.request('/api/therapists/maria/slots?from=2026-12-27T00:00:00Z&to=2026-12-28T00:00:00Z')).json()) as Slots;
    expect(sunday.slots.map((s) => s.start)).toEqual(['2026-12-27T08:00:00.000Z', '2026-12-27T09:00:00.000Z']);
    const bad = await api.request('/api/me/availability', {
      method: 'PUT',
      cookie: therapist.cookie,
      json: { weekly: [{ day: 1, start: '09:00', end: '12:00' }, { day: 1, start: '11:00', end: '13:00' }], overrides: [] },
    });
    expect(bad.status).toBe(422);
  });
});

describe('the therapist cancels and erases', () => {
  it('cancels any time, emails the couple, and frees the slot; others get 404', async () => {
    const { body } = await bookPublic(api, 'maria', '2026-12-08T08:00:00.000Z', { partners: couple('e1@example.com', 'e2@example.com') });
    const id = body.booking.id;
    expect((await api.request(`/api/me/bookings/${id}/cancel`, { method: 'POST' })).status).toBe(401);
    expect((await api.request(`/api/me/bookings/${id}/cancel`, { method: 'POST', bearer: tokenOf(body.manageUrl) })).status).toBe(401);
    expect((await api.request(`/api/me/bookings/${id}/cancel`, { method: 'POST', cookie: other.cookie })).status).toBe(404);
    const res = await api.request(`/api/me/bookings/${id}/cancel`, { method: 'POST', cookie: therapist.cookie });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { booking: { status: string } }).booking.status).toBe('cancelled');
    expect(api.mailer.messages.some((m) => m.to === 'e1@example.com' && /cancelled/i.test(m.subject))).toBe(true);
    const { res: again } = await bookPublic(api, 'maria', '2026-12-08T08:00:00.000Z', { partners: couple('e3@example.com', null) });
    expect(again.status).toBe(201);
  });

  it('erases a cancelled booking’s data on request; an active one must be cancelled first', async () => {
    const { body } = await bookPublic(api, 'maria', '2026-12-09T08:00:00.000Z', { partners: couple('g1@example.com', 'g2@example.com') });
    const id = body.booking.id;
    const token = tokenOf(body.manageUrl);
    const active = await api.request(`/api/me/bookings/${id}`, { method: 'DELETE', cookie: therapist.cookie });
    expect(active.status).toBe(409);
    expect((await api.request(`/api/me/bookings/${id}`, { method: 'DELETE', cookie: other.cookie })).status).toBe(404);
    await api.request(`/api/me/bookings/${id}/cancel`, { method: 'POST', cookie: therapist.cookie });
    expect((await api.request(`/api/me/bookings/${id}`, { method: 'DELETE', cookie: therapist.cookie })).status).toBe(204);
    expect((await api.request('/api/bookings/me', { bearer: token })).status).toBe(401);
    expect(await api.deps.table.get(`BOOKING#${id}`, 'BOOKING')).toBeUndefined();
    const list = (await (await api.request('/api/me/bookings?from=2026-12-09T00:00:00Z&to=2026-12-10T00:00:00Z', { cookie: therapist.cookie })).json()) as { bookings: { id: string }[] };
    expect(list.bookings.map((b) => b.id)).not.toContain(id);
  });

  it('never stores a partner token in plain text, not even in idempotency records', async () => {
    const { body } = await bookPublic(api, 'maria', '2026-12-09T10:00:00.000Z', { partners: couple('h1@example.com', null) });
    expect(body.manageUrl).toBeTruthy();
    const token = tokenOf(body.manageUrl);
    const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const all = await api.deps.table.doc.send(new ScanCommand({ TableName: api.deps.table.tableName }));
    expect(JSON.stringify(all.Items)).not.toContain(token);
  });
});
