/**
 * Model-based concurrency test of the booking operations against dynalite.
 *
 * Each case starts a few bookings, then runs a random set of operations at once — public book,
 * therapist book, partner reschedule, partner cancel, therapist cancel, erase and the scheduled
 * job — some of them "crashing" before their n-th table call (the process dies: no later write,
 * no cleanup). fast-check's scheduler decides which operation takes its next step; a picked
 * operation runs a generated number of table calls before it parks again (long runs make the
 * "one request gets far while another waits" interleavings likely). Nothing else runs meanwhile,
 * so one case is one reproducible interleaving at table-call granularity.
 *
 * The job only settles markers of operations that are no longer running, as deployed (markers
 * older than 2 minutes; the API function times out after 15 s): each operation has its own
 * clock, 3 minutes apart, and the job's clock is set so that only finished operations' markers
 * look old to it.
 *
 * After every operation has finished and a final job has run, the invariants are checked:
 * - no two confirmed bookings of the therapist overlap; two placed by the public rules keep the
 *   buffer between them;
 * - the calendar holds exactly the confirmed bookings' intervals;
 * - no pending marker, no pending booking, no reschedule half-done is left;
 * - no 5xx except from an operation that crashed;
 * - every confirmed booking's partners were emailed its current time with their link, every
 *   cancelled one's partners the cancellation, and no email went out for a booking that was
 *   refused or rolled back.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readCalendar } from '../../functions/booking/calendar';
import { formatWhen } from '../../functions/booking/emails';
import { inviteToken, staleMarkers, type BookingItem } from '../../functions/booking/repo';
import { runScheduledJob } from '../../functions/reminders/job';
import { setUpTherapist, startTestApi, type TestApi } from '../helpers/api';

/** Cases per run (60 % on one booking, 40 % on a whole calendar); about 30 s on two shared cores. */
const RUNS = Number(process.env.BOOKING_MODEL_RUNS ?? 200);
const BASE = Date.parse('2026-12-01T06:00:00Z');
const OP_SPACING_MS = 3 * 60_000;
const SETTLE_AFTER_MS = 2 * 60_000;
const SESSION_MIN = 50;
const BUFFER_MIN = 15;
const MINUTE = 60_000;

class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

interface OpContext {
  now: Date;
  crashAfter?: number;
  calls: number;
  crashed: boolean;
  /** Table calls this operation still makes before it parks again (runs of several steps). */
  burst: number;
}

const als = new AsyncLocalStorage<OpContext>();
let scheduler: fc.Scheduler | undefined;
/** Run lengths, taken in turn each time an operation is picked (a generated, shrinkable list). */
let bursts: number[] = [0];
let burstIndex = 0;
/** Operations that are neither parked at a gate nor finished. */
let running = 0;

/** Parks the calling operation until the scheduler picks it. */
async function gate(label: string): Promise<void> {
  if (!scheduler) return;
  running--;
  try {
    await scheduler.schedule(Promise.resolve(label), label);
  } finally {
    running++;
  }
}

const nextTick = () => new Promise<void>((r) => setImmediate(r));

/** Runs `tasks` concurrently, letting the scheduler pick one step at a time. */
async function drive(s: fc.Scheduler, tasks: (() => Promise<void>)[]): Promise<void> {
  scheduler = s;
  running = 0;
  let done = false;
  const all = Promise.all(
    tasks.map(async (task) => {
      running++;
      try {
        await task();
      } finally {
        running--;
      }
    }),
  ).then(() => {
    done = true;
  });
  try {
    for (;;) {
      do await nextTick();
      while (running > 0);
      if (done) break;
      if (s.count() === 0) throw new Error('no operation can move on');
      await s.waitNext(1);
    }
    await all;
  } finally {
    scheduler = undefined;
  }
}

type Op =
  | { kind: 'book'; slot: number; crashAfter?: number | null }
  | { kind: 'therapistBook'; slot: number; offset: number; minutes: number; crashAfter?: number | null }
  | { kind: 'reschedule'; target: number; seat: 'A' | 'B'; slot: number; crashAfter?: number | null }
  | { kind: 'cancel'; target: number; seat: 'A' | 'B'; crashAfter?: number | null }
  | { kind: 'therapistCancel'; target: number; crashAfter?: number | null }
  | { kind: 'erase'; target: number; crashAfter?: number | null }
  | { kind: 'job'; crashAfter?: number | null };

const crash = fc.option(fc.nat({ max: 24 }), { freq: 2 });
const seat = fc.constantFrom<'A' | 'B'>('A', 'B');
const slot = fc.nat({ max: 3 });

/** Operations; `target` picks an existing booking (modulo how many are known when it starts). */
function opArb(target: fc.Arbitrary<number>, weights: Partial<Record<Op['kind'], number>> = {}): fc.Arbitrary<Op> {
  const w = { book: 3, therapistBook: 1, reschedule: 4, cancel: 2, therapistCancel: 1, erase: 1, job: 2, ...weights };
  const rec = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }, required: (keyof T)[]) =>
    fc.record(model, { requiredKeys: required }) as unknown as fc.Arbitrary<Op>;
  return fc.oneof(
    { weight: w.book, arbitrary: rec({ kind: fc.constant('book'), slot, crashAfter: crash }, ['kind', 'slot']) },
    {
      weight: w.therapistBook,
      arbitrary: rec(
        { kind: fc.constant('therapistBook'), slot, offset: fc.integer({ min: -40, max: 40 }), minutes: fc.constantFrom(30, 60, 90), crashAfter: crash },
        ['kind', 'slot', 'offset', 'minutes'],
      ),
    },
    { weight: w.reschedule, arbitrary: rec({ kind: fc.constant('reschedule'), target, seat, slot, crashAfter: crash }, ['kind', 'target', 'seat', 'slot']) },
    { weight: w.cancel, arbitrary: rec({ kind: fc.constant('cancel'), target, seat, crashAfter: crash }, ['kind', 'target', 'seat']) },
    { weight: w.therapistCancel, arbitrary: rec({ kind: fc.constant('therapistCancel'), target, crashAfter: crash }, ['kind', 'target']) },
    { weight: w.erase, arbitrary: rec({ kind: fc.constant('erase'), target, crashAfter: crash }, ['kind', 'target']) },
    { weight: w.job, arbitrary: rec({ kind: fc.constant('job'), crashAfter: crash }, ['kind']) },
  );
}

let api: TestApi;
let caseNo = 0;
const stats = { cases: 0, ops: 0, crashes: 0, statuses: new Map<number, number>() };

beforeAll(async () => {
  api = await startTestApi({ now: new Date(BASE) });
  api.deps.now = () => new Date(als.getStore()?.now ?? api.clock.now);
  const doc = api.deps.table.doc;
  const send = doc.send.bind(doc) as (...args: unknown[]) => Promise<unknown>;
  (doc as unknown as { send: (...args: unknown[]) => Promise<unknown> }).send = async (...args: unknown[]) => {
    const op = als.getStore();
    if (op) {
      if (op.crashed) throw new SimulatedCrash('the process is gone');
      if (op.burst > 0) op.burst--;
      else {
        await gate((args[0] as object).constructor.name);
        op.burst = bursts[burstIndex++ % bursts.length]!;
      }
      if (op.crashAfter !== undefined && op.calls >= op.crashAfter) {
        op.crashed = true;
        throw new SimulatedCrash(`crash before table call ${op.calls + 1}`);
      }
      op.calls++;
    }
    return send(...args);
  };
});
afterAll(async () => {
  console.log(
    `booking model: ${stats.cases} cases, ${stats.ops} concurrent operations, ${stats.crashes} simulated crashes; statuses ${JSON.stringify(Object.fromEntries([...stats.statuses].sort()))}`,
  );
  await api?.close();
});

async function runCase(initial: number[], ops: Op[], s: fc.Scheduler, runs: number[]): Promise<void> {
  caseNo++;
  bursts = runs.length ? runs : [0];
  burstIndex = 0;
  stats.cases++;
  api.clock.now = new Date(BASE);
  const n = caseNo;
  const th = await setUpTherapist(api, `model${n}@example.com`, {
    slug: `model-${n}`,
    sessionMinutes: SESSION_MIN,
    bufferMinutes: BUFFER_MIN,
    minNoticeHours: 0,
    cancelWindowHours: 0,
    horizonDays: 60,
    timezone: 'Europe/Tallinn',
  });
  const slotsRes = await api.request(`/api/therapists/model-${n}/slots?from=2026-12-03T00:00:00Z&to=2026-12-04T00:00:00Z`);
  const slots = ((await slotsRes.json()) as { slots: { start: string }[] }).slots.slice(0, 4).map((x) => x.start);
  expect(slots).toHaveLength(4);

  const known: string[] = [];
  const erased = new Set<string>();
  const problems: string[] = [];
  let emailNo = 0;
  const partners = () => {
    emailNo++;
    return [
      { name: 'Ann', email: `c${n}-${emailNo}a@example.com` },
      { name: 'Ben', email: `c${n}-${emailNo}b@example.com` },
    ];
  };
  const book = (start: string, ip: string) =>
    api.request(`/api/therapists/model-${n}/bookings`, {
      method: 'POST',
      ip,
      json: { start, partners: partners(), locale: 'en', consent: { privacy: true, telehealth: true } },
    });

  for (const [i, sl] of initial.entries()) {
    const res = await book(slots[sl]!, `10.${n % 250}.0.${i}`);
    if (res.status === 201) known.push(((await res.json()) as { booking: { id: string } }).booking.id);
  }

  const opTimes = ops.map((_, i) => BASE + (i + 1) * OP_SPACING_MS);
  const finished = ops.map(() => false);
  const pick = (t: number) => (known.length ? known[t % known.length] : undefined);
  const tokenOf = (id: string, st: 'A' | 'B') => inviteToken(api.deps.config.signingKey, id, st);

  const run = async (op: Op, i: number) => {
    const ctx: OpContext = { now: new Date(opTimes[i]!), crashAfter: op.crashAfter ?? undefined, calls: 0, crashed: false, burst: 0 };
    const label = `${i}:${JSON.stringify(op)}`;
    try {
      await als.run(ctx, async () => {
        await gate(`start ${label}`);
        let res: Response | undefined;
        const ip = `10.${n % 250}.${i + 1}.1`;
        switch (op.kind) {
          case 'book':
            res = await book(slots[op.slot]!, ip);
            if (res.status === 201) known.push(((await res.clone().json()) as { booking: { id: string } }).booking.id);
            break;
          case 'therapistBook': {
            const start = new Date(Date.parse(slots[op.slot]!) + op.offset * MINUTE).toISOString();
            res = await api.request('/api/me/bookings', {
              method: 'POST',
              cookie: th.cookie,
              json: { start, durationMinutes: op.minutes, partners: partners(), locale: 'en' },
            });
            if (res.status === 201) known.push(((await res.clone().json()) as { booking: { id: string } }).booking.id);
            break;
          }
          case 'reschedule': {
            const id = pick(op.target);
            if (!id) return;
            res = await api.request('/api/bookings/me/reschedule', { method: 'POST', ip, bearer: tokenOf(id, op.seat), json: { start: slots[op.slot] } });
            break;
          }
          case 'cancel': {
            const id = pick(op.target);
            if (!id) return;
            res = await api.request('/api/bookings/me/cancel', { method: 'POST', ip, bearer: tokenOf(id, op.seat) });
            break;
          }
          case 'therapistCancel': {
            const id = pick(op.target);
            if (!id) return;
            res = await api.request(`/api/me/bookings/${id}/cancel`, { method: 'POST', cookie: th.cookie });
            break;
          }
          case 'erase': {
            const id = pick(op.target);
            if (!id) return;
            erased.add(id);
            res = await api.request(`/api/me/bookings/${id}`, { method: 'DELETE', cookie: th.cookie });
            break;
          }
          case 'job': {
            // Only operations that are over (here: finished or crashed) have markers this old.
            const alive = opTimes.filter((_, k) => !finished[k] && ops[k]!.kind !== 'job');
            const oldestAlive = alive.length ? Math.min(...alive) : opTimes.at(-1)! + OP_SPACING_MS;
            ctx.now = new Date(oldestAlive + SETTLE_AFTER_MS - 1);
            try {
              await runScheduledJob(api.deps);
            } catch (err) {
              if (!ctx.crashed) throw err;
            }
            break;
          }
        }
        if (res) {
          stats.statuses.set(res.status, (stats.statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500 && !ctx.crashed) problems.push(`${label} → ${res.status} ${await res.text()}`);
        }
      });
    } catch (err) {
      problems.push(`${label} threw ${(err as Error).stack}`);
    } finally {
      finished[i] = true;
      stats.ops++;
      if (ctx.crashed) stats.crashes++;
    }
  };

  await drive(
    s,
    ops.map((op, i) => () => run(op, i)),
  );

  // Everything is over: the job settles whatever the crashes left.
  api.clock.now = new Date(opTimes.at(-1)! + 10 * MINUTE);
  await runScheduledJob(api.deps);
  await checkInvariants(th.id, erased, problems);
  expect(problems, `case ${n}: ${JSON.stringify({ initial, ops })}\n${s.report().map((r) => r.label).join('\n')}`).toEqual([]);
}

async function checkInvariants(therapistId: string, erased: Set<string>, problems: string[]): Promise<void> {
  const table = api.deps.table;
  const bookings = await table.query<BookingItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': `TBOOKINGS#${therapistId}` },
  });
  // The index is eventually consistent in DynamoDB; read each booking itself.
  const items = (await Promise.all(bookings.map((b) => table.get<BookingItem>(b.pk, b.sk)))).filter((b): b is BookingItem => !!b);
  const confirmed = items.filter((b) => b.status === 'confirmed');
  for (const b of items) {
    if (b.status === 'pending') problems.push(`booking ${b.id} left pending`);
    if (b.reschedule) problems.push(`booking ${b.id} left with a reschedule in flight`);
  }
  for (const [i, a] of confirmed.entries()) {
    for (const b of confirmed.slice(i + 1)) {
      const gap = a.source === 'public' && b.source === 'public' ? BUFFER_MIN * MINUTE : 0;
      if (Date.parse(a.start) < Date.parse(b.end) + gap && Date.parse(b.start) < Date.parse(a.end) + gap) {
        problems.push(`overlap: ${a.id} ${a.start}–${a.end} and ${b.id} ${b.start}–${b.end}`);
      }
    }
  }
  const calendar = (await readCalendar(table, therapistId)).map((x) => `${x.id} ${x.s}-${x.e}`).sort();
  const expected = confirmed.map((b) => `${b.id} ${Date.parse(b.start)}-${Date.parse(b.end)}`).sort();
  if (JSON.stringify(calendar) !== JSON.stringify(expected)) {
    problems.push(`calendar ${JSON.stringify(calendar)} ≠ confirmed bookings ${JSON.stringify(expected)}`);
  }
  const markers = await staleMarkers(table, new Date('2100-01-01T00:00:00Z'));
  if (markers.length) problems.push(`pending markers left: ${JSON.stringify(markers)}`);

  // Emails: each partner knows the booking's current state; nothing went out for a booking that
  // does not exist (refused or rolled back).
  const key = api.deps.config.signingKey;
  const messages = api.mailer.messages;
  for (const b of items) {
    for (const p of b.partners) {
      if (!p.email) continue;
      const mine = messages.filter((m) => m.to === p.email);
      const link = `/manage#token=${inviteToken(key, b.id, p.seat)}`;
      const when = formatWhen(b.start, 'Europe/Tallinn', 'en');
      if (b.status === 'confirmed' && !mine.some((m) => m.links.some((l) => l.endsWith(link)) && m.text.includes(when))) {
        problems.push(`booking ${b.id} confirmed at ${b.start} but ${p.seat} was never emailed that time`);
      }
      if (b.status === 'cancelled' && !mine.some((m) => m.subject.includes('cancelled') && m.text.includes(when))) {
        problems.push(`booking ${b.id} cancelled but ${p.seat} was never told`);
      }
    }
  }
  const existing = new Set([...items.map((b) => b.id), ...erased]);
  const linked = new Map<string, string>();
  for (const b of existing) for (const st of ['A', 'B'] as const) linked.set(inviteToken(key, b, st), b);
  const prefix = `c${caseNo}-`;
  for (const m of messages.filter((x) => x.to.startsWith(prefix))) {
    for (const l of m.links.filter((x) => x.includes('/manage#token='))) {
      if (!linked.has(l.split('#token=')[1]!)) problems.push(`email to ${m.to} links a booking that does not exist: ${m.subject}`);
    }
  }
}

/**
 * After it is picked, an operation makes this many more table calls before it parks again: long
 * runs let one request get far while another waits, which uniform one-step picks rarely do.
 */
const burstsArb = fc.array(fc.nat({ max: 8 }), { minLength: 1, maxLength: 12 });

it('one booking: concurrent reschedules, cancels, erase and the job, with crashes', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(opArb(fc.constant(0), { book: 1, therapistBook: 0, job: 1 }), { minLength: 2, maxLength: 5 }),
      fc.scheduler(),
      burstsArb,
      (ops, s, runs) => runCase([0], ops, s, runs),
    ),
    { numRuns: Math.ceil(RUNS * 0.6), endOnFailure: true },
  );
}, 300_000);

it('a therapist’s calendar: every booking operation at once, with crashes', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(slot, { minLength: 1, maxLength: 3 }),
      fc.array(opArb(fc.nat({ max: 5 })), { minLength: 2, maxLength: 7 }),
      fc.scheduler(),
      burstsArb,
      (initial, ops, s, runs) => runCase(initial, ops, s, runs),
    ),
    { numRuns: Math.ceil(RUNS * 0.4), endOnFailure: true },
  );
}, 300_000);
