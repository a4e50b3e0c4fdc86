/**
 * The slots route reads one item: the slug item's snapshot of the profile's slot settings and the
 * calendar's busy times (functions/therapists/slug.ts). These tests hold the snapshot to what the
 * profile and the calendar say, through bookings, cancellations, settings and slug changes, and
 * a crash between a calendar write and its copy.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { bookPublic, setUpTherapist, startTestApi, tokenOf, type TestApi } from '../helpers/api';
import { meterTable } from '../helpers/round-trips';
import { runScheduledJob } from '../../functions/reminders/job';

let api: TestApi;
let t: { cookie: string; slug: string; id: string };

beforeEach(async () => {
  await api?.close();
  api = await startTestApi({ now: new Date('2026-12-01T06:00:00Z') });
  t = await setUpTherapist(api, 'page@example.com', { slug: 'page' });
});
afterAll(() => api.close());

const DAY = '2026-12-02';
const slotsOf = async (slug: string) => {
  const res = await api.request(`/api/therapists/${slug}/slots?from=${DAY}T00:00:00Z&to=${DAY}T23:59:00Z`);
  return { status: res.status, starts: res.status === 200 ? ((await res.json()) as { slots: { start: string }[] }).slots.map((s) => s.start) : [] };
};
/** The same answer from the profile and the calendar themselves: the snapshot removed. */
const withoutSnapshot = async (slug: string) => {
  await api.deps.table.update({ Key: { pk: `SLUG#${slug}`, sk: 'SLUG' }, UpdateExpression: 'REMOVE busy, busyVersion' });
  return slotsOf(slug);
};

describe('the booking page snapshot', () => {
  it('answers slots with one GetItem, the same slots the profile and the calendar give', async () => {
    await bookPublic(api, 'page', `${DAY}T10:00:00.000Z`);
    const meter = meterTable(api.deps.table);
    const fromSnapshot = await slotsOf('page');
    const m = meter.take();
    meter.restore();
    expect(m.operations).toEqual(['Get']);
    expect(fromSnapshot.starts).not.toContain(`${DAY}T10:00:00.000Z`);
    expect(fromSnapshot.starts.length).toBeGreaterThan(3);
    expect(await withoutSnapshot('page')).toEqual(fromSnapshot);
  });

  it('follows bookings and cancellations', async () => {
    const { body } = await bookPublic(api, 'page', `${DAY}T09:00:00.000Z`);
    expect((await slotsOf('page')).starts).not.toContain(`${DAY}T09:00:00.000Z`);
    const cancel = await api.request('/api/bookings/me/cancel', { method: 'POST', bearer: tokenOf(body.manageUrl) });
    expect(cancel.status).toBe(200);
    expect((await slotsOf('page')).starts).toContain(`${DAY}T09:00:00.000Z`);
  });

  it('follows settings: new hours show at once', async () => {
    const before = await slotsOf('page');
    const put = await api.request('/api/me/availability', {
      method: 'PUT',
      cookie: t.cookie,
      json: { weekly: [{ day: 3, start: '12:00', end: '14:00' }], overrides: [] },
    });
    expect(put.status).toBe(200);
    const after = await slotsOf('page');
    expect(after.starts).not.toEqual(before.starts);
    expect(after).toEqual(await withoutSnapshot('page'));
  });

  it('moves with a slug change: the old address serves nothing, the new one the calendar’s times', async () => {
    await bookPublic(api, 'page', `${DAY}T10:00:00.000Z`);
    const patch = await api.request('/api/me', { method: 'PATCH', cookie: t.cookie, json: { slug: 'page-new' } });
    expect(patch.status).toBe(200);
    expect((await slotsOf('page')).status).toBe(404);
    const moved = await slotsOf('page-new');
    expect(moved.status).toBe(200);
    expect(moved.starts).not.toContain(`${DAY}T10:00:00.000Z`);
    // Bookings after the move reach the new page's snapshot.
    await bookPublic(api, 'page-new', `${DAY}T12:00:00.000Z`);
    expect((await slotsOf('page-new')).starts).not.toContain(`${DAY}T12:00:00.000Z`);
  });

  it('a crash between the calendar write and its copy: the view is repaired by the job', async () => {
    const { body } = await bookPublic(api, 'page', `${DAY}T09:00:00.000Z`);
    const doc = api.deps.table.doc as unknown as { send: (c: { constructor: { name: string }; input: { Key?: { pk: string } } }) => Promise<unknown> };
    const send = doc.send.bind(doc);
    doc.send = async (c) => {
      if (c.constructor.name === 'UpdateCommand' && c.input.Key?.pk === 'SLUG#page') throw new Error('simulated crash');
      return send(c);
    };
    const cancel = await api.request('/api/bookings/me/cancel', { method: 'POST', bearer: tokenOf(body.manageUrl) });
    doc.send = send;
    expect(cancel.status).toBe(500);
    // Stale meanwhile: the view still shows the time as taken (never the other way round here).
    expect((await slotsOf('page')).starts).not.toContain(`${DAY}T09:00:00.000Z`);
    api.clock.now = new Date(api.clock.now.getTime() + 3 * 60_000);
    await runScheduledJob(api.deps);
    expect((await slotsOf('page')).starts).toContain(`${DAY}T09:00:00.000Z`);
  });
});
