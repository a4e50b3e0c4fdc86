/**
 * A partner's safety signal ("I need a pause" / "Ouch"): it reaches the therapist (lobby view and
 * timeline) and never the other partner; the therapist acknowledges it and the partner sees that.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LobbyView, SessionView, TimelineView } from '../../shared/session-types';
import { startLiveSession, type LiveSession } from '../helpers/livekit-fake';

let s: LiveSession;
beforeEach(async () => {
  s = await startLiveSession();
});
afterEach(async () => {
  await s.close();
});

const url = (what = '') => `/api/sessions/${s.bookingId}${what}`;
const therapist = (what: string, json?: unknown) =>
  s.api.request(url(what), { method: json === undefined ? 'GET' : 'POST', cookie: s.therapist.cookie, json });
const signal = (seat: 'A' | 'B', kind: string) => s.api.request(url('/signal'), { method: 'POST', bearer: s.tokens[seat], json: { kind } });
const lobby = async () => (await (await therapist('/lobby')).json()) as LobbyView;
const view = async (seat: 'A' | 'B') => (await (await s.api.request(url(), { bearer: s.tokens[seat] })).json()) as SessionView;

async function admit(seat: 'A' | 'B') {
  expect((await s.api.request(url('/join'), { method: 'POST', bearer: s.tokens[seat], json: {} })).status).toBe(202);
  expect((await therapist('/admit', { seat })).status).toBe(200);
}

describe('the partner safety signal', () => {
  it('reaches the therapist only; the therapist acknowledges it and the partner sees that', async () => {
    await admit('A');
    await admit('B');
    const sent = await signal('A', 'ouch');
    expect(sent.status, await sent.clone().text()).toBe(200);
    const at = s.api.clock.now.toISOString();
    expect(await sent.json()).toEqual({ signal: { seat: 'A', kind: 'ouch', at, seenAt: null } });

    expect((await lobby()).signals).toEqual([{ seat: 'A', kind: 'ouch', at, seenAt: null }]);
    expect((await view('A')).signal).toEqual({ seat: 'A', kind: 'ouch', at, seenAt: null });
    // The other partner learns nothing of it.
    expect((await view('B')).signal).toBeNull();
    expect(JSON.stringify(await view('B'))).not.toContain('ouch');
    // Nor does LiveKit.
    expect(JSON.stringify(s.fake.calls)).not.toContain('ouch');

    s.api.clock.now = new Date(s.api.clock.now.getTime() + 3000);
    const seen = await therapist('/signal/seen', { seat: 'A' });
    expect(seen.status).toBe(200);
    const seenAt = s.api.clock.now.toISOString();
    expect((await view('A')).signal).toMatchObject({ kind: 'ouch', seenAt });
    // Acknowledging again keeps the first time.
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 1000);
    expect(await (await therapist('/signal/seen', { seat: 'A' })).json()).toMatchObject({ signal: { seenAt } });

    const { events } = (await (await therapist('/timeline')).json()) as TimelineView;
    expect(events.filter((e) => e.type === 'signal' || e.type === 'signal_seen')).toEqual([
      { type: 'signal', at, seat: 'A', kind: 'ouch' },
      { type: 'signal_seen', at: seenAt, seat: 'A' },
    ]);
  });

  it('one signal per seat per 10 seconds (429 with Retry-After), and two presses at once make one', async () => {
    await admit('B');
    const both = await Promise.all([signal('B', 'pause'), signal('B', 'pause')]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 429]);
    const refused = both.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });

    s.api.clock.now = new Date(s.api.clock.now.getTime() + 10_001);
    expect((await signal('B', 'ouch')).status).toBe(200);
    expect((await lobby()).signals).toMatchObject([{ seat: 'B', kind: 'ouch', seenAt: null }]);
    const { events } = (await (await therapist('/timeline')).json()) as TimelineView;
    expect(events.filter((e) => e.type === 'signal')).toHaveLength(2);
  });

  it('refuses the therapist, a partner who never arrived, bad kinds, and acknowledging nothing', async () => {
    expect((await s.api.request(url('/signal'), { method: 'POST', cookie: s.therapist.cookie, json: { kind: 'pause' } })).status).toBe(403);
    expect((await signal('A', 'pause')).status).toBe(403);
    await admit('A');
    for (const kind of ['help', '', 42]) expect((await signal('A', kind as string)).status).toBe(422);
    const none = await therapist('/signal/seen', { seat: 'B' });
    expect(none.status).toBe(409);
    expect(await none.json()).toMatchObject({ error: { code: 'no_signal' } });
    // A partner cannot acknowledge (therapist route: 401 for a bearer).
    expect((await s.api.request(url('/signal/seen'), { method: 'POST', bearer: s.tokens.A, json: { seat: 'A' } })).status).toBe(401);
  });

  it('works while waiting to be let in, and not after the end', async () => {
    expect((await s.api.request(url('/join'), { method: 'POST', bearer: s.tokens.A, json: {} })).status).toBe(202);
    expect((await signal('A', 'pause')).status).toBe(200);
    expect((await therapist('/end', {})).status).toBe(200);
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 20_000);
    const late = await signal('A', 'pause');
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: 'session_ended' } });
  });
});
