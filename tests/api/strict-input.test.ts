/**
 * Strict input through the real routes (issue 9): dates that do not exist are 422 and nothing is
 * booked at a rolled-over time; timezones are stored in their canonical spelling; names with
 * control characters, line breaks or bidi overrides and display names with links or look-alikes
 * are 422, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCalendar } from '../../functions/booking/calendar';
import { getTherapist } from '../../functions/therapists/repo';
import { bookPublic, couple, setUpTherapist, startTestApi, type TestApi } from '../helpers/api';

let api: TestApi;
let t: { cookie: string; slug: string; id: string };

beforeAll(async () => {
  // Monday 2027-02-01; every day open 00:00–24:00 so a rolled-over date would be bookable.
  api = await startTestApi({ now: new Date('2027-02-01T06:00:00Z') });
  const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' }));
  t = await setUpTherapist(
    api,
    'strict@example.com',
    { slug: 'strict', timezone: 'UTC' },
    { weekly: allWeek, overrides: [] },
  );
});
afterAll(() => api.close());

async function expect422(res: Response, alreadyRead?: { error?: { code: string } }) {
  expect(res.status).toBe(422);
  const body = alreadyRead ?? ((await res.json()) as { error: { code: string } });
  expect(body.error?.code).toBe('invalid_request');
}

describe('dates that do not exist are 422, not rolled over', () => {
  it('public booking at 2027-02-30 or T24:00 is refused and books nothing', async () => {
    for (const start of ['2027-02-30T10:00:00.000Z', '2027-02-02T24:00:00Z', '2027-02-29T10:00Z']) {
      const { res, body } = await bookPublic(api, t.slug, start);
      await expect422(res, body);
    }
    expect(await readCalendar(api.deps.table, t.id)).toEqual([]);
  });

  it('the therapist booking route and the slot range refuse them too', async () => {
    const res = await api.request('/api/me/bookings', {
      method: 'POST',
      cookie: t.cookie,
      json: { start: '2027-02-30T10:00:00.000Z', partners: couple(), locale: 'en' },
    });
    await expect422(res);
    await expect422(await api.request(`/api/therapists/${t.slug}/slots?from=2027-02-30T00:00:00Z`));
    const cookie = t.cookie;
    await expect422(await api.request(`/api/me/bookings?from=2027-02-01T24:00:00Z`, { cookie }));
  });

  it('a reschedule to a day that does not exist is refused and the booking stays', async () => {
    const { res, body } = await bookPublic(api, t.slug, '2027-02-03T10:00:00.000Z');
    expect(res.status).toBe(201);
    const token = new URL(body.manageUrl).hash.replace('#token=', '');
    const moved = await api.request('/api/bookings/me/reschedule', {
      method: 'POST',
      bearer: token,
      json: { start: '2027-02-31T10:00:00.000Z' },
    });
    await expect422(moved);
    const me = (await (await api.request('/api/bookings/me', { bearer: token })).json()) as {
      booking: { start: string };
    };
    expect(me.booking.start).toBe('2027-02-03T10:00:00.000Z');
  });

  it('an availability override on a date that does not exist is refused', async () => {
    const res = await api.request('/api/me/availability', {
      method: 'PUT',
      cookie: t.cookie,
      json: { weekly: [], overrides: [{ date: '2027-02-30', intervals: [] }] },
    });
    await expect422(res);
  });
});

describe('timezones: canonical spelling stored, others refused', () => {
  it('stores the canonical spelling of a differently written name', async () => {
    const res = await api.request('/api/me', {
      method: 'PATCH',
      cookie: t.cookie,
      json: { timezone: 'europe/tallinn' },
    });
    expect(res.status).toBe(200);
    expect((await getTherapist(api.deps.table, t.id))!.timezone).toBe('Europe/Tallinn');
    const pub = (await (await api.request(`/api/therapists/${t.slug}`)).json()) as {
      therapist: { timezone: string };
    };
    expect(pub.therapist.timezone).toBe('Europe/Tallinn');
  });

  it('refuses offsets and non-IANA names', async () => {
    for (const timezone of ['+02:00', 'UTC+2', 'Europe/Tallinn ', 'Etc/GMT-2', 'Tallinn']) {
      const json = { timezone };
      const res = await api.request('/api/me', { method: 'PATCH', cookie: t.cookie, json });
      await expect422(res);
    }
    expect((await getTherapist(api.deps.table, t.id))!.timezone).toBe('Europe/Tallinn');
  });

  it("the booker's own timezone on a public booking is checked the same way", async () => {
    const { res, body } = await bookPublic(api, t.slug, '2027-02-04T10:00:00.000Z', {
      timezone: '+03:00',
    });
    await expect422(res, body);
  });
});

describe('names', () => {
  it('partner names with line breaks, controls or bidi overrides: 422, nothing booked', async () => {
    const before = (await readCalendar(api.deps.table, t.id)).length;
    const names = ['Ann\nBcc: someone@example.com', 'Ann\u0007', 'Ann\u202egpj.exe', 'Ann\ud800'];
    for (const name of names) {
      const { res, body } = await bookPublic(api, t.slug, '2027-02-05T10:00:00.000Z', {
        partners: [{ name, email: 'ann@example.com' }, { name: 'Ben' }],
      });
      await expect422(res, body);
    }
    expect((await readCalendar(api.deps.table, t.id)).length).toBe(before);
  });

  it('display names with links, line breaks or look-alikes: 422, not saved', async () => {
    const ok = await api.request('/api/me', {
      method: 'PATCH',
      cookie: t.cookie,
      json: { displayName: 'Kadri Tamm, M.Sc.' },
    });
    expect(ok.status).toBe(200);
    for (const displayName of [
      'Kadri Tamm\nSubject: invoice',
      'Kadri Tamm — book at evil.example',
      'https://evil.example',
      'Ｋａｄｒｉ Tamm',
      'Kаdri Tamm',
      'Kadri\u202eTamm',
    ]) {
      const json = { displayName };
      const res = await api.request('/api/me', { method: 'PATCH', cookie: t.cookie, json });
      await expect422(res);
    }
    expect((await getTherapist(api.deps.table, t.id))!.displayName).toBe('Kadri Tamm, M.Sc.');
  });
});

describe('a new account', () => {
  it('does not carry a link-like address part into its first display name', async () => {
    const cookie = await api.signIn('paypal.com@evil.example');
    const me = (await (await api.request('/api/me', { cookie })).json()) as {
      therapist: { displayName: string };
    };
    expect(me.therapist.displayName).toBe('Paypal Com');
  });
});
