/**
 * `GET /api/sessions/:id` — the one read a session page starts from: who the caller is, the
 * join window, the session's status and the overlay, for the therapist and for each partner.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../shared/session-types';
import { authKey, SESSION_TTL_SECONDS } from '../../functions/auth/service';
import { epochSeconds } from '../../functions/db/table-client';
import { hashToken } from '../../functions/security/tokens';
import { bookSlot, startLiveSession, type LiveSession } from '../helpers/livekit-fake';
import { setUpTherapist } from '../helpers/api';

let s: LiveSession;
beforeEach(async () => {
  s = await startLiveSession();
});
afterEach(async () => {
  await s.close();
});

const url = () => `/api/sessions/${s.bookingId}`;
const post = (what: string, json?: unknown) =>
  s.api.request(`${url()}/${what}`, { method: 'POST', cookie: s.therapist.cookie, json });
const partnerJoin = (seat: 'A' | 'B') => s.api.request(`${url()}/join`, { method: 'POST', bearer: s.tokens[seat], json: {} });
async function view(auth: { cookie?: string; bearer?: string }): Promise<SessionView> {
  const res = await s.api.request(url(), auth);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as SessionView;
}
const at = (offsetMs: number) => {
  s.api.clock.now = new Date(Date.parse(s.start) + offsetMs);
};

describe('GET /api/sessions/:id', () => {
  it('tells the therapist and each partner who they are, when the room opens and where it stands', async () => {
    at(-60 * 60_000);
    const early = await view({ cookie: s.therapist.cookie });
    expect(early).toMatchObject({
      id: s.bookingId,
      role: 'therapist',
      seat: null,
      seatState: null,
      therapistName: expect.any(String),
      start: s.start,
      end: s.end,
      joinOpensAt: new Date(Date.parse(s.start) - 10 * 60_000).toISOString(),
      status: 'not_open',
      endedAt: null,
      overlay: null,
      locale: expect.stringMatching(/^(et|en)$/),
    });
    expect(early.partners.map((p) => p.seat)).toEqual(['A', 'B']);
    expect(await view({ bearer: s.tokens.B })).toMatchObject({
      role: 'partner',
      seat: 'B',
      seatState: 'not_arrived',
      status: 'not_open',
      therapistName: early.therapistName,
      overlay: null,
    });

    at(-5 * 60_000);
    expect(await view({ cookie: s.therapist.cookie })).toMatchObject({ status: 'lobby', overlay: { version: 1 } });
    expect((await post('join')).status).toBe(200);
    expect(await view({ cookie: s.therapist.cookie })).toMatchObject({ status: 'live' });

    // A waiting partner is in the lobby and sees no overlay; once admitted, they are live with it.
    expect((await partnerJoin('A')).status).toBe(202);
    expect(await view({ bearer: s.tokens.A })).toMatchObject({ status: 'lobby', seatState: 'waiting', overlay: null });
    expect((await post('admit', { seat: 'A' })).status).toBe(200);
    expect(await view({ bearer: s.tokens.A })).toMatchObject({ status: 'live', seatState: 'admitted', overlay: { version: 1 } });
    expect(await view({ bearer: s.tokens.B })).toMatchObject({ status: 'lobby', seatState: 'not_arrived' });

    const ended = (await (await post('end')).json()) as { endedAt: string };
    for (const auth of [{ cookie: s.therapist.cookie }, { bearer: s.tokens.A }]) {
      expect(await view(auth)).toMatchObject({ status: 'ended', endedAt: ended.endedAt, overlay: null });
    }
  });

  it('says ended once the booked time is over, even if nobody pressed End', async () => {
    at(Date.parse(s.end) - Date.parse(s.start));
    expect(await view({ bearer: s.tokens.A })).toMatchObject({ status: 'ended', endedAt: null, overlay: null });
  });

  it('serves a cancelled session to its partners as cancelled', async () => {
    const cancel = await s.api.request(`/api/me/bookings/${s.bookingId}/cancel`, { method: 'POST', cookie: s.therapist.cookie });
    expect(cancel.status, await cancel.clone().text()).toBe(200);
    expect(await view({ bearer: s.tokens.A })).toMatchObject({ status: 'cancelled', overlay: null });
    expect(await view({ cookie: s.therapist.cookie })).toMatchObject({ status: 'cancelled' });
    // Other routes still refuse the cancelled link.
    expect((await partnerJoin('A')).status).toBe(409);
  });

  it('is 404 for another therapist and another couple, 401 without or with a bad credential', async () => {
    const other = await setUpTherapist(s.api, 'other@example.com');
    const otherCouple = await bookSlot(s.api, other.slug);
    expect((await s.api.request(url(), { cookie: other.cookie })).status).toBe(404);
    expect((await s.api.request(url(), { bearer: otherCouple.tokens.A })).status).toBe(404);
    expect((await s.api.request(`/api/sessions/${otherCouple.bookingId}`, { cookie: s.therapist.cookie })).status).toBe(404);
    expect((await s.api.request(url())).status).toBe(401);
    const bad = await s.api.request(url(), { bearer: 'x'.repeat(43) });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_token' } });
    expect((await s.api.request('/api/sessions/no-such-session', { cookie: s.therapist.cookie })).status).toBe(404);
  });

  it('accepts a cookie from before tokens named their therapist, and never trusts the name alone', async () => {
    // A cookie from before tokens named their therapist (no `<id>.` prefix) still works.
    const legacy = 'L'.repeat(43);
    await s.api.deps.table.put({
      Item: {
        ...authKey(legacy),
        therapistId: s.therapist.id,
        createdAt: s.api.clock.now.toISOString(),
        expiresAt: epochSeconds(s.api.clock.now) + SESSION_TTL_SECONDS,
      },
    });
    const cookieName = s.therapist.cookie.split('=')[0]!;
    expect(await view({ cookie: `${cookieName}=${legacy}` })).toMatchObject({ role: 'therapist' });

    // Naming another therapist in front of a valid token's random part is a different token: 401.
    const [, value] = s.therapist.cookie.split('=');
    const random = value!.slice(value!.lastIndexOf('.') + 1);
    const other = await setUpTherapist(s.api, 'other@example.com');
    expect((await s.api.request(url(), { cookie: `${cookieName}=${other.id}.${random}` })).status).toBe(401);
    expect(hashToken(`${other.id}.${random}`)).not.toBe(hashToken(value!));
  });
});
