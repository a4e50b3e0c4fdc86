/**
 * The session path's budgets (DESIGN §9), measured as ratios so a shared, noisy machine still
 * gives a verdict: per hot route, its DynamoDB calls and sequential round trips (the metered
 * table client of tests/helpers/round-trips.ts), and its p50/p99 at 200 requests/s next to a
 * baseline route — an authenticated `GET` doing one `GetItem` — driven at the same rate,
 * interleaved with it in the same run (bench/mix-client.mjs, its own process).
 *
 * Serves its own instance of the app (the deployed route groups plus the baseline route) on a
 * free port, over the given dependencies, and books its own live sessions.
 *
 * @example
 * const result = await benchSessionPath(server.deps, server.mailer);
 * result.routes[0] // { name: 'GET overlay (partner poll)', roundTrips: '1', p99Ratio: 1.1, … }
 */
import { serve } from '@hono/node-server';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { buildApp } from '../functions/app-core';
import { partnerFromRequest } from '../functions/auth/middleware';
import { createSignInToken } from '../functions/auth/service';
import { bookingApi } from '../functions/booking-api';
import type { AppEnv, Deps } from '../functions/config';
import { AppError } from '../functions/http/errors';
import type { OutboxMailer } from '../functions/mail/mailer';
import { sessionApi } from '../functions/session-api';
import { meterTable, type RoundTrips } from '../tests/helpers/round-trips';
import { round, table } from './load';

/** Offered rate of every stream, requests per second. */
export const RATE = 200;
/** Hot routes may take at most this many times the baseline's p99 at `RATE` (DESIGN §9). */
export const MAX_P99_RATIO = 1.5;
/**
 * The interleaved schedule: slices of `SLICE_MS` at `RATE`, alternating baseline and hot route,
 * `ROUNDS` counted slices per hot route after one warm-up round; each slice may take `DRAIN_MS` to
 * drain before the next starts.
 */
const SLICE_MS = 500;
const ROUNDS = 7;
const DRAIN_MS = 5000;
/**
 * Live sessions booked for the load (one per therapist: a therapist's sessions never overlap).
 * Each stream rotates over them, so one session's overlay gets a write every SESSIONS / RATE s.
 */
const SESSIONS = 20;

/**
 * The baseline: authenticates a partner by invite token (one `GetItem`) and answers. Mounted in
 * the bench's own app instance only.
 */
const benchRoutes = new Hono<AppEnv>()
  .get('/baseline', async (c) => {
    if (!(await partnerFromRequest(c)))
      throw new AppError(401, 'invalid_token', 'Not a valid invite token');
    return c.json({ ok: true }, 200);
  })
  // A reference for the write routes, not a goal: the same authentication, then one PutItem
  // (dynalite's writes are much slower than its reads, which the join and overlay ratios inherit).
  .post('/write', async (c) => {
    if (!(await partnerFromRequest(c)))
      throw new AppError(401, 'invalid_token', 'Not a valid invite token');
    const d = c.get('deps');
    await d.table.put({ Item: { pk: `BENCH#${crypto.randomUUID()}`, sk: 'WRITE', expiresAt: Math.floor(Date.now() / 1000) + 3600 } });
    return c.json({ ok: true }, 200);
  });

interface LiveSession {
  id: string;
  /** The therapist's session cookie (`name=value`). */
  cookie: string;
  /** Partner A, admitted; partner B, waiting. */
  admitted: string;
  waiting: string;
}

interface Variant {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** An overlay write: the load sends the newest `baseVersion` it saw for this key. */
  overlayKey?: string;
}

interface HotRoute {
  name: string;
  /** DESIGN §9's most sequential round trips. */
  goal: number;
  /** Statuses that are the route's normal answers (anything else counts as an error). */
  ok: number[];
  request(s: LiveSession): Variant;
  /** Measured only once the route exists (not a 404 `not_found`), else printed as "not yet". */
  optional?: boolean;
}

const therapist = (s: LiveSession) => ({ cookie: s.cookie });
const partner = (token: string) => ({ authorization: `Bearer ${token}` });
const DAY = 24 * 60 * 60 * 1000;

/** The hot routes of DESIGN §9, in the order they are printed. */
function hotRoutes(slotsPath: string): HotRoute[] {
  return [
    {
      name: 'reference: 1 GetItem + 1 PutItem',
      goal: 2,
      ok: [200],
      request: (s) => ({
        method: 'POST',
        path: '/api/bench/write',
        headers: partner(s.admitted),
        body: '{}',
      }),
    },
    {
      name: 'GET overlay (partner poll)',
      goal: 1,
      ok: [200, 304],
      request: (s) => ({
        method: 'GET',
        path: `/api/sessions/${s.id}/overlay`,
        headers: partner(s.admitted),
      }),
    },
    {
      name: 'POST join (therapist)',
      goal: 2,
      ok: [200],
      request: (s) => ({
        method: 'POST',
        path: `/api/sessions/${s.id}/join`,
        headers: therapist(s),
        body: '{}',
      }),
    },
    {
      name: 'POST join (partner waiting)',
      goal: 2,
      ok: [202],
      request: (s) => ({
        method: 'POST',
        path: `/api/sessions/${s.id}/join`,
        headers: partner(s.waiting),
        body: '{}',
      }),
    },
    {
      name: 'POST join (partner admitted)',
      goal: 2,
      ok: [200],
      request: (s) => ({
        method: 'POST',
        path: `/api/sessions/${s.id}/join`,
        headers: partner(s.admitted),
        body: '{}',
      }),
    },
    {
      name: 'POST overlay',
      goal: 2,
      // A 409 is the answer to a stale baseVersion (two writes crossed): same work, counted apart.
      ok: [200, 409],
      request: (s) => ({
        method: 'POST',
        path: `/api/sessions/${s.id}/overlay`,
        headers: therapist(s),
        overlayKey: s.id,
      }),
    },
    {
      name: 'GET slots (14 days)',
      goal: 1,
      ok: [200],
      request: () => ({ method: 'GET', path: slotsPath, headers: {} }),
    },
    {
      name: 'GET session (partner)',
      goal: 2,
      ok: [200],
      optional: true,
      request: (s) => ({
        method: 'GET',
        path: `/api/sessions/${s.id}`,
        headers: partner(s.admitted),
      }),
    },
  ];
}

export interface HotRouteResult {
  name: string;
  goal: number;
  ok: number[];
  /** Undefined: the route does not exist yet. */
  measured?: {
    calls: string;
    roundTrips: string;
    /** The largest round-trip count seen (the verdict's input). */
    maxRoundTrips: number;
    operations: string;
    p50: number;
    p99: number;
    /** Median over the rounds of slice ÷ preceding baseline slice (see `pairedRatios`). */
    p50Ratio: number;
    p99Ratio: number;
    achievedRps: number;
    errors: number;
    statuses: Record<string, number>;
  };
}

export interface SessionPathResult {
  baseline: {
    p50: number;
    p99: number;
    achievedRps: number;
    errors: number;
    calls: string;
    roundTrips: string;
  };
  routes: HotRouteResult[];
  rate: number;
  /** Slices sent, how long the load took, and how many slices did not drain within `DRAIN_MS`. */
  slices: number;
  seconds: number;
  drainsCut: number;
}

interface MixStream {
  p50: number;
  p99: number;
  sent: number;
  statuses: Record<string, number>;
  busyMs: number;
}

/** Runs bench/mix-client.mjs with the plan on its stdin; resolves with its per-stream results. */
interface MixSlice {
  stream: number;
  p50: number;
  p99: number;
}

interface MixResult {
  drainsCut: number;
  slices: MixSlice[];
  streams: MixStream[];
}

function runMix(plan: unknown): Promise<MixResult> {
  const script = fileURLToPath(new URL('./mix-client.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(JSON.stringify(plan));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as MixResult)
        : reject(new Error(`mix-client exited ${code}`)),
    );
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * A hot route's p50 and p99 as multiples of the baseline's: each of its slices against the
 * baseline slice that ran just before it, then the median over the rounds — a stall of the shared
 * machine during one round moves one pair, not the verdict.
 */
function pairedRatios(slices: MixSlice[], stream: number): { p50Ratio: number; p99Ratio: number } {
  const p50: number[] = [];
  const p99: number[] = [];
  slices.forEach((s, i) => {
    const base = slices[i - 1];
    if (s.stream !== stream || base?.stream !== 0) return;
    p50.push(s.p50 / base.p50);
    p99.push(s.p99 / base.p99);
  });
  return { p50Ratio: round(median(p50)), p99Ratio: round(median(p99)) };
}

/** "n" when every sample agrees, else "min–max"; a `detached` count is shown beside it. */
function spread(samples: RoundTrips[], key: 'calls' | 'roundTrips'): string {
  const values = samples.map((s) => s[key]);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const text = lo === hi ? String(hi) : `${lo}–${hi}`;
  const detached = Math.max(
    0,
    ...samples.map((s) => (s as RoundTrips & { detached?: number }).detached ?? 0),
  );
  return key === 'roundTrips' && detached > 0 ? `${text} (+${detached} detached)` : text;
}

export async function benchSessionPath(
  deps: Deps,
  mailer: OutboxMailer,
  slug = 'demo',
): Promise<SessionPathResult> {
  const app = buildApp(
    deps,
    new Hono<AppEnv>().route('/', bookingApi).route('/', sessionApi).route('/bench', benchRoutes),
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = (v: Variant) =>
    fetch(baseUrl + v.path, {
      method: v.method,
      headers: { ...v.headers, ...(v.body ? { 'content-type': 'application/json' } : {}) },
      body: v.body,
    });
  const expect = async (res: Response, status: number, what: string) => {
    if (res.status !== status)
      throw new Error(`bench set-up: ${what} answered ${res.status} ${await res.text()}`);
    return res;
  };

  try {
    // Live sessions, each with its own therapist: partner A admitted, partner B waiting.
    const sessions: LiveSession[] = [];
    const startNow = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    for (let i = 0; i < SESSIONS; i++) {
      // A sign-in link as the emailed one (asking by email is limited per client, like here).
      const link = await createSignInToken(
        deps.table,
        `bench-therapist-${i}@example.com`,
        'en',
        deps.now(),
      );
      const verify = await call({
        method: 'POST',
        path: '/api/auth/verify',
        headers: {},
        body: JSON.stringify({ token: link }),
      });
      const cookie = (await expect(verify, 200, 'verify')).headers
        .get('set-cookie')!
        .split(';')[0]!;
      const partners = [
        { name: 'Ann', email: `ann-${i}@example.com` },
        { name: 'Ben', email: `ben-${i}@example.com` },
      ];
      const booked = await call({
        method: 'POST',
        path: '/api/me/bookings',
        headers: { cookie },
        body: JSON.stringify({ start: startNow, durationMinutes: 60, partners, locale: 'en' }),
      });
      const id = (
        (await (await expect(booked, 201, 'booking')).json()) as { booking: { id: string } }
      ).booking.id;
      const [admitted, waiting] = partners.map((p) =>
        new URL(
          mailer.messages
            .filter((m) => m.to === p.email)
            .flatMap((m) => m.links)
            .find((l) => l.includes('/manage#token='))!,
        ).hash.replace('#token=', ''),
      ) as [string, string];
      const s: LiveSession = { id, cookie, admitted, waiting };
      const join = (token: string): Variant => ({
        method: 'POST',
        path: `/api/sessions/${id}/join`,
        headers: partner(token),
        body: '{}',
      });
      await expect(await call(join(admitted)), 202, 'partner A join');
      await expect(
        await call({
          method: 'POST',
          path: `/api/sessions/${id}/admit`,
          headers: therapist(s),
          body: JSON.stringify({ seat: 'A' }),
        }),
        200,
        'admit A',
      );
      await expect(await call(join(admitted)), 200, 'partner A join after admission');
      await expect(await call(join(waiting)), 202, 'partner B join');
      await expect(
        await call({
          method: 'POST',
          path: `/api/sessions/${id}/join`,
          headers: therapist(s),
          body: '{}',
        }),
        200,
        'therapist join',
      );
      sessions.push(s);
    }

    const from = new Date(Date.now() + DAY).toISOString();
    const to = new Date(Date.now() + 15 * DAY).toISOString();
    const routes = hotRoutes(`/api/therapists/${slug}/slots?from=${from}&to=${to}`);
    const baselineRoute: HotRoute = {
      name: 'baseline',
      goal: 1,
      ok: [200],
      request: (s) => ({
        method: 'GET',
        path: '/api/bench/baseline',
        headers: partner(s.admitted),
      }),
    };

    // Which routes exist: a route not added yet is a 404 `not_found` from the app's catch-all.
    const present: HotRoute[] = [];
    for (const r of routes) {
      if (r.optional) {
        const res = await call(r.request(sessions[0]!));
        const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
        if (res.status === 404 && body.error?.code === 'not_found') continue;
      }
      present.push(r);
    }

    // 1. Calls and round trips, one request at a time (the meter counts whatever is in flight).
    const overlayVersion = async (s: LiveSession) =>
      (
        (await (
          await call({
            method: 'GET',
            path: `/api/sessions/${s.id}/overlay`,
            headers: therapist(s),
          })
        ).json()) as { overlay: { version: number } }
      ).overlay.version;
    const counted = new Map<HotRoute, RoundTrips[]>();
    const meter = meterTable(deps.table);
    try {
      for (const r of [baselineRoute, ...present]) {
        const samples: RoundTrips[] = [];
        for (let i = 0; i < 6; i++) {
          const s = sessions[0]!;
          let v = r.request(s);
          if (v.overlayKey) {
            const baseVersion = await overlayVersion(s);
            v = {
              ...v,
              body: JSON.stringify({
                baseVersion,
                action:
                  i % 2
                    ? { type: 'swapRoles' }
                    : { type: 'showStem', stemId: 'couples-dialogue.appointment.ready' },
              }),
            };
          }
          meter.take();
          const res = await call(v);
          await res.arrayBuffer();
          // Work started in the background lands in this request's count, not the next one's.
          await new Promise((resolve) => setTimeout(resolve, 20));
          const m = meter.take();
          if (!r.ok.includes(res.status))
            throw new Error(`${r.name} answered ${res.status} while metering`);
          if (i > 0) samples.push(m);
        }
        counted.set(r, samples);
      }
    } finally {
      meter.restore();
    }

    // 2. Latency at RATE, every hot route's slices interleaved with the baseline's.
    const streams = [baselineRoute, ...present];
    const schedule: number[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      for (let k = 1; k < streams.length; k++) schedule.push(0, k);
    }
    const started = performance.now();
    const {
      drainsCut,
      slices,
      streams: mix,
    } = await runMix({
      baseUrl,
      rate: RATE,
      sliceMs: SLICE_MS,
      drainMs: DRAIN_MS,
      // The first round warms every route up at full rate; it is not counted.
      warmupSlices: schedule.length / (ROUNDS + 1),
      streams: streams.map((r) => ({ name: r.name, variants: sessions.map((s) => r.request(s)) })),
      schedule,
    });

    const summary = (r: HotRoute, m: MixStream) => {
      const good = r.ok.reduce((n, status) => n + (m.statuses[status] ?? 0), 0);
      return { good, errors: m.sent - good, achievedRps: (good / m.busyMs) * 1000 };
    };
    const base = mix[0]!;
    const baseSummary = summary(baselineRoute, base);
    const baseSamples = counted.get(baselineRoute)!;
    const results: HotRouteResult[] = routes.map((r) => {
      const index = streams.indexOf(r);
      if (index < 0) return { name: r.name, goal: r.goal, ok: r.ok };
      const m = mix[index]!;
      const samples = counted.get(r)!;
      const s = summary(r, m);
      return {
        name: r.name,
        goal: r.goal,
        ok: r.ok,
        measured: {
          calls: spread(samples, 'calls'),
          roundTrips: spread(samples, 'roundTrips'),
          maxRoundTrips: Math.max(...samples.map((x) => x.roundTrips)),
          operations: samples.at(-1)!.operations.join(' '),
          p50: round(m.p50),
          p99: round(m.p99),
          ...pairedRatios(slices, index),
          achievedRps: s.achievedRps,
          errors: s.errors,
          statuses: m.statuses,
        },
      };
    });
    return {
      baseline: {
        p50: round(base.p50),
        p99: round(base.p99),
        achievedRps: baseSummary.achievedRps,
        errors: baseSummary.errors,
        calls: spread(baseSamples, 'calls'),
        roundTrips: spread(baseSamples, 'roundTrips'),
      },
      routes: results,
      rate: RATE,
      slices: (schedule.length * ROUNDS) / (ROUNDS + 1),
      seconds: round((performance.now() - started) / 1000, 0),
      drainsCut,
    };
  } finally {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  }
}

const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER');

/** The error count, with the statuses behind it, and an overlay write's stale answers. */
function answers(h: HotRouteResult, m: NonNullable<HotRouteResult['measured']>): string {
  const notes = Object.entries(m.statuses)
    .filter(([status]) => !h.ok.includes(Number(status)))
    .map(([status, n]) => `${n}× ${status}`);
  if (h.ok.includes(409) && m.statuses['409']) notes.push(`${m.statuses['409']} stale 409`);
  return notes.length ? `${m.errors} (${notes.join(', ')})` : String(m.errors);
}

/** The write reference is printed for comparison, never judged. */
const isReference = (h: { name: string }) => h.name.startsWith('reference');

/** The two tables `npm run bench` prints first: round trips, then latency as ratios. */
export function sessionPathTables(r: SessionPathResult): string {
  const notYet = (h: HotRouteResult) => [h.name, 'not yet', 'not yet', `≤ ${h.goal}`, '-', ''];
  const trips = table(
    ['route', 'calls', 'round trips', 'goal', 'result', 'DynamoDB calls'],
    [
      ['baseline (1 GetItem)', r.baseline.calls, r.baseline.roundTrips, '1', '-', ''],
      ...r.routes.map((h) =>
        h.measured
          ? [
              h.name,
              h.measured.calls,
              h.measured.roundTrips,
              h.goal === 1 ? '1' : `≤ ${h.goal}`,
              isReference(h) ? '-' : verdict(h.measured.maxRoundTrips <= h.goal),
              h.measured.operations,
            ]
          : notYet(h),
      ),
    ],
  );
  const rps = (n: number) => `${Math.round(n)} / ${r.rate}`;
  const latency = table(
    [
      'route',
      'p50 × base',
      'p99 × base',
      'result',
      'req/s achieved / offered',
      'errors',
      'p50 ms (all)',
      'p99 ms (all)',
    ],
    [
      [
        'baseline (1 GetItem)',
        1,
        1,
        '-',
        rps(r.baseline.achievedRps),
        r.baseline.errors,
        r.baseline.p50,
        r.baseline.p99,
      ],
      ...r.routes.map((h) => {
        const m = h.measured;
        if (!m) return [h.name, 'not yet', 'not yet', '-', '-', '-', '-', '-'];
        return [
          h.name,
          m.p50Ratio,
          m.p99Ratio,
          isReference(h) ? 'reference' : verdict(m.p99Ratio <= MAX_P99_RATIO),
          rps(m.achievedRps),
          answers(h, m),
          m.p50,
          m.p99,
        ];
      }),
    ],
  );
  const join = r.routes.filter((h) => h.name.startsWith('POST join') && h.measured);
  const sustained = join.every(
    (h) => h.measured!.achievedRps >= r.rate * 0.95 && h.measured!.errors === 0,
  );
  return [
    '\nSession path: DynamoDB calls and sequential round trips per request (calls sent together share one) — DESIGN §9',
    trips,
    `\nSession path at ${r.rate} req/s, open loop: ${SLICE_MS}-ms slices of each hot route alternating with the baseline's ` +
      `(an authenticated GET doing one GetItem), ${r.slices} slices (after a warm-up round) in ${r.seconds} s` +
      (r.drainsCut ? `, ${r.drainsCut} not drained within ${DRAIN_MS / 1000} s` : '') +
      ` — goal: p99 ≤ ${MAX_P99_RATIO}× the baseline's, join sustains the offered rate. ` +
      `× base: median over the rounds of each slice's p50/p99 ÷ the baseline slice's just before it; ms: all slices pooled`,
    latency,
    `join sustains ${r.rate} req/s: ${sustained ? 'yes' : 'NO'} (every join ≥ 95% of the offered rate, no errors; ` +
      `achieved = normal answers ÷ time from a slice's first send to its last answer)`,
  ].join('\n');
}
