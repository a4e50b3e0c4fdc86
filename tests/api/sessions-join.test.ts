import { TokenVerifier } from 'livekit-server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIVEKIT_KEY, LIVEKIT_SECRET, startLiveSession, type LiveSession } from '../helpers/livekit-fake';

const verifier = new TokenVerifier(LIVEKIT_KEY, LIVEKIT_SECRET);

interface Admitted {
  status: 'admitted';
  livekit: { url: string; token: string };
  identity: string;
  role: 'therapist' | 'partner';
  seat: 'A' | 'B' | null;
  name: string;
  together: boolean;
  partners: { seat: 'A' | 'B'; name: string }[];
  overlay: { version: number; processId: string; stepId: string };
}

let s: LiveSession;
beforeEach(async () => {
  s = await startLiveSession();
});
afterEach(async () => {
  await s.close();
});

const join = (init: { cookie?: string; bearer?: string; json?: unknown }) =>
  s.api.request(`/api/sessions/${s.bookingId}/join`, { method: 'POST', ...init });

async function admitSeat(seat: 'A' | 'B') {
  const res = await s.api.request(`/api/sessions/${s.bookingId}/admit`, {
    method: 'POST',
    cookie: s.therapist.cookie,
    json: { seat },
  });
  expect(res.status).toBe(200);
}

describe('joining a session', () => {
  it('gives the therapist a short-lived room token without admin rights', async () => {
    const res = await join({ cookie: s.therapist.cookie });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Admitted;
    expect(body).toMatchObject({
      status: 'admitted',
      role: 'therapist',
      seat: null,
      identity: `therapist:${s.therapist.id}`,
      livekit: { url: s.fake.url },
      overlay: { version: 1 },
      partners: [
        { seat: 'A', name: 'Ann' },
        { seat: 'B', name: 'Ben' },
      ],
    });

    const claims = await verifier.verify(body.livekit.token);
    expect(claims.sub).toBe(`therapist:${s.therapist.id}`);
    expect(claims.name).toBe(body.name);
    expect(claims.attributes).toEqual({ role: 'therapist' });
    expect(claims.video).toMatchObject({ roomJoin: true, room: s.bookingId, canPublish: true, canSubscribe: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.canUpdateOwnMetadata).toBeFalsy();
    expect(claims.video?.roomCreate).toBeFalsy();
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(600);
    expect(claims.roomConfig).toMatchObject({ maxParticipants: 4 });
    expect(Number(claims.roomConfig?.emptyTimeout)).toBeGreaterThan(0);
    expect(Number(claims.roomConfig?.departureTimeout)).toBeGreaterThan(0);
  });

  it('keeps a partner waiting (no token) until the therapist admits their seat', async () => {
    const waiting = await join({ bearer: s.tokens.A, json: {} });
    expect(waiting.status).toBe(202);
    const body = (await waiting.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'waiting', seat: 'A' });
    expect(JSON.stringify(body)).not.toContain('token');

    const lobby = await s.api.request(`/api/sessions/${s.bookingId}/lobby`, { cookie: s.therapist.cookie });
    expect(await lobby.json()).toEqual({
      seats: [
        { seat: 'A', name: 'Ann', state: 'waiting', since: s.api.clock.now.toISOString(), together: false },
        { seat: 'B', name: 'Ben', state: 'not_arrived', since: null, together: false },
      ],
      endedAt: null,
      signals: [],
    });

    await admitSeat('A');
    const admitted = await join({ bearer: s.tokens.A, json: {} });
    expect(admitted.status).toBe(200);
    const a = (await admitted.json()) as Admitted;
    expect(a).toMatchObject({ status: 'admitted', role: 'partner', seat: 'A', name: 'Ann', together: false });
    expect(a.identity).toBe(`partner:${s.bookingId}:A`);

    const claims = await verifier.verify(a.livekit.token);
    expect(claims.sub).toBe(`partner:${s.bookingId}:A`);
    expect(claims.name).toBe('Ann');
    expect(claims.attributes).toEqual({ role: 'partner', seat: 'A', admission: '1' });
    expect(claims.video).toMatchObject({
      roomJoin: true,
      room: s.bookingId,
      canPublish: true,
      canSubscribe: true,
      canPublishData: false,
    });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.canUpdateOwnMetadata).toBeFalsy();
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(600);
    // Nothing personal beyond the display name.
    expect(JSON.stringify(claims)).not.toContain('@example.com');

    // Seat B is still waiting for its own admission.
    expect((await join({ bearer: s.tokens.B, json: {} })).status).toBe(202);
  });

  it('joins a couple sitting together under one seat with both names', async () => {
    expect((await join({ bearer: s.tokens.B, json: { together: true } })).status).toBe(202);
    const lobby = (await (
      await s.api.request(`/api/sessions/${s.bookingId}/lobby`, { cookie: s.therapist.cookie })
    ).json()) as { seats: { seat: string; together: boolean }[] };
    expect(lobby.seats[1]).toMatchObject({ seat: 'B', together: true });

    await admitSeat('B');
    const res = await join({ bearer: s.tokens.B, json: { together: true } });
    const body = (await res.json()) as Admitted;
    expect(body).toMatchObject({ seat: 'B', name: 'Ann & Ben', together: true, identity: `partner:${s.bookingId}:B` });
    const claims = await verifier.verify(body.livekit.token);
    expect(claims.name).toBe('Ann & Ben');
    expect(claims.attributes).toMatchObject({ role: 'partner', seat: 'B' });
  });

  it('opens ten minutes before the start and closes at the end', async () => {
    const opensAt = new Date(Date.parse(s.start) - 10 * 60 * 1000).toISOString();
    s.api.clock.now = new Date(Date.parse(opensAt) - 1000);
    for (const init of [{ cookie: s.therapist.cookie }, { bearer: s.tokens.A, json: {} }]) {
      const res = await join(init);
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ error: { code: 'not_open' }, opensAt, closesAt: s.end });
    }
    s.api.clock.now = new Date(opensAt);
    expect((await join({ cookie: s.therapist.cookie })).status).toBe(200);

    s.api.clock.now = new Date(s.end);
    const late = await join({ cookie: s.therapist.cookie });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: 'not_open' }, opensAt });
  });

  it('refuses joins to a cancelled booking', async () => {
    s.api.clock.now = new Date(Date.parse(s.start) - 3 * 24 * 60 * 60 * 1000);
    const cancel = await s.api.request('/api/bookings/me/cancel', { method: 'POST', bearer: s.tokens.A });
    expect(cancel.status).toBe(200);
    s.api.clock.now = new Date(Date.parse(s.start) - 60 * 1000);
    const res = await join({ cookie: s.therapist.cookie });
    // A cancelled booking's invites may be gone: the partner gets 401, the therapist 409.
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'booking_cancelled' } });
  });

  it('never mints for a partner with a JSON body that is not valid', async () => {
    const res = await join({ bearer: s.tokens.A, json: { together: 'yes' } });
    expect(res.status).toBe(422);
    const wrongType = await s.api.request(`/api/sessions/${s.bookingId}/join`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.tokens.A}`, 'content-type': 'text/plain' },
      body: 'together',
    });
    expect(wrongType.status).toBe(415);
  });

  it.each(['error', 'hang'] as const)('still works when LiveKit is %s, without waiting on it', async (mode) => {
    s.fake.mode = mode;
    const started = Date.now();
    const therapist = await join({ cookie: s.therapist.cookie });
    expect(therapist.status).toBe(200);
    expect((await join({ bearer: s.tokens.A, json: {} })).status).toBe(202);
    await admitSeat('A');
    const partner = await join({ bearer: s.tokens.A, json: {} });
    expect(partner.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    const body = (await partner.json()) as Admitted;
    await expect(verifier.verify(body.livekit.token)).resolves.toMatchObject({ sub: `partner:${s.bookingId}:A` });
  });

  it('asks LiveKit to create the room with its options, best effort', async () => {
    await join({ cookie: s.therapist.cookie });
    await expect.poll(() => s.fake.callsTo('CreateRoom').length).toBe(1);
    const [call] = s.fake.callsTo('CreateRoom');
    expect(call!.authorized).toBe(true);
    expect(call!.body).toMatchObject({ name: s.bookingId, maxParticipants: 4 });
  });

  it('asks once a minute: a reconnecting therapist’s re-joins within the minute do not ask again', async () => {
    s.api.clock.now = new Date(Date.parse(s.start) + 5 * 60_000 + 5_000);
    await join({ cookie: s.therapist.cookie });
    await join({ cookie: s.therapist.cookie });
    await join({ cookie: s.therapist.cookie });
    await expect.poll(() => s.fake.callsTo('CreateRoom').length).toBe(1);
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 60_000);
    expect((await join({ cookie: s.therapist.cookie })).status).toBe(200);
    await expect.poll(() => s.fake.callsTo('CreateRoom').length).toBe(2);
  });
});
