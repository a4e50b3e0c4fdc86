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

const minutes = (n: number) => {
  s.api.clock.now = new Date(s.api.clock.now.getTime() + n * 60_000);
};
const post = (path: string, init: { cookie?: string; bearer?: string; json?: unknown } = {}) =>
  s.api.request(`/api/sessions/${s.bookingId}/${path}`, { method: 'POST', ...init });
const therapist = { cookie: '' };

async function webhook(id: string, type: string, identity: string) {
  const body = JSON.stringify({
    id,
    event: type,
    createdAt: String(Math.floor(s.api.clock.now.getTime() / 1000)),
    room: { name: s.bookingId },
    // As LiveKit reports a partner of the first admission (the room guard lets it stay).
    participant: { identity, name: 'Ann', attributes: { admission: '1' } },
  });
  const at = new AccessToken(LIVEKIT_KEY, LIVEKIT_SECRET);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  const res = await s.api.request('/api/livekit/webhook', { method: 'POST', headers: { authorization: await at.toJwt() }, body });
  expect(res.status).toBe(200);
}

describe('the session timeline', () => {
  it('lists joins, admissions, send-backs, overlay changes and webhooks in order, with durations', async () => {
    therapist.cookie = s.therapist.cookie;
    const startedAt = s.api.clock.now.toISOString();
    expect((await post('join', therapist)).status).toBe(200);
    minutes(1);
    expect((await post('join', { bearer: s.tokens.A, json: { together: true } })).status).toBe(202);
    minutes(1);
    expect((await post('admit', { ...therapist, json: { seat: 'A' } })).status).toBe(200);
    expect((await post('join', { bearer: s.tokens.A, json: { together: true } })).status).toBe(200);
    await webhook('EV_1', 'participant_joined', `partner:${s.bookingId}:A`);
    minutes(8);
    expect((await post('overlay', { ...therapist, json: { baseVersion: 1, action: { type: 'next' } } })).status).toBe(200);
    minutes(2);
    const custom = { type: 'showCustom', text: 'A private note about Ann' };
    expect((await post('overlay', { ...therapist, json: { baseVersion: 2, action: custom } })).status).toBe(200);
    minutes(5);
    expect((await post('send-back', { ...therapist, json: { seat: 'A' } })).status).toBe(200);
    minutes(3);
    const endedAt = s.api.clock.now.toISOString();
    expect((await post('end', therapist)).status).toBe(200);

    const res = await s.api.request(`/api/sessions/${s.bookingId}/timeline`, therapist);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      events: { type: string; at: string; [k: string]: unknown }[];
      span: { start: string; end: string };
      durations: { totalSeconds: number; steps: { stepId: string; seconds: number }[]; processes: unknown[] };
    };
    expect(body.events.map((e) => e.type)).toEqual([
      'token_issued',
      'arrived',
      'admitted',
      'token_issued',
      'participant_joined',
      'overlay',
      'overlay',
      'sent_back',
      'ended',
    ]);
    expect(body.events[1]).toMatchObject({ seat: 'A', together: true });
    expect(body.events[3]).toMatchObject({ role: 'partner', seat: 'A' });
    expect(body.events[5]).toMatchObject({ action: 'next', version: 2, processId: 'couples-dialogue' });
    expect(body.events[6]).toMatchObject({ action: 'showCustom', card: { kind: 'custom' } });
    const text = JSON.stringify(body);
    for (const personal of ['private note', 'Ann', 'Ben', '@example.com']) expect(text).not.toContain(personal);

    expect(body.span).toEqual({ start: startedAt, end: endedAt });
    expect(body.durations.totalSeconds).toBe(20 * 60);
    expect(body.durations.steps).toEqual([
      { processId: 'couples-dialogue', stepId: 'appointment', seconds: 10 * 60 },
      { processId: 'couples-dialogue', stepId: body.events[5]!.stepId, seconds: 10 * 60 },
    ]);
    expect(body.durations.processes).toEqual([{ processId: 'couples-dialogue', seconds: 20 * 60 }]);
  });

  it('keeps at most one join per participant per minute, however often they re-join', async () => {
    const join = (init: Record<string, unknown>) =>
      s.api.request(`/api/sessions/${s.bookingId}/join`, { method: 'POST', json: {}, ...init });
    for (let i = 0; i < 20; i++) expect((await join({ cookie: s.therapist.cookie })).status).toBe(200);
    s.api.clock.now = new Date(s.api.clock.now.getTime() + 61_000);
    for (let i = 0; i < 5; i++) expect((await join({ cookie: s.therapist.cookie })).status).toBe(200);
    const body = (await (await s.api.request(`/api/sessions/${s.bookingId}/timeline`, { cookie: s.therapist.cookie })).json()) as {
      events: { type: string }[];
      truncated: boolean;
    };
    expect(body.events.filter((e) => e.type === 'token_issued')).toHaveLength(2);
    expect(body.truncated).toBe(false);
  });

  it('is empty before anything happened', async () => {
    const res = await s.api.request(`/api/sessions/${s.bookingId}/timeline`, { cookie: s.therapist.cookie });
    expect(await res.json()).toEqual({
      events: [],
      truncated: false,
      span: null,
      durations: { totalSeconds: 0, processes: [], steps: [] },
    });
  });
});
