import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCalendar } from '../../functions/booking/calendar';
import { getTherapist } from '../../functions/therapists/repo';
import { setUpTherapist, startTestApi, type TestApi } from '../helpers/api';

let api: TestApi;
let t: { cookie: string; slug: string; id: string };

beforeAll(async () => {
  api = await startTestApi({ now: new Date('2026-12-01T06:00:00Z') });
  t = await setUpTherapist(api, 'fuzz@example.com', { slug: 'fuzz' });
});
afterAll(() => api.close());

/** Bodies that are mostly almost-right: real field names with random values, plus pure noise. */
const nearly = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.oneof(
    fc.record(fields, { requiredKeys: [] }),
    fc.anything(),
    fc.dictionary(fc.string(), fc.anything()),
  );

const junkString = fc.oneof(fc.string(), fc.constantFrom('2026-12-02T08:00:00.000Z', '24:00', '09:00', 'Europe/Tallinn', 'x'.repeat(500), '', '2026-02-30'));
const junkNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e9, Number.MAX_SAFE_INTEGER));
const junk = fc.oneof(junkString, junkNumber, fc.boolean(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 }));

const partner = nearly({ name: fc.oneof(junkString, junk), email: fc.oneof(fc.emailAddress(), junk) });
const bookingBody = nearly({
  start: fc.oneof(junkString, junk),
  partners: fc.oneof(fc.array(partner, { maxLength: 3 }), junk),
  locale: fc.oneof(fc.constantFrom('et', 'en'), junk),
  consent: fc.oneof(fc.record({ privacy: fc.oneof(fc.boolean(), junk), telehealth: fc.oneof(fc.boolean(), junk) }), junk),
  durationMinutes: fc.oneof(junkNumber, junk),
});
const interval = nearly({ day: fc.oneof(fc.integer({ min: -1, max: 9 }), junk), start: fc.oneof(junkString, junk), end: fc.oneof(junkString, junk) });
const availabilityBody = nearly({
  weekly: fc.oneof(fc.array(interval, { maxLength: 5 }), junk),
  overrides: fc.oneof(fc.array(nearly({ date: fc.oneof(junkString, junk), intervals: fc.oneof(fc.array(interval, { maxLength: 3 }), junk) }), { maxLength: 3 }), junk),
});
const settingsBody = nearly({
  displayName: fc.oneof(junkString, junk),
  slug: fc.oneof(fc.stringMatching(/^[a-z0-9-]{0,45}$/), junk),
  timezone: fc.oneof(fc.constantFrom('Europe/Tallinn', 'UTC', 'Not/AZone', 'europe/tallinn'), junk),
  locale: fc.oneof(fc.constantFrom('et', 'en', 'fi'), junk),
  sessionMinutes: fc.oneof(junkNumber, junk),
  bufferMinutes: fc.oneof(junkNumber, junk),
  minNoticeHours: fc.oneof(junkNumber, junk),
  horizonDays: fc.oneof(junkNumber, junk),
  cancelWindowHours: fc.oneof(junkNumber, junk),
});

const rawBody = (body: unknown) => fc.oneof(fc.constant(JSON.stringify(body) ?? 'null'), fc.string());

async function send(method: string, path: string, body: string, cookie?: string) {
  return api.request(path, { method, body, cookie, headers: { 'content-type': 'application/json' }, ip: 'fuzzer' });
}

describe('random bodies never cause a 5xx or a partial write', () => {
  it('public and therapist booking routes', async () => {
    await fc.assert(
      fc.asyncProperty(bookingBody.chain((b) => rawBody(b)), fc.boolean(), async (body, asTherapist) => {
        const before = (await readCalendar(api.deps.table, t.id)).length;
        const res = asTherapist
          ? await send('POST', '/api/me/bookings', body, t.cookie)
          : await send('POST', `/api/therapists/${t.slug}/bookings`, body);
        expect(res.status).toBeLessThan(500);
        const after = (await readCalendar(api.deps.table, t.id)).length;
        if (res.status === 201) expect(after).toBe(before + 1);
        else expect(after).toBe(before);
        const json = (await res.json()) as { error?: { code: string; message: string } };
        if (res.status >= 400) expect(json.error?.code).toMatch(/^[a-z_]+$/);
      }),
      { numRuns: 150 },
    );
  });

  it('availability route', async () => {
    await fc.assert(
      fc.asyncProperty(availabilityBody.chain((b) => rawBody(b)), async (body) => {
        const before = await getTherapist(api.deps.table, t.id);
        const res = await send('PUT', '/api/me/availability', body, t.cookie);
        expect(res.status).toBeLessThan(500);
        const after = await getTherapist(api.deps.table, t.id);
        if (res.status !== 200) expect(after).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it('settings route', async () => {
    await fc.assert(
      fc.asyncProperty(settingsBody.chain((b) => rawBody(b)), async (body) => {
        const before = await getTherapist(api.deps.table, t.id);
        const res = await send('PATCH', '/api/me', body, t.cookie);
        expect(res.status).toBeLessThan(500);
        const after = await getTherapist(api.deps.table, t.id);
        if (res.status !== 200) expect(after).toEqual(before);
        // The public page always resolves to exactly this therapist under its current slug.
        const pub = await api.request(`/api/therapists/${after!.slug}`);
        expect(pub.status).toBe(200);
      }),
      { numRuns: 150 },
    );
  });
});
