/**
 * The session's end-to-end encryption key (DESIGN §6): created by the first admitted join,
 * handed only to the therapist and admitted partners, rotated by a send-back, and never seen by
 * LiveKit (calls, tokens, metadata), the timeline or the logs.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLiveSession, type LiveSession } from '../helpers/livekit-fake';
import { bookSlot } from '../helpers/livekit-fake';

let s: LiveSession;
const logged: string[] = [];
beforeEach(async () => {
  s = await startLiveSession();
  process.env.PEEGEL_LOG = 'on';
  logged.length = 0;
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
});
afterEach(async () => {
  vi.restoreAllMocks();
  delete process.env.PEEGEL_LOG;
  await s.close();
});

type Key = { key: string; index: number };
const post = (what: string, json?: unknown) =>
  s.api.request(`/api/sessions/${s.bookingId}/${what}`, { method: 'POST', cookie: s.therapist.cookie, json });
const join = (init: Record<string, unknown>) =>
  s.api.request(`/api/sessions/${s.bookingId}/join`, { method: 'POST', json: {}, ...init });
const getKey = (init: Record<string, unknown>) => s.api.request(`/api/sessions/${s.bookingId}/key`, init);

async function admittedKey(seat: 'A' | 'B'): Promise<Key> {
  expect((await join({ bearer: s.tokens[seat] })).status).toBe(202);
  expect((await post('admit', { seat })).status).toBe(200);
  const res = await join({ bearer: s.tokens[seat] });
  expect(res.status).toBe(200);
  return ((await res.json()) as { e2ee: Key }).e2ee;
}

describe('the session key', () => {
  it('is 256 random bits, the same for the therapist and admitted partners, and not cached', async () => {
    const res = await join({ cookie: s.therapist.cookie });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { e2ee, livekit } = (await res.json()) as { e2ee: Key; livekit: { token: string } };
    expect(e2ee.index).toBe(1);
    expect(Buffer.from(e2ee.key, 'base64url')).toHaveLength(32);

    const waiting = await join({ bearer: s.tokens.A });
    expect(waiting.status).toBe(202);
    expect(JSON.stringify(await waiting.json())).not.toContain(e2ee.key);
    expect(await admittedKey('A')).toEqual(e2ee);
    expect(await admittedKey('B')).toEqual(e2ee);

    // Not in the token: LiveKit sees the token.
    const payload = Buffer.from(livekit.token.split('.')[1]!, 'base64url').toString('utf8');
    expect(payload).toContain(`"sub"`);
    expect(payload).not.toContain(e2ee.key);
  });

  it('two first joins at once agree on one key', async () => {
    const [t1, t2] = await Promise.all([join({ cookie: s.therapist.cookie }), join({ cookie: s.therapist.cookie })]);
    const keys = await Promise.all([t1, t2].map(async (r) => ((await r.json()) as { e2ee: Key }).e2ee));
    expect(keys[0]).toEqual(keys[1]);
  });

  it('a send-back rotates it: the therapist gets the new one at once, the sent-back partner cannot fetch it', async () => {
    const first = (await ((await join({ cookie: s.therapist.cookie })).json() as Promise<{ e2ee: Key }>)).e2ee;
    await admittedKey('A');
    await admittedKey('B');
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 5_000);

    const sent = await post('send-back', { seat: 'A' });
    expect(sent.status).toBe(200);
    expect(sent.headers.get('cache-control')).toBe('no-store');
    const rotated = ((await sent.json()) as { e2ee: Key }).e2ee;
    expect(rotated.index).toBe(first.index + 1);
    expect(rotated.key).not.toBe(first.key);

    // B, still in, fetches it when B's client meets a frame under the new index.
    const forB = await getKey({ bearer: s.tokens.B });
    expect(forB.status).toBe(200);
    expect(forB.headers.get('cache-control')).toBe('no-store');
    expect(((await forB.json()) as { e2ee: Key }).e2ee).toEqual(rotated);
    // A, sent back, cannot — nor by joining.
    expect((await getKey({ bearer: s.tokens.A })).status).toBe(403);
    const again = await join({ bearer: s.tokens.A });
    expect(again.status).toBe(202);
    expect(JSON.stringify(await again.json())).not.toContain(rotated.key);

    // Let in again: A gets the current key.
    expect((await post('admit', { seat: 'A' })).status).toBe(200);
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 3_000);
    const back = await join({ bearer: s.tokens.A });
    expect(back.status).toBe(200);
    expect(((await back.json()) as { e2ee: Key }).e2ee).toEqual(rotated);
  });

  it('the key route belongs to this session and its participants only', async () => {
    await join({ cookie: s.therapist.cookie });
    expect((await getKey({})).status).toBe(401);
    expect((await getKey({ bearer: 'not-a-token' })).status).toBe(401);
    const other = await bookSlot(s.api, s.therapist.slug, 1);
    const res = await getKey({ bearer: other.tokens.A });
    expect(res.status).toBe(404);
    expect((await getKey({ cookie: s.therapist.cookie })).status).toBe(200);
  });

  it('never reaches LiveKit, the room metadata, the timeline or the logs', async () => {
    const keys: string[] = [];
    const t = (await ((await join({ cookie: s.therapist.cookie })).json() as Promise<{ e2ee: Key }>)).e2ee;
    keys.push(t.key);
    await admittedKey('A');
    await admittedKey('B');
    expect((await post('overlay', { baseVersion: 1, action: { type: 'next' } })).status).toBe(200);
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 5_000);
    // LiveKit failing here makes the API log (ids and error names only).
    s.fake.mode = 'error';
    keys.push(((await (await post('send-back', { seat: 'B' })).json()) as { e2ee: Key }).e2ee.key);
    s.fake.mode = 'ok';
    expect((await post('end')).status).toBe(200);

    const timeline = await (await s.api.request(`/api/sessions/${s.bookingId}/timeline`, { cookie: s.therapist.cookie })).text();
    expect(s.fake.calls.length).toBeGreaterThan(0);
    expect(logged.length).toBeGreaterThan(0);
    for (const key of keys) {
      for (const call of s.fake.calls) expect(call.raw, `${call.method} to LiveKit`).not.toContain(key);
      expect(timeline).not.toContain(key);
      for (const line of logged) expect(line).not.toContain(key);
    }
  });

  it('a therapist may run sessions unencrypted: no key is handed out, fixed at the first join', async () => {
    const me = async () => (await (await s.api.request('/api/me', { cookie: s.therapist.cookie })).json()) as Record<string, unknown>;
    const view = await me();
    expect((view.therapist as Record<string, unknown> | undefined)?.allowUnencrypted ?? view.allowUnencrypted).toBe(false);
    const patch = await s.api.request('/api/me', { method: 'PATCH', cookie: s.therapist.cookie, json: { allowUnencrypted: true } });
    expect(patch.status).toBe(200);
    const bad = await s.api.request('/api/me', { method: 'PATCH', cookie: s.therapist.cookie, json: { allowUnencrypted: 'yes' } });
    expect(bad.status).toBe(422);

    const t = await join({ cookie: s.therapist.cookie });
    expect(((await t.json()) as { e2ee: unknown }).e2ee).toBeNull();
    const partner = await (async () => {
      expect((await join({ bearer: s.tokens.A })).status).toBe(202);
      expect((await post('admit', { seat: 'A' })).status).toBe(200);
      return (await (await join({ bearer: s.tokens.A })).json()) as { e2ee: unknown };
    })();
    expect(partner.e2ee).toBeNull();
    expect(((await (await getKey({ bearer: s.tokens.A })).json()) as { e2ee: unknown }).e2ee).toBeNull();

    // Turning encryption back on does not change a session that already started unencrypted.
    await s.api.request('/api/me', { method: 'PATCH', cookie: s.therapist.cookie, json: { allowUnencrypted: false } });
    expect(((await (await join({ cookie: s.therapist.cookie })).json()) as { e2ee: unknown }).e2ee).toBeNull();
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 5_000);
    expect(((await (await post('send-back', { seat: 'A' })).json()) as { e2ee: unknown }).e2ee).toBeNull();
  });

  it('a partner who leaves for good rotates the key; coming back needs admission', async () => {
    const first = (await ((await join({ cookie: s.therapist.cookie })).json() as Promise<{ e2ee: Key }>)).e2ee;
    await admittedKey('A');
    await admittedKey('B');
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 5_000);
    const removals = s.fake.callsTo('RemoveParticipant').length;

    const left = await s.api.request(`/api/sessions/${s.bookingId}/leave`, { method: 'POST', bearer: s.tokens.A });
    expect(left.status).toBe(200);
    expect(JSON.stringify(await left.json())).not.toContain('key');
    expect(s.fake.callsTo('RemoveParticipant')).toHaveLength(removals + 1);

    // Those who stay get the next key; the one who left cannot, and waits to be let in again.
    const forB = ((await (await getKey({ bearer: s.tokens.B })).json()) as { e2ee: Key }).e2ee;
    expect(forB.index).toBe(first.index + 1);
    expect(((await (await getKey({ cookie: s.therapist.cookie })).json()) as { e2ee: Key }).e2ee).toEqual(forB);
    expect((await getKey({ bearer: s.tokens.A })).status).toBe(403);
    expect((await join({ bearer: s.tokens.A })).status).toBe(202);
    const lobby = (await (await s.api.request(`/api/sessions/${s.bookingId}/lobby`, { cookie: s.therapist.cookie })).json()) as {
      seats: { state: string }[];
    };
    expect(lobby.seats[0]!.state).toBe('waiting');
    const timeline = await (await s.api.request(`/api/sessions/${s.bookingId}/timeline`, { cookie: s.therapist.cookie })).text();
    expect(timeline).toContain('"type":"left"');

    // Leaving twice, or as the therapist, is refused.
    expect((await s.api.request(`/api/sessions/${s.bookingId}/leave`, { method: 'POST', bearer: s.tokens.A })).status).toBe(409);
    expect((await s.api.request(`/api/sessions/${s.bookingId}/leave`, { method: 'POST', cookie: s.therapist.cookie })).status).toBe(403);
  });

  it('two departures at once rotate once: both answers carry the same new key', async () => {
    const first = (await ((await join({ cookie: s.therapist.cookie })).json() as Promise<{ e2ee: Key }>)).e2ee;
    await admittedKey('A');
    await admittedKey('B');
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 5_000);
    const [toA, toB] = await Promise.all([post('send-back', { seat: 'A' }), post('send-back', { seat: 'B' })]);
    expect([toA.status, toB.status]).toEqual([200, 200]);
    const keys = await Promise.all([toA, toB].map(async (r) => ((await r.json()) as { e2ee: Key }).e2ee));
    expect(keys[0]).toEqual(keys[1]);
    expect(keys[0]!.index).toBe(first.index + 1);
    expect(((await (await getKey({ cookie: s.therapist.cookie })).json()) as { e2ee: Key }).e2ee).toEqual(keys[0]);
  });
});
