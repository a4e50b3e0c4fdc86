import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { readCalendar } from '../../functions/booking/calendar';
import { getBooking, putMarker, staleMarkers } from '../../functions/booking/repo';
import { runScheduledJob } from '../../functions/reminders/job';
import { bookPublic, couple, setUpTherapist, startTestApi, tokenOf, type TestApi } from '../helpers/api';

/**
 * Booking changes that race each other on the same booking, with the interleaving forced: a
 * request is held just before a chosen table call until the other request got somewhere.
 */
let api: TestApi;
let t: { cookie: string; slug: string; id: string };

type Command = { constructor: { name: string }; input: Record<string, unknown> };
const holds: { when: (c: Command) => boolean; reached: () => void; release: Promise<void> }[] = [];

/**
 * Holds the next table call matching `when` (after letting `skip` matching calls pass) until
 * `release()`; `reached` resolves when it is held.
 */
function holdAt(when: (c: Command) => boolean, skip = 0) {
  let reached!: () => void;
  let release!: () => void;
  const reachedP = new Promise<void>((r) => (reached = r));
  const releaseP = new Promise<void>((r) => (release = r));
  let seen = 0;
  holds.push({ when: (c) => when(c) && seen++ >= skip, reached, release: releaseP });
  return { reached: reachedP, release };
}

const isIntentWrite = (c: Command) =>
  c.constructor.name === 'UpdateCommand' && String(c.input.UpdateExpression).includes('reschedule =');
const isCalendarRead = (c: Command) =>
  c.constructor.name === 'GetCommand' && (c.input.Key as { sk: string }).sk === 'CALENDAR';

beforeEach(async () => {
  await api?.close();
  api = await startTestApi({ now: new Date('2026-12-01T06:00:00Z') });
  t = await setUpTherapist(api, 'races@example.com', { slug: 'races', bufferMinutes: 15, sessionMinutes: 45 });
  const doc = api.deps.table.doc;
  const send = doc.send.bind(doc) as (c: Command) => Promise<unknown>;
  (doc as unknown as { send: (c: Command) => Promise<unknown> }).send = async (c: Command) => {
    const i = holds.findIndex((h) => h.when(c));
    if (i >= 0) {
      const [h] = holds.splice(i, 1);
      h!.reached();
      await h!.release;
    }
    return send(c);
  };
});
afterAll(() => api.close());

const reschedule = (token: string, start: string) =>
  api.request('/api/bookings/me/reschedule', { method: 'POST', bearer: token, json: { start } });
const cancel = (token: string) => api.request('/api/bookings/me/cancel', { method: 'POST', bearer: token });
const slotStarts = async () =>
  ((await (await api.request('/api/therapists/races/slots?from=2026-12-03T00:00:00Z&to=2026-12-04T00:00:00Z')).json()) as { slots: { start: string }[] }).slots.map((s) => s.start);

async function expectConsistent(bookingId: string) {
  const b = (await getBooking(api.deps.table, bookingId, api.clock.now))!;
  const held = (await readCalendar(api.deps.table, t.id)).filter((i) => i.id === bookingId);
  if (b.status === 'confirmed') {
    expect(held).toEqual([{ id: bookingId, s: Date.parse(b.start), e: Date.parse(b.end) }]);
    expect(await slotStarts()).not.toContain(b.start);
  } else {
    expect(held).toEqual([]);
  }
  expect(b.reschedule).toBeUndefined();
  expect(await staleMarkers(api.deps.table, new Date('2100-01-01T00:00:00Z'))).toEqual([]);
  return b;
}

describe('two changes of one booking at the same moment', () => {
  it('reschedule vs reschedule: one wins, the other is a 409, and the calendar holds the booking’s own time', async () => {
    const { body } = await bookPublic(api, 'races', '2026-12-03T07:00:00.000Z');
    const ann = tokenOf(body.manageUrl);
    const ben = tokenOf(api.mailer.messages.find((m) => m.to === 'ben@example.com')!.links[0]!);
    // Both read the booking and pass every check; the first then waits at its intent write until
    // the second has written its own.
    const first = holdAt(isIntentWrite);
    const a = reschedule(ann, '2026-12-03T09:00:00.000Z');
    await first.reached;
    // The second one is held at the calendar move, after its own intent write (its first calendar
    // read checks the slot).
    const second = holdAt(isCalendarRead, 1);
    const b = reschedule(ben, '2026-12-03T10:00:00.000Z');
    await Promise.race([second.reached, b]);
    first.release();
    second.release();
    const statuses = [(await a).status, (await b).status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = (await (await a).json()) as { error?: { code: string } };
    const loserB = (await (await b).json()) as { error?: { code: string } };
    expect([loser.error?.code, loserB.error?.code]).toContain('version_conflict');
    const booking = await expectConsistent(body.booking.id);
    expect(['2026-12-03T09:00:00.000Z', '2026-12-03T10:00:00.000Z']).toContain(booking.start);
    expect(await slotStarts()).toContain('2026-12-03T07:00:00.000Z');
  });

  it('reschedule vs cancel: the cancel wins over a reschedule in flight, which answers 409 and holds nothing', async () => {
    const { body } = await bookPublic(api, 'races', '2026-12-03T07:00:00.000Z');
    const token = tokenOf(body.manageUrl);
    // The reschedule has written its intent and is about to move the calendar when the cancel runs.
    const hold = holdAt(isCalendarRead, 1);
    const moving = reschedule(token, '2026-12-03T09:00:00.000Z');
    await hold.reached;
    const cancelled = await cancel(token);
    hold.release();
    const moved = await moving;
    expect(cancelled.status).toBe(200);
    expect(moved.status).toBe(409);
    const b = await expectConsistent(body.booking.id);
    expect(b.status).toBe('cancelled');
    expect(await slotStarts()).toEqual(expect.arrayContaining(['2026-12-03T07:00:00.000Z', '2026-12-03T09:00:00.000Z']));
  });

  it('cancel vs reschedule: a reschedule that read the booking before the cancel gets 409 and books nothing', async () => {
    const { body } = await bookPublic(api, 'races', '2026-12-03T07:00:00.000Z');
    const token = tokenOf(body.manageUrl);
    const hold = holdAt(isIntentWrite);
    const moving = reschedule(token, '2026-12-03T09:00:00.000Z');
    await hold.reached;
    expect((await cancel(token)).status).toBe(200);
    hold.release();
    expect((await moving).status).toBe(409);
    expect((await expectConsistent(body.booking.id)).status).toBe('cancelled');
  });

  it('therapist cancel vs partner cancel: one 200, one 409, one cancellation email each', async () => {
    const { body } = await bookPublic(api, 'races', '2026-12-03T07:00:00.000Z', { partners: couple('c1@example.com', null) });
    const hold = holdAt((c) => c.constructor.name === 'UpdateCommand' && String(c.input.UpdateExpression).includes(':c'));
    const partner = cancel(tokenOf(body.manageUrl));
    await hold.reached;
    const therapist = await api.request(`/api/me/bookings/${body.booking.id}/cancel`, { method: 'POST', cookie: t.cookie });
    hold.release();
    expect([therapist.status, (await partner).status].sort()).toEqual([200, 409]);
    await expectConsistent(body.booking.id);
    expect(api.mailer.messages.filter((m) => m.to === 'c1@example.com' && m.subject.includes('cancelled'))).toHaveLength(1);
  });

  it('many reschedules of one booking at once never leave it without its time or with two', async () => {
    const { body } = await bookPublic(api, 'races', '2026-12-03T07:00:00.000Z');
    const token = tokenOf(body.manageUrl);
    const targets = (await slotStarts()).slice(0, 6);
    const results = await Promise.all(targets.map((s) => reschedule(token, s)));
    for (const r of results) expect([200, 409]).toContain(r.status);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    await expectConsistent(body.booking.id);
  });
});

describe('the job and a live change of the same booking', () => {
  const isApply = (c: Command) => c.constructor.name === 'UpdateCommand' && String(c.input.UpdateExpression).includes('#start = :s');
  for (const [where, when, skip] of [
    ['before its calendar move', isCalendarRead, 1],
    ['between its calendar move and its apply', isApply, 0],
  ] as const) {
    it(`settling a dead reschedule leaves a live one alone (${where})`, async () => {
      const { body } = await bookPublic(api, 'races', '2026-12-03T07:00:00.000Z');
      // A reschedule that died 3 minutes ago before its intent write: only its marker is left.
      const died = new Date(api.clock.now.getTime() - 3 * 60_000);
      await putMarker(api.deps.table, { bookingId: body.booking.id, therapistId: t.id, op: 'reschedule', start: '2026-12-03T10:00:00.000Z' }, died);
      const hold = holdAt(when, skip);
      const moving = reschedule(tokenOf(body.manageUrl), '2026-12-03T09:00:00.000Z');
      await hold.reached;
      await runScheduledJob(api.deps);
      hold.release();
      expect((await moving).status).toBe(200);
      expect((await expectConsistent(body.booking.id)).start).toBe('2026-12-03T09:00:00.000Z');
    });
  }
});

describe('a crash in the middle of a reschedule', () => {
  const crashAt = (point: string) => {
    api.deps.crashPoint = (p) => {
      if (p === point) throw new Error(`simulated crash at ${p}`);
    };
  };

  it('after the intent: other changes wait for the job, which keeps the booking at its old time', async () => {
    const { body } = await bookPublic(api, 'races', '2026-12-03T07:00:00.000Z');
    const token = tokenOf(body.manageUrl);
    crashAt('reschedule:after-intent');
    expect((await reschedule(token, '2026-12-03T09:00:00.000Z')).status).toBe(500);
    api.deps.crashPoint = undefined;
    const again = await reschedule(token, '2026-12-03T10:00:00.000Z');
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'change_in_progress' } });
    api.clock.now = new Date(api.clock.now.getTime() + 3 * 60_000);
    await runScheduledJob(api.deps);
    const b = await expectConsistent(body.booking.id);
    expect(b.start).toBe('2026-12-03T07:00:00.000Z');
    expect((await reschedule(token, '2026-12-03T10:00:00.000Z')).status).toBe(200);
    expect((await expectConsistent(body.booking.id)).start).toBe('2026-12-03T10:00:00.000Z');
  });

  it('after the calendar move: the job gives the booking its new time and tells the couple', async () => {
    const { body } = await bookPublic(api, 'races', '2026-12-03T07:00:00.000Z', { partners: couple('moved@example.com', null) });
    crashAt('reschedule:after-claim');
    expect((await reschedule(tokenOf(body.manageUrl), '2026-12-03T09:00:00.000Z')).status).toBe(500);
    api.deps.crashPoint = undefined;
    expect(api.mailer.messages.filter((m) => m.to === 'moved@example.com' && m.subject.includes('new time'))).toHaveLength(0);
    api.clock.now = new Date(api.clock.now.getTime() + 3 * 60_000);
    await runScheduledJob(api.deps);
    expect((await expectConsistent(body.booking.id)).start).toBe('2026-12-03T09:00:00.000Z');
    expect(api.mailer.messages.filter((m) => m.to === 'moved@example.com' && m.subject.includes('new time'))).toHaveLength(1);
  });
});
