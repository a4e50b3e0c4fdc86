import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { inviteKey } from '../../functions/auth/middleware';
import { readCalendar } from '../../functions/booking/calendar';
import { bookingKey } from '../../functions/booking/repo';
import { sessionPk } from '../../functions/sessions/repo';
import { runScheduledJob } from '../../functions/reminders/job';
import { bookPublic, couple, setUpTherapist, startTestApi, tokenOf, type TestApi } from '../helpers/api';

let api: TestApi;
let t: { cookie: string; slug: string; id: string };
const crashAt = (point: string) => {
  api.deps.crashPoint = (p) => {
    if (p === point) throw new Error(`simulated crash at ${p}`);
  };
};

beforeEach(async () => {
  await api?.close();
  api = await startTestApi({ now: new Date('2026-12-01T06:00:00Z') });
  t = await setUpTherapist(api, 'crash@example.com', { slug: 'crash' });
});
afterAll(() => api.close());

const later = (minutes: number) => {
  api.clock.now = new Date(api.clock.now.getTime() + minutes * 60_000);
};
const slotStarts = async (day: string) =>
  ((await (await api.request(`/api/therapists/crash/slots?from=${day}T00:00:00Z&to=${day}T23:59:00Z`)).json()) as { slots: { start: string }[] }).slots.map((s) => s.start);

describe('a crash between two writes', () => {
  it('after the calendar claim of a new booking: no booking is confirmed, and the job frees the time', async () => {
    crashAt('create:after-claim');
    const res = await api.request('/api/therapists/crash/bookings', {
      method: 'POST',
      json: { start: '2026-12-02T08:00:00.000Z', partners: couple(), locale: 'en', consent: { privacy: true, telehealth: true } },
    });
    expect(res.status).toBe(500);
    api.deps.crashPoint = undefined;
    // The time stays safely blocked until the job settles it; nobody can double-book it meanwhile.
    expect(await slotStarts('2026-12-02')).not.toContain('2026-12-02T08:00:00.000Z');
    expect(api.mailer.messages.filter((m) => m.to === 'ann@example.com')).toHaveLength(0);
    later(3);
    const result = await runScheduledJob(api.deps);
    expect(result.settled).toBe(1);
    expect(await readCalendar(api.deps.table, t.id)).toHaveLength(0);
    expect(await slotStarts('2026-12-02')).toContain('2026-12-02T08:00:00.000Z');
    const { res: again } = await bookPublic(api, 'crash', '2026-12-02T08:00:00.000Z');
    expect(again.status).toBe(201);
  });

  it('before the claim: nothing is held at all', async () => {
    crashAt('create:after-pending');
    await bookPublic(api, 'crash', '2026-12-02T08:00:00.000Z');
    api.deps.crashPoint = undefined;
    expect(await readCalendar(api.deps.table, t.id)).toHaveLength(0);
    const { res } = await bookPublic(api, 'crash', '2026-12-02T08:00:00.000Z');
    expect(res.status).toBe(201);
  });

  it('after the confirmation, before the emails: the job sends them, so no booking stays unannounced', async () => {
    crashAt('create:after-confirm');
    const res = await api.request('/api/therapists/crash/bookings', {
      method: 'POST',
      json: { start: '2026-12-02T08:00:00.000Z', partners: couple(), locale: 'en', consent: { privacy: true, telehealth: true } },
    });
    expect(res.status).toBe(500);
    api.deps.crashPoint = undefined;
    expect(api.mailer.messages.filter((m) => m.to === 'ann@example.com')).toHaveLength(0);
    later(3);
    await runScheduledJob(api.deps);
    const sent = api.mailer.messages.filter((m) => m.subject.includes('is booked'));
    expect(sent.map((m) => m.to).sort()).toEqual(['ann@example.com', 'ben@example.com']);
    expect(await slotStarts('2026-12-02')).not.toContain('2026-12-02T08:00:00.000Z');
  });

  it('after a cancellation’s status write: the time is never double-booked and is freed by the job', async () => {
    const { body } = await bookPublic(api, 'crash', '2026-12-03T08:00:00.000Z');
    crashAt('cancel:after-status');
    const res = await api.request('/api/bookings/me/cancel', { method: 'POST', bearer: tokenOf(body.manageUrl) });
    expect(res.status).toBe(500);
    api.deps.crashPoint = undefined;
    const { res: meanwhile } = await bookPublic(api, 'crash', '2026-12-03T08:00:00.000Z', { partners: couple('x@example.com', 'y@example.com') });
    expect(meanwhile.status).toBe(409);
    expect(api.mailer.messages.filter((m) => m.subject.includes('is cancelled'))).toHaveLength(0);
    later(3);
    await runScheduledJob(api.deps);
    const { res: after } = await bookPublic(api, 'crash', '2026-12-03T08:00:00.000Z', { partners: couple('x@example.com', 'y@example.com') });
    expect(after.status).toBe(201);
    // The couple hears of the cancellation from the job; their links no longer open the session.
    const told = api.mailer.messages.filter((m) => m.subject.includes('is cancelled')).map((m) => m.to);
    expect(told.sort()).toEqual(['ann@example.com', 'ben@example.com']);
    const join = await api.request(`/api/sessions/${body.booking.id}/join`, { method: 'POST', bearer: tokenOf(body.manageUrl), json: {} });
    expect(join.status).toBe(409);
  });

  it('after a reschedule’s calendar swap: the booking follows the calendar, one interval only', async () => {
    const { body } = await bookPublic(api, 'crash', '2026-12-03T08:00:00.000Z');
    const token = tokenOf(body.manageUrl);
    crashAt('reschedule:after-claim');
    const res = await api.request('/api/bookings/me/reschedule', { method: 'POST', bearer: token, json: { start: '2026-12-03T10:00:00.000Z' } });
    expect(res.status).toBe(500);
    api.deps.crashPoint = undefined;
    later(3);
    await runScheduledJob(api.deps);
    const view = (await (await api.request('/api/bookings/me', { bearer: token })).json()) as { booking: { start: string } };
    expect(view.booking.start).toBe('2026-12-03T10:00:00.000Z');
    const calendar = await readCalendar(api.deps.table, t.id);
    expect(calendar).toHaveLength(1);
    expect(new Date(calendar[0]!.s).toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(await slotStarts('2026-12-03')).toContain('2026-12-03T08:00:00.000Z');
  });
});

describe('a crash after a reschedule is written', () => {
  it('the job moves the links and the session items written before it to the new expiry', async () => {
    const { body } = await bookPublic(api, 'crash', '2026-12-03T08:00:00.000Z');
    const token = tokenOf(body.manageUrl);
    const caring = await api.request('/api/bookings/me/caring', { method: 'POST', bearer: token, json: { text: 'Tea in the morning', rating: 4 } });
    expect(caring.status).toBe(200);
    crashAt('reschedule:after-apply');
    const res = await api.request('/api/bookings/me/reschedule', { method: 'POST', bearer: token, json: { start: '2026-12-04T10:00:00.000Z' } });
    expect(res.status, await res.clone().text()).toBe(500);
    api.deps.crashPoint = undefined;
    later(3);
    await runScheduledJob(api.deps);
    const booking = await api.deps.table.get<{ start: string; expiresAt: number }>(bookingKey(body.booking.id).pk, 'BOOKING');
    expect(booking!.start).toBe('2026-12-04T10:00:00.000Z');
    const invite = await api.deps.table.get<{ expiresAt: number }>(inviteKey(token).pk, 'INVITE');
    expect(invite!.expiresAt).toBe(booking!.expiresAt);
    const items = await api.deps.table.query<{ sk: string; expiresAt: number }>({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': sessionPk(body.booking.id) },
    });
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.expiresAt, item.sk).toBe(booking!.expiresAt);
  });
});

describe('reminders', () => {
  it('sends the 24 h and 1 h reminders exactly once each, even with overlapping job runs', async () => {
    await bookPublic(api, 'crash', '2026-12-04T08:00:00.000Z', { partners: couple('rem@example.com', null) });
    api.clock.now = new Date('2026-12-03T08:01:00Z');
    const runs = await Promise.all([runScheduledJob(api.deps), runScheduledJob(api.deps), runScheduledJob(api.deps)]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(api.mailer.messages.filter((m) => m.to === 'rem@example.com' && m.subject.startsWith('Tomorrow'))).toHaveLength(1);
    await runScheduledJob(api.deps);
    api.clock.now = new Date('2026-12-04T07:05:00Z');
    await Promise.all([runScheduledJob(api.deps), runScheduledJob(api.deps)]);
    await runScheduledJob(api.deps);
    expect(api.mailer.messages.filter((m) => m.to === 'rem@example.com' && m.subject.startsWith('In one hour'))).toHaveLength(1);
    expect(api.mailer.messages.find((m) => m.subject.startsWith('In one hour'))!.links[0]).toMatch(/\/manage#token=/);
  });

  it('sends no reminder for a cancelled booking and follows a rescheduled one', async () => {
    const { body: a } = await bookPublic(api, 'crash', '2026-12-04T08:00:00.000Z', { partners: couple('gone@example.com', null) });
    const { body: b } = await bookPublic(api, 'crash', '2026-12-04T10:00:00.000Z', { partners: couple('moved@example.com', null) });
    await api.request('/api/bookings/me/cancel', { method: 'POST', bearer: tokenOf(a.manageUrl) });
    await api.request('/api/bookings/me/reschedule', { method: 'POST', bearer: tokenOf(b.manageUrl), json: { start: '2026-12-04T13:00:00.000Z' } });
    api.clock.now = new Date('2026-12-03T10:30:00Z');
    await runScheduledJob(api.deps);
    expect(api.mailer.messages.filter((m) => m.subject.startsWith('Tomorrow'))).toHaveLength(0);
    api.clock.now = new Date('2026-12-03T13:00:00Z');
    await runScheduledJob(api.deps);
    expect(api.mailer.messages.filter((m) => m.to === 'moved@example.com' && m.subject.startsWith('Tomorrow'))).toHaveLength(1);
    expect(api.mailer.messages.filter((m) => m.to === 'gone@example.com' && m.subject.startsWith('Tomorrow'))).toHaveLength(0);
  });
});
