import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { DECK } from '../../shared/dialogues';
import { LiveKitOverlay, type OverlayAction, type OverlayState } from '../../shared/overlay';
import { startLiveSession, type LiveSession } from '../helpers/livekit-fake';

const SECRET_TEXT = 'Ann, remember what you said about your father';
const stem = DECK.processes.find((p) => p.id === 'couples-dialogue')!.steps.flatMap((s) => s.stems)[0]!;

let s: LiveSession;
beforeEach(async () => {
  s = await startLiveSession();
});
afterEach(async () => {
  await s.close();
});

const path = () => `/api/sessions/${s.bookingId}/overlay`;

async function change(baseVersion: number, action: OverlayAction | Record<string, unknown>) {
  return s.api.request(path(), { method: 'POST', cookie: s.therapist.cookie, json: { baseVersion, action } });
}

async function ok(baseVersion: number, action: OverlayAction) {
  const res = await change(baseVersion, action);
  expect(res.status).toBe(200);
  return (await res.json()) as { overlay: OverlayState; published: boolean };
}

/** The metadata of every UpdateRoomMetadata call, parsed. */
const published = () =>
  s.fake.callsTo('UpdateRoomMetadata').map((c) => JSON.parse(String(c.body.metadata)) as Record<string, unknown>);

describe('the overlay', () => {
  it('applies an action on the current version and publishes it to the room with ids only', async () => {
    const first = await ok(1, { type: 'next' });
    expect(first.overlay.version).toBe(2);
    expect(first.published).toBe(true);

    const [call] = s.fake.callsTo('UpdateRoomMetadata');
    expect(call!.authorized).toBe(true);
    expect(call!.body.room).toBe(s.bookingId);
    const metadata = JSON.parse(String(call!.body.metadata));
    expect(z.strictObject(LiveKitOverlay.shape).parse(metadata)).toEqual({
      version: 2,
      processId: first.overlay.processId,
      stepId: first.overlay.stepId,
      sender: 'A',
      visible: true,
      card: null,
      timer: null,
    });

    const stemmed = await ok(2, { type: 'showStem', stemId: stem.id });
    expect(stemmed.overlay.card).toEqual({ kind: 'stem', stemId: stem.id });
    expect(published().at(-1)).toMatchObject({ version: 3, card: { kind: 'stem', stemId: stem.id } });
  });

  it('never sends a custom card text, or any name, to LiveKit', async () => {
    const custom = await ok(1, { type: 'showCustom', text: SECRET_TEXT });
    expect(custom.overlay.card).toEqual({ kind: 'custom', text: SECRET_TEXT });
    await ok(2, { type: 'swapRoles' });
    await s.api.request(`/api/sessions/${s.bookingId}/join`, { method: 'POST', cookie: s.therapist.cookie });

    expect(published().map((m) => m.card)).toEqual([{ kind: 'custom' }, { kind: 'custom' }]);
    const everything = s.fake.calls.map((c) => c.raw).join('\n');
    expect(everything).not.toContain('remember');
    for (const name of ['Ann', 'Ben', 'ann@example.com']) expect(everything).not.toContain(name);

    // The text is there for the session's participants through the API.
    const get = await s.api.request(path(), { cookie: s.therapist.cookie });
    expect(((await get.json()) as { overlay: OverlayState }).overlay.card).toEqual({ kind: 'custom', text: SECRET_TEXT });
  });

  it('answers a stale baseVersion with 409 and the current overlay', async () => {
    await ok(1, { type: 'swapRoles' });
    const res = await change(1, { type: 'next' });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string }; overlay: OverlayState };
    expect(body.error.code).toBe('stale_overlay');
    expect(body.overlay).toMatchObject({ version: 2, sender: 'B' });
  });

  it('lets exactly one of two concurrent changes on the same version win', async () => {
    const results = await Promise.all([change(1, { type: 'next' }), change(1, { type: 'swapRoles' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const get = await s.api.request(path(), { cookie: s.therapist.cookie });
    expect(((await get.json()) as { overlay: OverlayState }).overlay.version).toBe(2);
    // Each change writes its timeline event beside the state; the loser takes its event back.
    const timeline = await s.api.request(`/api/sessions/${s.bookingId}/timeline`, { cookie: s.therapist.cookie });
    const { events } = (await timeline.json()) as { events: { type: string; version?: number }[] };
    expect(events.filter((e) => e.type === 'overlay' && e.version === 2)).toHaveLength(1);
  });

  it('answers reducer refusals with 422 and the reducer code, and bad bodies with 422', async () => {
    const prev = await change(1, { type: 'prev' });
    expect(prev.status).toBe(422);
    expect(await prev.json()).toMatchObject({ error: { code: 'at_first_step' } });

    const unknown = await change(1, { type: 'goToStep', stepId: 'no-such-step' });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_step' } });

    for (const body of [{ baseVersion: 1, action: { type: 'explode' } }, { baseVersion: -1, action: { type: 'next' } }, {}]) {
      const res = await s.api.request(path(), { method: 'POST', cookie: s.therapist.cookie, json: body });
      expect(res.status).toBe(422);
    }
    const malformed = await s.api.request(path(), {
      method: 'POST',
      cookie: s.therapist.cookie,
      headers: { 'content-type': 'application/json' },
      body: '{"baseVersion": 1,',
    });
    expect(malformed.status).toBe(400);
    expect(s.fake.callsTo('UpdateRoomMetadata')).toHaveLength(0);
  });

  it('serves the overlay with an ETag and 304 when unchanged', async () => {
    const first = await s.api.request(path(), { cookie: s.therapist.cookie });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('W/"1"');
    expect(((await first.json()) as { overlay: OverlayState }).overlay.version).toBe(1);

    const same = await s.api.request(path(), { cookie: s.therapist.cookie, headers: { 'if-none-match': 'W/"1"' } });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe('W/"1"');

    await ok(1, { type: 'next' });
    const changed = await s.api.request(path(), { cookie: s.therapist.cookie, headers: { 'if-none-match': 'W/"1"' } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('W/"2"');
  });

  it('is readable by admitted partners only', async () => {
    const waiting = await s.api.request(`/api/sessions/${s.bookingId}/join`, { method: 'POST', bearer: s.tokens.A, json: {} });
    expect(waiting.status).toBe(202);
    expect((await s.api.request(path(), { bearer: s.tokens.A })).status).toBe(403);
    await s.api.request(`/api/sessions/${s.bookingId}/admit`, { method: 'POST', cookie: s.therapist.cookie, json: { seat: 'A' } });
    const res = await s.api.request(path(), { bearer: s.tokens.A });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('W/"1"');
  });

  it('saves changes while LiveKit fails and publishes the newest state once it is back', async () => {
    s.fake.mode = 'error';
    const saved = await ok(1, { type: 'next' });
    expect(saved.published).toBe(false);
    const get = await s.api.request(path(), { cookie: s.therapist.cookie });
    expect(((await get.json()) as { overlay: OverlayState }).overlay.version).toBe(2);

    s.fake.mode = 'ok';
    const next = await ok(2, { type: 'swapRoles' });
    expect(next.published).toBe(true);
    expect(published().at(-1)).toMatchObject({ version: 3, sender: 'B', stepId: next.overlay.stepId });
  });

  it('publishes an unpublished state again on the next join', async () => {
    s.fake.mode = 'error';
    await ok(1, { type: 'next' });
    s.fake.mode = 'ok';
    const calls = s.fake.callsTo('UpdateRoomMetadata').length;
    const join = await s.api.request(`/api/sessions/${s.bookingId}/join`, { method: 'POST', cookie: s.therapist.cookie });
    expect(join.status).toBe(200);
    expect(((await join.json()) as { overlay: OverlayState }).overlay.version).toBe(2);
    await expect.poll(() => s.fake.callsTo('UpdateRoomMetadata').length).toBe(calls + 1);
    expect(published().at(-1)).toMatchObject({ version: 2 });
    const stored = () => s.api.deps.table.get<{ published: boolean }>(`SESSION#${s.bookingId}`, 'STATE#OVERLAY');
    await expect.poll(async () => (await stored())?.published).toBe(true);
  });

  it('saves changes quickly while LiveKit hangs', async () => {
    s.fake.mode = 'hang';
    const started = Date.now();
    const saved = await ok(1, { type: 'swapRoles' });
    expect(saved.published).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await ok(2, { type: 'swapRoles' })).overlay.version).toBe(3);
  });

  it('refuses changes after the session ended', async () => {
    await s.api.request(`/api/sessions/${s.bookingId}/end`, { method: 'POST', cookie: s.therapist.cookie });
    const res = await change(1, { type: 'next' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'session_ended' } });
  });
});
