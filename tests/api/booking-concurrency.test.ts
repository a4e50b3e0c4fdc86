import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCalendar } from '../../functions/booking/calendar';
import { staleMarkers } from '../../functions/booking/repo';
import { couple, setUpTherapist, startTestApi, type TestApi } from '../helpers/api';

let api: TestApi;
let t: { cookie: string; slug: string; id: string };

beforeAll(async () => {
  api = await startTestApi({ now: new Date('2026-12-01T06:00:00Z') });
  t = await setUpTherapist(api, 'race@example.com', { slug: 'race', sessionMinutes: 60 });
});
afterAll(() => api.close());

describe('no overlapping bookings under concurrency', () => {
  it('60 simultaneous requests for overlapping times of different lengths: exactly one wins', async () => {
    // All intervals contain 10:30 UTC on Dec 3; lengths 30–150 minutes; starts 08:00–10:25.
    const requests = Array.from({ length: 60 }, (_, i) => {
      const duration = 30 + (i % 5) * 30;
      const start = new Date(Date.parse('2026-12-03T10:29:00Z') - ((i * 7) % duration) * 60_000);
      if (i % 3 === 0) {
        // Public bookings on the slot grid (60 min) at 10:00.
        return api.request('/api/therapists/race/bookings', {
          method: 'POST',
          ip: `10.1.0.${i}`,
          json: { start: '2026-12-03T10:00:00.000Z', partners: couple(`c${i}a@example.com`, `c${i}b@example.com`), locale: 'en', consent: { privacy: true, telehealth: true } },
        });
      }
      return api.request('/api/me/bookings', {
        method: 'POST',
        cookie: t.cookie,
        json: { start: start.toISOString(), durationMinutes: duration, partners: couple(`d${i}a@example.com`, `d${i}b@example.com`), locale: 'en' },
      });
    });
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(59);

    const list = (await (await api.request('/api/me/bookings?from=2026-12-03T00:00:00Z&to=2026-12-04T00:00:00Z', { cookie: t.cookie })).json()) as { bookings: unknown[] };
    expect(list.bookings).toHaveLength(1);
    // Nothing left held: one interval in the calendar, no pending markers.
    expect(await readCalendar(api.deps.table, t.id)).toHaveLength(1);
    expect(await staleMarkers(api.deps.table, new Date('2100-01-01T00:00:00Z'))).toHaveLength(0);
  });

  it('non-overlapping concurrent bookings all succeed', async () => {
    const starts = ['07:00', '08:00', '09:00', '11:00', '12:00', '13:00', '14:00'].map((h) => `2026-12-04T${h}:00.000Z`);
    const statuses = await Promise.all(
      starts.map(async (start, i) =>
        (await api.request('/api/me/bookings', { method: 'POST', cookie: t.cookie, json: { start, durationMinutes: 60, partners: couple(`n${i}@example.com`, null), locale: 'et' } })).status,
      ),
    );
    expect(statuses).toEqual(starts.map(() => 201));
  });
});
