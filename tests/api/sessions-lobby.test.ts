import { TokenVerifier } from 'livekit-server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIVEKIT_KEY, LIVEKIT_SECRET, startLiveSession, type LiveSession } from '../helpers/livekit-fake';

let s: LiveSession;
beforeEach(async () => {
  s = await startLiveSession();
});
afterEach(async () => {
  await s.close();
});

const post = (what: string, json?: unknown) =>
  s.api.request(`/api/sessions/${s.bookingId}/${what}`, { method: 'POST', cookie: s.therapist.cookie, json });
const partnerJoin = (seat: 'A' | 'B') =>
  s.api.request(`/api/sessions/${s.bookingId}/join`, { method: 'POST', bearer: s.tokens[seat], json: {} });
const lobby = async () =>
  (await (await s.api.request(`/api/sessions/${s.bookingId}/lobby`, { cookie: s.therapist.cookie })).json()) as {
    seats: { seat: string; state: string; since: string | null }[];
    endedAt: string | null;
  };
const identity = (seat: 'A' | 'B') => `partner:${s.bookingId}:${seat}`;

async function admitted(seat: 'A' | 'B') {
  expect((await partnerJoin(seat)).status).toBe(202);
  expect((await post('admit', { seat })).status).toBe(200);
  const res = await partnerJoin(seat);
  expect(res.status).toBe(200);
  // The partner is now in the room as far as the fake LiveKit knows.
  s.fake.participants.set(identity(seat), {
    tracks: [
      { sid: `TR_cam_${seat}`, type: 'VIDEO', source: 'CAMERA' },
      { sid: `TR_mic_${seat}`, type: 'AUDIO', source: 'MICROPHONE' },
    ],
  });
}

describe('the waiting room', () => {
  it('admits a waiting seat, and not one that never arrived', async () => {
    const early = await post('admit', { seat: 'B' });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: { code: 'not_waiting' } });

    expect((await partnerJoin('A')).status).toBe(202);
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 30_000);
    const res = await post('admit', { seat: 'A' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      seats: [
        { seat: 'A', state: 'admitted', since: s.api.clock.now.toISOString() },
        { seat: 'B', state: 'not_arrived' },
      ],
    });
    // Admitting again is harmless.
    expect((await post('admit', { seat: 'A' })).status).toBe(200);
  });

  it('sends a partner back: removes them with token revocation, and their next join waits', async () => {
    await admitted('A');
    const sentAt = s.api.clock.now;
    const res = await post('send-back', { seat: 'A' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ livekit: 'ok', seats: [{ seat: 'A', state: 'sent_back' }, { seat: 'B' }] });

    const [call] = s.fake.callsTo('RemoveParticipant');
    expect(call!.authorized).toBe(true);
    expect(call!.grants).toMatchObject({ roomAdmin: true, room: s.bookingId });
    expect(call!.body).toMatchObject({ room: s.bookingId, identity: identity('A') });
    // The whole second of the send-back is revoked: a token minted in that second is too.
    expect(Number(call!.body.revokeTokenTs)).toBe(Math.floor(sentAt.getTime() / 1000) + 1);

    s.api.clock.now = new Date(sentAt.getTime() + 5_000);
    const again = await partnerJoin('A');
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ status: 'waiting', since: s.api.clock.now.toISOString() });
    expect((await lobby()).seats[0]).toMatchObject({ state: 'waiting', since: s.api.clock.now.toISOString() });
    expect((await s.api.request(`/api/sessions/${s.bookingId}/overlay`, { bearer: s.tokens.A })).status).toBe(403);

    expect((await post('admit', { seat: 'A' })).status).toBe(200);
    const back = await partnerJoin('A');
    expect(back.status).toBe(200);
    const { livekit } = (await back.json()) as { livekit: { token: string } };
    const claims = await new TokenVerifier(LIVEKIT_KEY, LIVEKIT_SECRET).verify(livekit.token);
    expect(claims.sub).toBe(identity('A'));
  });

  it('can admit a sent-back partner before they poll again; the new token waits out the revoked second', async () => {
    await admitted('B');
    await post('send-back', { seat: 'B' });
    expect((await post('admit', { seat: 'B' })).status).toBe(200);
    // Still inside the revoked second (and the one after, which LiveKit may count as revoked).
    const early = await partnerJoin('B');
    expect(early.status).toBe(202);
    s.api.clock.now = new Date((Math.floor(s.api.clock.now.getTime() / 1000) + 2) * 1000);
    const res = await partnerJoin('B');
    expect(res.status).toBe(200);
    const { livekit } = (await res.json()) as { livekit: { token: string } };
    const claims = await new TokenVerifier(LIVEKIT_KEY, LIVEKIT_SECRET).verify(livekit.token);
    // The second admission's token says so, for the webhook guard.
    expect(claims.attributes).toEqual({ role: 'partner', seat: 'B', admission: '2' });
    expect(Number(claims.nbf ?? claims.iat ?? 0)).toBeGreaterThan(Math.floor(Date.parse((await lobby()).seats[1]!.since!) / 1000));
  });

  it('never hands out a token when the send-back lands between the seat read and the minting', async () => {
    await admitted('A');
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 5_000);
    const mint = s.api.deps.livekit.mintToken.bind(s.api.deps.livekit);
    let sentBack = false;
    s.api.deps.livekit = {
      ...s.api.deps.livekit,
      mintToken: async (o) => {
        // The therapist's send-back arrives while this join is minting.
        if (!sentBack) {
          sentBack = true;
          expect((await post('send-back', { seat: 'A' })).status).toBe(200);
        }
        return mint(o);
      },
    };
    const res = await partnerJoin('A');
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'waiting', seat: 'A' });
    expect(sentBack).toBe(true);
  });

  it('refuses to send back a partner who is not in the room', async () => {
    expect((await partnerJoin('A')).status).toBe(202);
    const res = await post('send-back', { seat: 'A' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'not_admitted' } });
    expect(s.fake.callsTo('RemoveParticipant')).toHaveLength(0);
  });

  it('records a send-back even when LiveKit is unreachable, and reports it', async () => {
    await admitted('A');
    s.fake.mode = 'hang';
    const started = Date.now();
    const res = await post('send-back', { seat: 'A' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ livekit: 'unreachable', seats: [{ seat: 'A', state: 'sent_back' }, {}] });
    expect((await partnerJoin('A')).status).toBe(202);

    // Retrying once LiveKit is back calls RemoveParticipant again.
    s.fake.mode = 'ok';
    expect((await post('admit', { seat: 'A' })).status).toBe(200);
    expect((await post('send-back', { seat: 'A' })).status).toBe(200);
    expect(s.fake.callsTo('RemoveParticipant').length).toBeGreaterThanOrEqual(2);
  });
});

describe('muting', () => {
  it("mutes the partner's microphone track", async () => {
    await admitted('B');
    const res = await post('mute', { seat: 'B' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ seat: 'B', muted: true, livekit: 'ok' });
    expect(s.fake.callsTo('GetParticipant')[0]!.body).toMatchObject({ room: s.bookingId, identity: identity('B') });
    const [mute] = s.fake.callsTo('MutePublishedTrack');
    expect(mute!.authorized).toBe(true);
    expect(mute!.body).toMatchObject({ room: s.bookingId, identity: identity('B'), trackSid: 'TR_mic_B', muted: true });
  });

  it('answers 409 not_in_room when the partner is not connected', async () => {
    const res = await post('mute', { seat: 'A' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'not_in_room' } });
    expect(s.fake.callsTo('MutePublishedTrack')).toHaveLength(0);
  });

  it('reports an unreachable LiveKit instead of failing', async () => {
    await admitted('A');
    s.fake.mode = 'error';
    const res = await post('mute', { seat: 'A' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ seat: 'A', muted: false, livekit: 'unreachable' });
  });
});

describe('ending', () => {
  it('deletes the room and closes the session to later joins', async () => {
    await admitted('A');
    const res = await post('end');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { endedAt: string; livekit: string };
    expect(body).toEqual({ endedAt: s.api.clock.now.toISOString(), livekit: 'ok' });
    const [call] = s.fake.callsTo('DeleteRoom');
    expect(call!.authorized).toBe(true);
    expect(call!.body).toMatchObject({ room: s.bookingId });

    for (const init of [{ cookie: s.therapist.cookie }, { bearer: s.tokens.A, json: {} }, { bearer: s.tokens.B, json: {} }]) {
      const join = await s.api.request(`/api/sessions/${s.bookingId}/join`, { method: 'POST', ...init });
      expect(join.status).toBe(409);
      expect(await join.json()).toMatchObject({ error: { code: 'session_ended' }, endedAt: body.endedAt });
    }
    expect((await lobby()).endedAt).toBe(body.endedAt);
    expect((await post('admit', { seat: 'B' })).status).toBe(409);
    // A partner polling the overlay (video down) learns of the end there.
    const poll = await s.api.request(`/api/sessions/${s.bookingId}/overlay`, { bearer: s.tokens.A });
    expect(poll.status).toBe(409);
    expect(await poll.json()).toMatchObject({ error: { code: 'session_ended' } });

    // Ending again keeps the first time.
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 60_000);
    expect(await (await post('end')).json()).toMatchObject({ endedAt: body.endedAt });
  });

  it('a reschedule starts the session fresh: no end, no admitted seat, no lobby from the old time', async () => {
    const patch = await s.api.request('/api/me', { method: 'PATCH', cookie: s.therapist.cookie, json: { cancelWindowHours: 0 } });
    expect(patch.status).toBe(200);
    await admitted('A');
    expect((await post('end')).status).toBe(200);

    const slots = (await (await s.api.request(`/api/therapists/${s.therapist.slug}/slots`)).json()) as { slots: { start: string }[] };
    const later = slots.slots.find((slot) => slot.start >= s.end)!;
    expect(later).toBeDefined();
    const moved = await s.api.request('/api/bookings/me/reschedule', { method: 'POST', bearer: s.tokens.B, json: { start: later.start } });
    expect(moved.status, await moved.clone().text()).toBe(200);

    s.api.clock.now = new Date(Date.parse(later.start) - 5 * 60 * 1000);
    const fresh = await lobby();
    expect(fresh.endedAt).toBeNull();
    expect(fresh.seats.map((seat) => seat.state)).toEqual(['not_arrived', 'not_arrived']);
    // A was admitted at the old time; at the new time A waits to be let in again.
    expect((await partnerJoin('A')).status).toBe(202);
    expect((await post('admit', { seat: 'A' })).status).toBe(200);
    expect((await partnerJoin('A')).status).toBe(200);
  });

  it('ends only inside the join window', async () => {
    const start = Date.parse(s.start);
    s.api.clock.now = new Date(start - 11 * 60 * 1000);
    const early = await post('end');
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: { code: 'not_open' } });
    s.api.clock.now = new Date(Date.parse(s.end));
    expect((await post('end')).status).toBe(409);
    expect(s.fake.callsTo('DeleteRoom')).toHaveLength(0);
    expect((await lobby()).endedAt).toBeNull();
  });

  it('a cancelled session: overlay reads and changes answer 409 booking_cancelled', async () => {
    await admitted('A');
    const cancel = await s.api.request(`/api/me/bookings/${s.bookingId}/cancel`, {
      method: 'POST',
      cookie: s.therapist.cookie,
      headers: { origin: 'http://localhost:8787' },
      json: {},
    });
    expect(cancel.status, await cancel.clone().text()).toBe(200);
    const poll = await s.api.request(`/api/sessions/${s.bookingId}/overlay`, { bearer: s.tokens.A });
    // A cancelled booking's invite may no longer open anything (401); if it does, it says why.
    expect([401, 409]).toContain(poll.status);
    if (poll.status === 409) expect(await poll.json()).toMatchObject({ error: { code: 'booking_cancelled' } });
    const therapistPoll = await s.api.request(`/api/sessions/${s.bookingId}/overlay`, { cookie: s.therapist.cookie });
    expect(therapistPoll.status).toBe(409);
    expect(await therapistPoll.json()).toMatchObject({ error: { code: 'booking_cancelled' } });
    expect((await post('end')).status).toBe(409);

    // The canceller's page closes the room through the sessions function.
    const deletes = s.fake.callsTo('DeleteRoom').length;
    const close = await post('close');
    expect(close.status).toBe(200);
    expect(await close.json()).toEqual({ closed: true, livekit: 'ok' });
    expect(s.fake.callsTo('DeleteRoom')).toHaveLength(deletes + 1);
    const byPartner = await s.api.request(`/api/sessions/${s.bookingId}/close`, { method: 'POST', bearer: s.tokens.B });
    expect(byPartner.status).toBe(200);
  });

  it('closes only a cancelled session, and only for its own people', async () => {
    const res = await post('close');
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'not_cancelled' } });
    expect((await s.api.request(`/api/sessions/${s.bookingId}/close`, { method: 'POST' })).status).toBe(401);
    expect(s.fake.callsTo('DeleteRoom')).toHaveLength(0);
  });

  it('ends the session even when LiveKit is down', async () => {
    s.fake.mode = 'error';
    const res = await post('end');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ livekit: 'unreachable' });
    const join = await s.api.request(`/api/sessions/${s.bookingId}/join`, { method: 'POST', cookie: s.therapist.cookie });
    expect(join.status).toBe(409);
  });
});
