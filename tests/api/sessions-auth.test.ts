import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpTherapist } from '../helpers/api';
import { bookSlot, startLiveSession, type LiveSession } from '../helpers/livekit-fake';

/**
 * Every session route × every caller who does not belong there: anonymous, a partner of another
 * couple, another therapist, and (for therapist routes) a partner of this very session.
 */
let s: LiveSession;
let otherTherapist: { cookie: string };
let otherCouple: { A: string; B: string };

beforeAll(async () => {
  s = await startLiveSession();
  const now = s.api.clock.now;
  s.api.clock.now = new Date('2026-12-01T08:00:00Z');
  otherCouple = (await bookSlot(s.api, s.therapist.slug, 3)).tokens;
  otherTherapist = await setUpTherapist(s.api, 'other@example.com');
  s.api.clock.now = now;
});
afterAll(async () => {
  await s.close();
});

type Route = { method: 'GET' | 'POST' | 'PUT'; path: string; json?: unknown };
const participantRoutes = (): Route[] => [
  { method: 'GET', path: '' },
  { method: 'POST', path: 'join', json: {} },
  { method: 'GET', path: 'overlay' },
  { method: 'GET', path: 'key' },
  { method: 'POST', path: 'close' },
  { method: 'POST', path: 'leave' },
  { method: 'POST', path: 'signal', json: { kind: 'pause' } },
  { method: 'GET', path: 'bcr' },
];
const therapistRoutes = (): Route[] => [
  { method: 'GET', path: 'lobby' },
  { method: 'POST', path: 'admit', json: { seat: 'A' } },
  { method: 'POST', path: 'send-back', json: { seat: 'A' } },
  { method: 'POST', path: 'mute', json: { seat: 'A' } },
  { method: 'POST', path: 'signal/seen', json: { seat: 'A' } },
  { method: 'POST', path: 'end' },
  { method: 'POST', path: 'overlay', json: { baseVersion: 1, action: { type: 'next' } } },
  { method: 'GET', path: 'timeline' },
  { method: 'PUT', path: 'bcr', json: { requests: ['a', 'b', 'c'], chosen: null, from: 'A' } },
];

const call = (r: Route, auth: { cookie?: string; bearer?: string }, id = s.bookingId) =>
  s.api.request(`/api/sessions/${id}${r.path ? `/${r.path}` : ''}`, {
    method: r.method,
    ...(r.json !== undefined ? { json: r.json } : {}),
    ...auth,
  });

async function expectStatus(r: Route, auth: { cookie?: string; bearer?: string }, status: number, id?: string) {
  const res = await call(r, auth, id);
  const body = res.status === 304 ? null : ((await res.json()) as { error?: { code: string } });
  expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status });
  expect(body?.error?.code).toBeTruthy();
  // Error bodies never leak session data.
  expect(JSON.stringify(body)).not.toMatch(/Ann|Ben|overlay"|livekit/);
}

describe('session routes refuse callers who do not belong', () => {
  it('anonymous → 401 everywhere', async () => {
    for (const r of [...participantRoutes(), ...therapistRoutes()]) await expectStatus(r, {}, 401);
  });

  it('an invalid invite token → 401', async () => {
    for (const r of participantRoutes()) await expectStatus(r, { bearer: 'x'.repeat(43) }, 401);
  });

  it("a partner of another couple → 404 on this session's routes", async () => {
    for (const r of participantRoutes()) await expectStatus(r, { bearer: otherCouple.A }, 404);
  });

  it('another therapist → 404 everywhere', async () => {
    for (const r of [...participantRoutes(), ...therapistRoutes()]) {
      await expectStatus(r, { cookie: otherTherapist.cookie }, 404);
    }
  });

  it("this session's partner on therapist routes → 401", async () => {
    for (const r of therapistRoutes()) await expectStatus(r, { bearer: s.tokens.A }, 401);
  });

  it('an unknown or malformed session id → 404', async () => {
    for (const id of [crypto.randomUUID(), 'no%20such', 'x'.repeat(65)]) {
      for (const r of [...participantRoutes(), ...therapistRoutes()]) {
        await expectStatus(r, { cookie: s.therapist.cookie }, 404, id);
      }
    }
  });

  it('none of this changed the session or reached LiveKit', async () => {
    expect(s.fake.calls).toEqual([]);
    const lobby = await s.api.request(`/api/sessions/${s.bookingId}/lobby`, { cookie: s.therapist.cookie });
    expect(await lobby.json()).toMatchObject({
      seats: [{ state: 'not_arrived' }, { state: 'not_arrived' }],
      endedAt: null,
    });
    const overlay = await s.api.request(`/api/sessions/${s.bookingId}/overlay`, { cookie: s.therapist.cookie });
    expect(await overlay.json()).toMatchObject({ overlay: { version: 1 } });
  });

  it('refuses a cross-origin state change', async () => {
    const res = await s.api.request(`/api/sessions/${s.bookingId}/end`, {
      method: 'POST',
      cookie: s.therapist.cookie,
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
  });
});
