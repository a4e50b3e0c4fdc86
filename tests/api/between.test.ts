/**
 * Between sessions: the worksheet the therapist shares after a session, both partners' Caring
 * Behaviours lists, the home practice they choose to share, the BCR requests of the session —
 * and the personal links that keep working for all of it after the session (but open nothing
 * else).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaringLists, CoupleSpace, PracticeRecord, WorksheetAdmin } from '../../shared/between-types';
import { PROCESS_IDS } from '../../shared/between-schemas';
import { DECK } from '../../shared/dialogues';
import { inviteKey } from '../../functions/auth/middleware';
import { bookingKey } from '../../functions/booking/repo';
import { sessionPk } from '../../functions/sessions/repo';
import { setUpTherapist } from '../helpers/api';
import { bookSlot, startLiveSession, type LiveSession } from '../helpers/livekit-fake';
import { meterTable } from '../helpers/round-trips';

let s: LiveSession;
beforeEach(async () => {
  s = await startLiveSession();
});
afterEach(async () => {
  await s.close();
});

type Auth = { cookie?: string; bearer?: string };
const therapist = (): Auth => ({ cookie: s.therapist.cookie });
const partner = (seat: 'A' | 'B'): Auth => ({ bearer: s.tokens[seat] });

const req = (method: string, path: string, auth: Auth, json?: unknown) =>
  s.api.request(path, { method, ...auth, ...(json !== undefined ? { json } : {}) });
async function ok<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return (await r.json()) as T;
}

const sessionUrl = (what = '') => `/api/sessions/${s.bookingId}${what ? `/${what}` : ''}`;
const worksheetUrl = (what = '') => `/api/me/bookings/${s.bookingId}/worksheet${what ? `/${what}` : ''}`;
const between = (seat: 'A' | 'B') => ok<CoupleSpace>(req('GET', '/api/bookings/me/between', partner(seat)));
const worksheet = () => ok<WorksheetAdmin>(req('GET', worksheetUrl(), therapist()));
const addCaring = (seat: 'A' | 'B', text: string, rating = 4) =>
  req('POST', '/api/bookings/me/caring', partner(seat), { text, rating });
const at = (offsetMs: number) => {
  s.api.clock.now = new Date(Date.parse(s.start) + offsetMs);
};
const afterEnd = (ms: number) => {
  s.api.clock.now = new Date(Date.parse(s.end) + ms);
};
const DAY = 24 * 60 * 60 * 1000;

const BCR = {
  requests: ['Hold my hand on our Sunday walk', 'Ask me about my day before dinner', 'Leave me a note once a week'],
  chosen: 1,
  from: 'A',
} as const;

/** Runs a session: therapist and Ann in the room, two processes used, BCR written, ended. */
async function runSession() {
  await ok(req('POST', sessionUrl('join'), therapist(), {}));
  await ok(req('POST', sessionUrl('join'), partner('A'), {}), 202);
  await ok(req('POST', sessionUrl('admit'), therapist(), { seat: 'A' }));
  await ok(req('POST', sessionUrl('overlay'), therapist(), { baseVersion: 1, action: { type: 'selectProcess', processId: 'appreciation' } }));
  await ok(req('POST', sessionUrl('overlay'), therapist(), { baseVersion: 2, action: { type: 'selectProcess', processId: 'behavior-change-request' } }));
  await ok(req('PUT', sessionUrl('bcr'), therapist(), BCR));
  await ok(req('POST', sessionUrl('end'), therapist()));
}

describe('between sessions: worksheet, caring behaviours, practice', () => {
  it('the whole flow: pre-filled draft, edit, nothing visible until shared, both lists, practice records', async () => {
    await runSession();
    afterEnd(2 * 60 * 60 * 1000);

    // The draft is pre-filled from the timeline and the BCR, unsaved (version 0).
    const first = await worksheet();
    expect(first.draft).toMatchObject({ version: 0, updatedAt: null, note: '', appreciations: [], bcr: BCR });
    expect(first.draft.processIds).toEqual(['appreciation', 'behavior-change-request']);
    expect(first.shared).toBeNull();
    expect(first.practiceProcesses).toEqual(['couples-dialogue', 'appreciation']);

    const saved = await ok<WorksheetAdmin>(
      req('PUT', worksheetUrl(), therapist(), {
        baseVersion: 0,
        note: 'Keep the appointments short.\nTen minutes a day.',
        appreciations: [{ from: 'B', text: 'You listened to the end' }],
      }),
    );
    expect(saved.draft).toMatchObject({ version: 1, note: 'Keep the appointments short.\nTen minutes a day.', bcr: BCR });
    expect(saved.draft.processIds).toEqual(['appreciation', 'behavior-change-request']);

    // Nothing reaches the couple without the click.
    expect((await between('A')).worksheet).toBeNull();
    const shared = await ok<WorksheetAdmin>(req('POST', worksheetUrl('share'), therapist()));
    expect(shared.shared).toMatchObject({ bookingId: s.bookingId, date: s.start, note: saved.draft.note, bcr: BCR });

    const space = await between('A');
    expect(space).toMatchObject({
      seat: 'A',
      therapistName: expect.any(String),
      worksheet: { note: saved.draft.note, appreciations: [{ from: 'B', text: 'You listened to the end' }], processIds: ['appreciation', 'behavior-change-request'] },
      caring: { A: [], B: [] },
      practiceProcesses: ['couples-dialogue', 'appreciation'],
      practice: [],
    });
    expect(space.partners.map((p) => p.name)).toEqual(['Ann', 'Ben']);

    // A later edit stays a draft until shared again; a re-share replaces the shared copy.
    await ok(req('PUT', worksheetUrl(), therapist(), { baseVersion: 1, note: 'Twenty minutes a day.' }));
    expect((await between('B')).worksheet?.note).toBe(saved.draft.note);
    await ok(req('POST', worksheetUrl('share'), therapist()));
    expect((await between('B')).worksheet?.note).toBe('Twenty minutes a day.');

    // Ben writes his list; Ann sees it but cannot change it.
    const lists = await ok<CaringLists>(addCaring('B', 'When you make me coffee', 5));
    const item = lists.B[0]!;
    expect(item).toMatchObject({ text: 'When you make me coffee', rating: 5, doneOn: [] });
    expect((await between('A')).caring.B).toEqual([item]);
    expect((await req('PATCH', `/api/bookings/me/caring/${item.id}`, partner('A'), { rating: 1 })).status).toBe(404);
    expect((await req('DELETE', `/api/bookings/me/caring/${item.id}`, partner('A'))).status).toBe(404);

    // Ben marks it done today (his local date) and undoes it again.
    const today = s.api.clock.now.toISOString().slice(0, 10);
    const done = await ok<CaringLists>(req('PATCH', `/api/bookings/me/caring/${item.id}`, partner('B'), { done: { date: today, value: true } }));
    expect(done.B[0]!.doneOn).toEqual([today]);
    const again = await ok<CaringLists>(req('PATCH', `/api/bookings/me/caring/${item.id}`, partner('B'), { done: { date: today, value: true }, rating: 3 }));
    expect(again.B[0]).toMatchObject({ doneOn: [today], rating: 3 });
    const undone = await ok<CaringLists>(req('PATCH', `/api/bookings/me/caring/${item.id}`, partner('B'), { done: { date: today, value: false } }));
    expect(undone.B[0]!.doneOn).toEqual([]);

    // Ann shares a practice; the therapist sees it, newest first.
    const practiced = new Date(s.api.clock.now.getTime() - 30 * 60_000).toISOString();
    const { record } = await ok<{ record: PracticeRecord }>(
      req('POST', '/api/bookings/me/practice', partner('A'), { processId: 'appreciation', seconds: 900, at: practiced }),
      201,
    );
    expect(record).toMatchObject({ processId: 'appreciation', seconds: 900, at: practiced });
    const later = new Date(s.api.clock.now.getTime() - 5 * 60_000).toISOString();
    await ok(req('POST', '/api/bookings/me/practice', partner('B'), { processId: 'couples-dialogue', seconds: 60, at: later }), 201);
    expect((await worksheet()).practice.map((p) => p.at)).toEqual([later, practiced]);
    expect((await between('B')).practice[1]).toEqual(record);

    // Deleting one's own entry.
    const removed = await ok<CaringLists>(req('DELETE', `/api/bookings/me/caring/${item.id}`, partner('B')));
    expect(removed.B).toEqual([]);
  });

  it("the therapist chooses which processes a couple may practise (booking, else their setting, else the default)", async () => {
    await ok(req('PATCH', '/api/me', therapist(), { practiceProcesses: ['couples-dialogue', 'frustration'] }));
    expect((await between('A')).practiceProcesses).toEqual(['couples-dialogue', 'frustration']);
    const admin = await ok<WorksheetAdmin>(req('PUT', `/api/me/bookings/${s.bookingId}/practice-processes`, therapist(), { processIds: ['parent-child'] }));
    expect(admin.practiceProcesses).toEqual(['parent-child']);
    expect((await between('A')).practiceProcesses).toEqual(['parent-child']);
    // A process that is not unlocked cannot be recorded.
    const now = s.api.clock.now.toISOString();
    expect((await req('POST', '/api/bookings/me/practice', partner('A'), { processId: 'appreciation', seconds: 60, at: now })).status).toBe(422);
    await ok(req('POST', '/api/bookings/me/practice', partner('A'), { processId: 'parent-child', seconds: 60, at: now }), 201);
    // Ids outside the deck, none, or repeated: 422, in the setting and per booking.
    for (const bad of [['no-such-process'], [], ['appreciation', 'appreciation']]) {
      expect((await req('PATCH', '/api/me', therapist(), { practiceProcesses: bad })).status).toBe(422);
      expect((await req('PUT', `/api/me/bookings/${s.bookingId}/practice-processes`, therapist(), { processIds: bad })).status).toBe(422);
    }
    const me = await ok<{ therapist: { practiceProcesses: string[] } }>(req('GET', '/api/me', therapist()));
    expect(me.therapist.practiceProcesses).toEqual(['couples-dialogue', 'frustration']);
  });

  it('the process ids the API accepts are exactly those of the dialogue deck', () => {
    expect([...PROCESS_IDS].sort()).toEqual(DECK.processes.map((p) => p.id).sort());
  });
});

describe('concurrency', () => {
  it('two draft saves on the same version: one wins, the other gets 409 worksheet_changed with the current draft', async () => {
    const [a, b] = await Promise.all([
      req('PUT', worksheetUrl(), therapist(), { baseVersion: 0, note: 'first tab' }),
      req('PUT', worksheetUrl(), therapist(), { baseVersion: 0, note: 'second tab' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const lost = (a.status === 409 ? a : b).clone();
    const body = (await lost.json()) as { error: { code: string }; draft: WorksheetAdmin['draft'] };
    const winner = a.status === 200 ? 'first tab' : 'second tab';
    expect(body).toMatchObject({ error: { code: 'worksheet_changed' }, draft: { version: 1, note: winner } });
    expect((await worksheet()).draft).toMatchObject({ version: 1, note: winner });
    // A save on an old version after that is refused too.
    expect((await req('PUT', worksheetUrl(), therapist(), { baseVersion: 0, note: 'late' })).status).toBe(409);
  });

  it('BCR requests written in the session land in a saved draft, so an editor on the older version gets a 409', async () => {
    await ok(req('PUT', worksheetUrl(), therapist(), { baseVersion: 0, note: 'n' }));
    await ok(req('PUT', sessionUrl('bcr'), therapist(), BCR));
    expect((await worksheet()).draft).toMatchObject({ version: 2, note: 'n', bcr: BCR });
    expect((await req('PUT', worksheetUrl(), therapist(), { baseVersion: 1, note: 'stale' })).status).toBe(409);
  });

  it('five adds to one list at once (two devices of one partner): every item lands', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => addCaring('A', `behaviour ${i}`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const { caring } = await between('B');
    expect(caring.A.map((i) => i.text).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `behaviour ${i}`));
  });

  it('both partners add at once: each list gets its own item', async () => {
    await Promise.all([addCaring('A', 'from Ann'), addCaring('B', 'from Ben')]);
    const { caring } = await between('A');
    expect(caring.A.map((i) => i.text)).toEqual(['from Ann']);
    expect(caring.B.map((i) => i.text)).toEqual(['from Ben']);
  });
});

describe('limits and bad input: 409 or 422, never 5xx', () => {
  it('a list holds 50 behaviours', async () => {
    for (let i = 0; i < 50; i++) expect((await addCaring('A', `b${i}`)).status).toBe(200);
    const full = await addCaring('A', 'one more');
    expect(full.status).toBe(409);
    expect(await full.json()).toMatchObject({ error: { code: 'list_full' } });
    expect((await addCaring('B', 'his own list has room')).status).toBe(200);
  });

  it('a booking holds 200 practice records', async () => {
    const now = s.api.clock.now.toISOString();
    await ok(req('POST', '/api/bookings/me/practice', partner('A'), { processId: 'appreciation', seconds: 60, at: now }), 201);
    // Skip ahead to the last free place rather than sharing 198 more.
    await s.api.deps.table.update({
      Key: { pk: sessionPk(s.bookingId), sk: 'PRACTICE#COUNT' },
      UpdateExpression: 'SET #n = :n',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':n': 199 },
    });
    const [a, b] = await Promise.all(
      ['A', 'B'].map((seat) => req('POST', '/api/bookings/me/practice', partner(seat as 'A' | 'B'), { processId: 'appreciation', seconds: 60, at: now })),
    );
    expect([a!.status, b!.status].sort()).toEqual([201, 409]);
    expect(await (a!.status === 409 ? a! : b!).json()).toMatchObject({ error: { code: 'practice_limit' } });
    // The refused record was taken back.
    expect((await between('A')).practice).toHaveLength(2);
  });

  it('bad bodies are 422 (or 400/415), on every route', async () => {
    const id = (await ok<CaringLists>(addCaring('A', 'x'))).A[0]!.id;
    const long = 'x'.repeat(301);
    const now = s.api.clock.now.toISOString();
    const cases: [string, string, Auth, unknown][] = [
      ['POST', '/api/bookings/me/caring', partner('A'), { text: long, rating: 3 }],
      ['POST', '/api/bookings/me/caring', partner('A'), { text: '', rating: 3 }],
      ['POST', '/api/bookings/me/caring', partner('A'), { text: 'ok', rating: 6 }],
      ['POST', '/api/bookings/me/caring', partner('A'), { text: 'ok', rating: 3, extra: 1 }],
      ['POST', '/api/bookings/me/caring', partner('A'), { text: 'a\u202Eb', rating: 3 }],
      ['POST', '/api/bookings/me/caring', partner('A'), { text: 'two\nlines', rating: 3 }],
      ['POST', '/api/bookings/me/caring', partner('A'), null],
      ['PATCH', `/api/bookings/me/caring/${id}`, partner('A'), {}],
      ['PATCH', `/api/bookings/me/caring/${id}`, partner('A'), { done: { date: '2027-02-30', value: true } }],
      ['PATCH', `/api/bookings/me/caring/${id}`, partner('A'), { done: { date: '2020-01-01', value: true } }],
      ['PATCH', `/api/bookings/me/caring/${id}`, partner('A'), { text: long }],
      ['POST', '/api/bookings/me/practice', partner('A'), { processId: 'appreciation', seconds: 0, at: now }],
      ['POST', '/api/bookings/me/practice', partner('A'), { processId: 'appreciation', seconds: 1e9, at: now }],
      ['POST', '/api/bookings/me/practice', partner('A'), { processId: 'appreciation', seconds: 60, at: 'yesterday' }],
      ['POST', '/api/bookings/me/practice', partner('A'), { processId: 'appreciation', seconds: 60, at: '2099-01-01T00:00:00Z' }],
      ['POST', '/api/bookings/me/practice', partner('A'), { processId: 'x'.repeat(10_000), seconds: 60, at: now }],
      ['POST', '/api/bookings/me/practice', partner('A'), { processId: 'appreciation', seconds: 60, at: now, content: 'what we said' }],
      ['PUT', worksheetUrl(), therapist(), { note: 'no base' }],
      ['PUT', worksheetUrl(), therapist(), { baseVersion: -1 }],
      ['PUT', worksheetUrl(), therapist(), { baseVersion: 0, note: 'x'.repeat(2001) }],
      ['PUT', worksheetUrl(), therapist(), { baseVersion: 0, appreciations: Array.from({ length: 21 }, () => ({ from: 'A', text: 'x' })) }],
      ['PUT', worksheetUrl(), therapist(), { baseVersion: 0, appreciations: [{ from: 'C', text: 'x' }] }],
      ['PUT', worksheetUrl(), therapist(), { baseVersion: 0, processIds: ['nope'] }],
      ['PUT', worksheetUrl(), therapist(), { baseVersion: 0, bcr: { ...BCR, requests: ['a', 'b'] } }],
      ['PUT', worksheetUrl(), therapist(), { baseVersion: 0, bcr: { ...BCR, chosen: 3 } }],
      ['PUT', `/api/me/bookings/${s.bookingId}/practice-processes`, therapist(), { processIds: 'appreciation' }],
      ['PUT', sessionUrl('bcr'), therapist(), { ...BCR, requests: ['a', 'b', long] }],
      ['PUT', sessionUrl('bcr'), therapist(), { ...BCR, requests: ['a', 'b', ''] }],
      ['PUT', sessionUrl('bcr'), therapist(), { ...BCR, from: 'therapist' }],
      ['PUT', sessionUrl('bcr'), therapist(), []],
    ];
    for (const [method, path, auth, json] of cases) {
      const res = await req(method, path, auth, json);
      expect({ method, path, json, status: res.status }).toEqual({ method, path, json, status: 422 });
    }
    const malformed = await s.api.request('/api/bookings/me/caring', {
      method: 'POST',
      bearer: s.tokens.A,
      headers: { 'content-type': 'application/json' },
      body: '{"text":',
    });
    expect(malformed.status).toBe(400);
    const notJson = await s.api.request(worksheetUrl(), { method: 'PUT', cookie: s.therapist.cookie, body: 'note' });
    expect(notJson.status).toBe(415);
    expect((await req('PATCH', '/api/bookings/me/caring/no-such-item', partner('A'), { rating: 2 })).status).toBe(404);
    expect((await req('PATCH', '/api/bookings/me/caring/bad%20id', partner('A'), { rating: 2 })).status).toBe(404);
  });
});

describe('who may do what', () => {
  const partnerRoutes = (itemId = 'some-item'): [string, string, unknown?][] => [
    ['GET', '/api/bookings/me/between'],
    ['POST', '/api/bookings/me/caring', { text: 'x', rating: 3 }],
    ['PATCH', `/api/bookings/me/caring/${itemId}`, { rating: 2 }],
    ['DELETE', `/api/bookings/me/caring/${itemId}`],
    ['POST', '/api/bookings/me/practice', { processId: 'appreciation', seconds: 60, at: '2026-12-01T08:00:00Z' }],
  ];
  const therapistRoutes = (id: string): [string, string, unknown?][] => [
    ['GET', `/api/me/bookings/${id}/worksheet`],
    ['PUT', `/api/me/bookings/${id}/worksheet`, { baseVersion: 0, note: 'x' }],
    ['POST', `/api/me/bookings/${id}/worksheet/share`],
    ['PUT', `/api/me/bookings/${id}/practice-processes`, { processIds: ['appreciation'] }],
  ];
  const status = async (method: string, path: string, auth: Auth, json?: unknown) => {
    const res = await req(method, path, auth, json);
    const text = await res.text();
    expect(text).not.toMatch(/Ann|Ben|secret note/);
    return res.status;
  };

  it('anonymous and invalid links → 401; another therapist → 404; a partner on therapist routes → 401', async () => {
    await ok(req('PUT', worksheetUrl(), therapist(), { baseVersion: 0, note: 'secret note' }));
    const other = await setUpTherapist(s.api, 'other@example.com');
    for (const [method, path, json] of partnerRoutes()) {
      expect({ path, status: await status(method, path, {}, json) }).toEqual({ path, status: 401 });
      expect({ path, status: await status(method, path, { bearer: 'x'.repeat(43) }, json) }).toEqual({ path, status: 401 });
      // A therapist's cookie is no partner link.
      expect({ path, status: await status(method, path, therapist(), json) }).toEqual({ path, status: 401 });
    }
    for (const [method, path, json] of therapistRoutes(s.bookingId)) {
      expect({ path, status: await status(method, path, {}, json) }).toEqual({ path, status: 401 });
      expect({ path, status: await status(method, path, { cookie: other.cookie }, json) }).toEqual({ path, status: 404 });
      expect({ path, status: await status(method, path, partner('A'), json) }).toEqual({ path, status: 401 });
    }
    for (const [method, path, json] of therapistRoutes('no-such-booking')) {
      expect({ path, status: await status(method, path, therapist(), json) }).toEqual({ path, status: 404 });
    }
    // Nothing changed for the couple.
    expect((await worksheet()).draft).toMatchObject({ version: 1, note: 'secret note' });
  });

  it("another couple's link reaches only their own space, never this couple's items", async () => {
    const item = (await ok<CaringLists>(addCaring('A', 'secret note'))).A[0]!;
    await ok(req('POST', worksheetUrl('share'), therapist()));
    s.api.clock.now = new Date('2026-12-01T08:00:00Z');
    const otherCouple = await bookSlot(s.api, s.therapist.slug, 3);
    const theirs = { bearer: otherCouple.tokens.A };
    const space = await ok<CoupleSpace>(req('GET', '/api/bookings/me/between', theirs));
    expect(space).toMatchObject({ worksheet: null, caring: { A: [], B: [] }, practice: [] });
    expect(await status('PATCH', `/api/bookings/me/caring/${item.id}`, theirs, { rating: 1 })).toBe(404);
    expect(await status('DELETE', `/api/bookings/me/caring/${item.id}`, theirs)).toBe(404);
    expect((await between('B')).caring.A).toEqual([item]);
    // The therapist of both reads each booking's worksheet by its id.
    expect((await ok<WorksheetAdmin>(req('GET', `/api/me/bookings/${otherCouple.bookingId}/worksheet`, therapist()))).shared).toBeNull();
  });

  it('a cancelled booking: its links show the booking, nothing between sessions', async () => {
    await ok(req('POST', `/api/me/bookings/${s.bookingId}/cancel`, therapist()));
    expect((await req('GET', '/api/bookings/me', partner('A'))).status).toBe(200);
    for (const [method, path, json] of partnerRoutes()) {
      expect({ path, status: await status(method, path, partner('A'), json) }).toEqual({ path, status: 409 });
    }
  });
});

describe('BCR requests in the session', () => {
  it('the therapist writes them, an admitted partner reads them, a waiting one may not; LiveKit never gets the text', async () => {
    await ok(req('POST', sessionUrl('join'), therapist(), {}));
    expect(await ok(req('GET', sessionUrl('bcr'), therapist()))).toEqual({ bcr: null });
    expect(await ok(req('PUT', sessionUrl('bcr'), therapist(), BCR))).toEqual({ bcr: BCR });

    await ok(req('POST', sessionUrl('join'), partner('A'), {}), 202);
    await ok(req('POST', sessionUrl('join'), partner('B'), {}), 202);
    await ok(req('POST', sessionUrl('admit'), therapist(), { seat: 'A' }));
    const read = await req('GET', sessionUrl('bcr'), partner('A'));
    expect(read.headers.get('cache-control')).toBe('no-store');
    expect(await ok(read)).toEqual({ bcr: BCR });
    const waiting = await req('GET', sessionUrl('bcr'), partner('B'));
    expect(waiting.status).toBe(403);
    expect(await waiting.text()).not.toContain('Sunday');

    // A partner cannot write them; the therapist changes the choice.
    expect((await req('PUT', sessionUrl('bcr'), partner('A'), BCR)).status).toBe(401);
    await ok(req('PUT', sessionUrl('bcr'), therapist(), { ...BCR, chosen: 2 }));
    expect(await ok(req('GET', sessionUrl('bcr'), partner('A')))).toMatchObject({ bcr: { chosen: 2 } });

    // The overlay's requests card carries the choice only; the texts never reach LiveKit.
    await ok(req('POST', sessionUrl('overlay'), therapist(), { baseVersion: 1, action: { type: 'selectProcess', processId: 'behavior-change-request' } }));
    expect(s.fake.calls.length).toBeGreaterThan(0);
    for (const text of BCR.requests) {
      for (const call of s.fake.calls) expect(call.raw).not.toContain(text.slice(0, 12));
    }
    const timeline = await req('GET', sessionUrl('timeline'), therapist());
    expect(await timeline.text()).not.toContain('Sunday');
  });
});

describe('personal links after the session', () => {
  it('keep working for the couple space until the data is deleted; joining and changes are still refused', async () => {
    const invite = await s.api.deps.table.get<{ expiresAt: number }>(inviteKey(s.tokens.A).pk, 'INVITE');
    const booking = await s.api.deps.table.get<{ expiresAt: number }>(bookingKey(s.bookingId).pk, 'BOOKING');
    expect(invite!.expiresAt).toBe(booking!.expiresAt);

    afterEnd(30 * DAY);
    expect((await between('A')).seat).toBe('A');
    expect((await addCaring('B', 'a month later')).status).toBe(200);
    const join = await req('POST', sessionUrl('join'), partner('A'), {});
    expect(join.status).toBe(409);
    expect(await join.json()).toMatchObject({ error: { code: 'not_open' } });
    expect(await ok(req('GET', '/api/bookings/me', partner('A')))).toMatchObject({ canChange: false });
    for (const what of ['cancel', 'reschedule']) {
      const res = await req('POST', `/api/bookings/me/${what}`, partner('A'), what === 'reschedule' ? { start: '2027-03-01T10:00:00Z' } : undefined);
      expect({ what, status: res.status }).toEqual({ what, status: 409 });
      expect(await res.json()).toMatchObject({ error: { code: 'session_over' } });
    }

    // Past the booking's retention, the link is gone with the data.
    s.api.clock.now = new Date(booking!.expiresAt * 1000 + 1000);
    expect((await req('GET', '/api/bookings/me/between', partner('A'))).status).toBe(401);
  });

  it('a reschedule moves the links and the items written before it along with the booking', async () => {
    at(-3 * DAY);
    await ok(addCaring('A', 'Bring her tea'));
    await ok(addCaring('B', 'Ask about his day'));
    await ok(req('PUT', sessionUrl('bcr'), therapist(), BCR));
    const { slots } = await ok<{ slots: { start: string }[] }>(req('GET', `/api/therapists/${s.therapist.slug}/slots?from=${new Date(Date.parse(s.start) + 7 * DAY).toISOString()}`, {}));
    await ok(req('POST', '/api/bookings/me/reschedule', partner('A'), { start: slots[0]!.start }));
    const booking = await s.api.deps.table.get<{ expiresAt: number; end: string }>(bookingKey(s.bookingId).pk, 'BOOKING');
    expect(booking!.end).not.toBe(s.end);
    for (const seat of ['A', 'B'] as const) {
      const invite = await s.api.deps.table.get<{ expiresAt: number }>(inviteKey(s.tokens[seat]).pk, 'INVITE');
      expect(invite!.expiresAt).toBe(booking!.expiresAt);
    }
    // Written before the reschedule, they now expire with the booking (not before it, not after).
    const items = await s.api.deps.table.query<{ sk: string; expiresAt: number }>({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': sessionPk(s.bookingId) },
    });
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const item of items) expect(item.expiresAt, item.sk).toBe(booking!.expiresAt);
    expect((await between('A')).caring.A.map((c) => c.text)).toEqual(['Bring her tea']);
  });

  it('erasing the booking removes the worksheet, both lists, the practice records and the BCR', async () => {
    await runSession();
    afterEnd(DAY);
    await ok(req('PUT', worksheetUrl(), therapist(), { baseVersion: 0, note: 'n' }));
    await ok(req('POST', worksheetUrl('share'), therapist()));
    await ok(addCaring('A', 'a'));
    await ok(addCaring('B', 'b'));
    await ok(req('PUT', `/api/me/bookings/${s.bookingId}/practice-processes`, therapist(), { processIds: ['appreciation'] }));
    await ok(req('POST', '/api/bookings/me/practice', partner('A'), { processId: 'appreciation', seconds: 60, at: s.api.clock.now.toISOString() }), 201);

    const partition = () =>
      s.api.deps.table.query<{ sk: string }>({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': sessionPk(s.bookingId) },
      });
    const before = (await partition()).map((i) => i.sk.replace(/#\d{4}-.*$/, '#…'));
    for (const sk of ['WORKSHEET#DRAFT', 'WORKSHEET#SHARED', 'CARING#A', 'CARING#B', 'PRACTICE#…', 'PRACTICE#COUNT', 'PRACTICE#PROCESSES', 'BCR']) {
      expect(before).toContain(sk);
    }
    expect((await req('DELETE', `/api/me/bookings/${s.bookingId}`, therapist())).status).toBe(204);
    expect(await partition()).toEqual([]);
    expect((await req('GET', '/api/bookings/me/between', partner('A'))).status).toBe(401);
    expect((await req('GET', worksheetUrl(), therapist())).status).toBe(404);
  });
});

describe('round trips', () => {
  it('partner space 2 (3 with an invite written before invites named the therapist), caring add 3, worksheet read 2 once saved, BCR read 1 and write 2', async () => {
    const meter = meterTable(s.api.deps.table);
    try {
      await ok(req('PUT', worksheetUrl(), therapist(), { baseVersion: 0, note: 'n' }));
      meter.take();

      // The invite, then the booking, the items and the therapist in one batch beside the records.
      const space = await between('A');
      expect(meter.take()).toMatchObject({ roundTrips: 2 });
      const invite = inviteKey(s.tokens.B);
      await s.api.deps.table.update({ Key: invite, UpdateExpression: 'REMOVE therapistId' });
      meter.take();
      expect(await between('B')).toEqual({ ...space, seat: 'B' });
      expect(meter.take()).toMatchObject({ roundTrips: 3 });
      await ok(addCaring('A', 'x'));
      expect(meter.take()).toMatchObject({ roundTrips: 3 });
      await worksheet();
      expect(meter.take()).toMatchObject({ roundTrips: 2 });
      await ok(req('PUT', sessionUrl('bcr'), therapist(), BCR));
      expect(meter.take()).toMatchObject({ roundTrips: 2 });
      await ok(req('GET', sessionUrl('bcr'), therapist()));
      expect(meter.take()).toMatchObject({ roundTrips: 1 });
    } finally {
      meter.restore();
    }
  });
});
