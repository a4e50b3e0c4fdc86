import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIVEKIT_KEY, LIVEKIT_SECRET, startLiveSession, type LiveSession } from '../helpers/livekit-fake';

let s: LiveSession;
beforeEach(async () => {
  s = await startLiveSession();
});
afterEach(async () => {
  await s.close();
});

/** Signs a body the way LiveKit does: a JWT whose `sha256` claim is the body's base64 SHA-256. */
async function sign(body: string, secret = LIVEKIT_SECRET): Promise<string> {
  const at = new AccessToken(LIVEKIT_KEY, secret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

function event(id: string, type: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    id,
    event: type,
    createdAt: String(Math.floor(s.api.clock.now.getTime() / 1000)),
    room: { sid: 'RM_1', name: s.bookingId },
    ...extra,
  });
}

const deliver = (body: string, authorization?: string) =>
  s.api.request('/api/livekit/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', ...(authorization ? { authorization } : {}) },
    body,
  });

const timeline = async () =>
  (await (await s.api.request(`/api/sessions/${s.bookingId}/timeline`, { cookie: s.therapist.cookie })).json()) as {
    events: Record<string, unknown>[];
  };

describe('the LiveKit webhook', () => {
  it('records a verified participant_joined with identity and seat, no names', async () => {
    const body = event('EV_join_1', 'participant_joined', {
      participant: { sid: 'PA_1', identity: `partner:${s.bookingId}:B`, name: 'Ben' },
    });
    const res = await deliver(body, await sign(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, recorded: true });

    const { events } = await timeline();
    expect(events.filter((e) => e.type === 'participant_joined')).toEqual([
      {
        type: 'participant_joined',
        at: new Date(Math.floor(s.api.clock.now.getTime() / 1000) * 1000).toISOString(),
        identity: `partner:${s.bookingId}:B`,
        role: 'partner',
        seat: 'B',
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('Ben');
  });

  it('records a repeated delivery once', async () => {
    const body = event('EV_left_1', 'participant_left', {
      participant: { sid: 'PA_2', identity: `therapist:${s.therapist.id}` },
    });
    const auth = await sign(body);
    const results = await Promise.all([deliver(body, auth), deliver(body, auth), deliver(body, auth)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const recorded = await Promise.all(results.map(async (r) => ((await r.json()) as { recorded: boolean }).recorded));
    expect(recorded.filter(Boolean)).toHaveLength(1);
    const { events } = await timeline();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'participant_left', role: 'therapist', seat: null });
  });

  it('rejects a missing, forged or tampered signature with 401 and records nothing', async () => {
    const body = event('EV_fin_1', 'room_finished');
    expect((await deliver(body)).status).toBe(401);
    expect((await deliver(body, await sign(body, 'another-secret-another-secret-12'))).status).toBe(401);
    const tampered = body.replace('room_finished', 'room_started');
    expect((await deliver(tampered, await sign(body))).status).toBe(401);
    expect((await deliver(body, 'Bearer nonsense')).status).toBe(401);
    expect((await timeline()).events).toEqual([]);

    const ok = await deliver(body, await sign(body));
    expect(ok.status).toBe(200);
    expect((await timeline()).events).toMatchObject([{ type: 'room_finished' }]);
  });

  it('accepts events for unknown rooms and kinds it does not keep, without recording them', async () => {
    const other = JSON.stringify({ id: 'EV_x', event: 'room_started', room: { name: 'not-a-session' } });
    const res = await deliver(other, await sign(other));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, recorded: false });

    const track = event('EV_track', 'track_published', { participant: { identity: `partner:${s.bookingId}:A` } });
    expect(await (await deliver(track, await sign(track))).json()).toEqual({ ok: true, recorded: false });
    expect((await timeline()).events).toEqual([]);
  });

  it('answers 400 for a signed body that is not JSON', async () => {
    const body = 'not json';
    expect((await deliver(body, await sign(body))).status).toBe(400);
  });
});

describe('the room guard (LiveKit reports a join the API no longer allows)', () => {
  const post = (what: string, json?: unknown) =>
    s.api.request(`/api/sessions/${s.bookingId}/${what}`, { method: 'POST', cookie: s.therapist.cookie, json });
  const join = (seat: 'A' | 'B') =>
    s.api.request(`/api/sessions/${s.bookingId}/join`, { method: 'POST', bearer: s.tokens[seat], json: {} });
  const joined = (id: string, seat: 'A' | 'B', admission?: string) =>
    event(id, 'participant_joined', {
      participant: {
        sid: `PA_${id}`,
        identity: `partner:${s.bookingId}:${seat}`,
        attributes: { role: 'partner', seat, ...(admission ? { admission } : {}) },
      },
    });
  const later = (ms: number) => (s.api.clock.now = new Date(s.api.clock.now.getTime() + ms));

  it('leaves a partner with a current token in the room', async () => {
    expect((await join('A')).status).toBe(202);
    expect((await post('admit', { seat: 'A' })).status).toBe(200);
    const body = joined('EV_ok', 'A', '1');
    expect(await (await deliver(body, await sign(body))).json()).toMatchObject({ guard: 'allowed' });
    expect(s.fake.callsTo('RemoveParticipant')).toHaveLength(0);
  });

  it('removes a partner who joins with a token from before a send-back, revoking it', async () => {
    expect((await join('A')).status).toBe(202);
    expect((await post('admit', { seat: 'A' })).status).toBe(200);
    expect((await join('A')).status).toBe(200);
    later(3_000);
    expect((await post('send-back', { seat: 'A' })).status).toBe(200);
    const sendBackCalls = s.fake.callsTo('RemoveParticipant').length;

    // The old token connects (the open-source server ignores revokeTokenTs): removed again.
    const body = joined('EV_stale', 'A', '1');
    expect(await (await deliver(body, await sign(body))).json()).toMatchObject({ guard: 'participant_removed' });
    const calls = s.fake.callsTo('RemoveParticipant');
    expect(calls).toHaveLength(sendBackCalls + 1);
    expect(calls.at(-1)!.body).toMatchObject({ room: s.bookingId, identity: `partner:${s.bookingId}:A` });
    expect((await timeline()).events).toContainEqual(
      expect.objectContaining({ type: 'stale_token_removed', seat: 'A', livekit: 'ok' }),
    );

    // Re-admitted: a token of the first admission is still stale, one of the second is not.
    expect((await post('admit', { seat: 'A' })).status).toBe(200);
    const old = joined('EV_old', 'A', '1');
    expect(await (await deliver(old, await sign(old))).json()).toMatchObject({ guard: 'participant_removed' });
    later(2_000);
    const current = joined('EV_new', 'A', '2');
    expect(await (await deliver(current, await sign(current))).json()).toMatchObject({ guard: 'allowed' });
  });

  it('deletes a room that starts again after the end (a late token with room options)', async () => {
    expect((await post('end')).status).toBe(200);
    const deletes = s.fake.callsTo('DeleteRoom').length;
    const body = event('EV_restart', 'room_started');
    expect(await (await deliver(body, await sign(body))).json()).toMatchObject({ guard: 'room_closed' });
    expect(s.fake.callsTo('DeleteRoom')).toHaveLength(deletes + 1);
    // Repeated delivery: the guard runs again (idempotent), the timeline records once.
    expect(await (await deliver(body, await sign(body))).json()).toMatchObject({ recorded: false, guard: 'room_closed' });
  });
});
