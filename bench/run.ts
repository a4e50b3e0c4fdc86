/**
 * `npm run bench`: the speed and size budgets of DESIGN §9, measured on this machine and printed
 * as tables. Starts the whole product in-process (in-memory dynalite) on a free port.
 *
 * `BENCH_ONLY=api,lambda npm run bench` runs only the named parts (api, web, lambda, media, e2ee).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startLocalServer } from '../functions/local/app-server';
import { findLiveKitServer } from '../scripts/livekit-server.mjs';
import { fixedRate, percentiles, round, sequential, table, type LoadResult } from './load';
import { benchE2ee } from './e2ee';
import { benchMedia } from './media';
import { benchSessionPath, sessionPathTables } from './session-path';
import { webSizes } from './web-size';

const DAY = 24 * 60 * 60 * 1000;
const PARTS = ['api', 'web', 'lambda', 'media', 'e2ee'] as const;
const only = process.env.BENCH_ONLY?.split(',').map((p) => p.trim());
const wants = (part: (typeof PARTS)[number]) => !only || only.includes(part);

/** Starts an in-memory dynalite in a child process; resolves with its endpoint. */
function startStoreProcess(): Promise<{ endpoint: string; kill: () => void }> {
  const code =
    "const d=require('dynalite')({createTableMs:0});d.listen(0,'127.0.0.1',()=>console.log('PORT '+d.address().port))";
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /PORT (\d+)/.exec(chunk.toString());
      if (m) resolve({ endpoint: `http://127.0.0.1:${m[1]}`, kill: () => child.kill() });
    });
  });
}

async function benchApi() {
  process.env.PEEGEL_LOG = 'off';
  // The bench books hundreds of couples with one address: the daily email limits would refuse them.
  process.env.PEEGEL_DAILY_LIMITS = 'off';
  // dynalite in its own process, as DynamoDB is its own service when deployed: the API process
  // then measures its own work, not the store's.
  const store = await startStoreProcess();
  // The real LiveKit server when it is here (as `npm start` runs it): joins create rooms and
  // overlay changes set room metadata for real, instead of failing against nothing.
  const livekitBin = findLiveKitServer()?.path;
  if (!livekitBin) console.log('No LiveKit server binary: the API bench runs with LiveKit unreachable (run: npm run livekit-server)');
  const server = await startLocalServer({
    seed: true,
    webDir: '/nonexistent',
    jobIntervalMs: 3_600_000,
    dynamoEndpoint: store.endpoint,
    ...(livekitBin ? { livekitServer: { bin: livekitBin, port: 7980 } } : {}),
  });
  const { url, deps } = server;
  const json = { 'content-type': 'application/json' };

  // Sign in the seeded demo therapist through the emailed link.
  const token = new URL(server.signInLink!).hash.replace('#token=', '');
  const verify = await fetch(`${url}/api/auth/verify`, { method: 'POST', headers: json, body: JSON.stringify({ token }) });
  const cookie = verify.headers.get('set-cookie')!.split(';')[0]!;
  const auth = { ...json, cookie };

  const rows: LoadResult[] = [];
  const from = new Date(Date.now() + DAY).toISOString();
  const to = new Date(Date.now() + 15 * DAY).toISOString();
  const slotsUrl = `${url}/api/therapists/demo/slots?from=${from}&to=${to}`;

  // 1. In-process handling time, excluding the database: time spent outside DynamoDB calls.
  // Time with at least one DynamoDB call in flight (parallel calls are counted once).
  let dbMs = 0;
  let inFlight = 0;
  let since = 0;
  const send = deps.table.doc.send.bind(deps.table.doc);
  (deps.table.doc as { send: unknown }).send = async (...args: Parameters<typeof send>) => {
    if (inFlight++ === 0) since = performance.now();
    try {
      return await send(...args);
    } finally {
      if (--inFlight === 0) dbMs += performance.now() - since;
    }
  };
  const { createApp } = await import('../functions/app');
  const app = createApp(deps);
  const inProcess: number[] = [];
  for (let i = 0; i < 400; i++) {
    dbMs = 0;
    const t0 = performance.now();
    await app.request(`/api/therapists/demo/slots?from=${from}&to=${to}`);
    if (i >= 50) inProcess.push(performance.now() - t0 - dbMs);
  }
  (deps.table.doc as { send: unknown }).send = send;

  // 2. slots at 200 requests/s.
  rows.push(await fixedRate('GET slots (14 days) @200/s', { url: slotsUrl }));

  // 3. booking: therapist books couples one after another (distinct, non-overlapping times).
  let start = Date.parse(new Date(Date.now() + 40 * DAY).toISOString().slice(0, 10) + 'T00:00:00Z');
  rows.push(
    await sequential('POST me/bookings (sequential)', 200, async () => {
      start += 2 * 60 * 60 * 1000;
      const res = await fetch(`${url}/api/me/bookings`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ start: new Date(start).toISOString(), durationMinutes: 60, partners: [{ name: 'A', email: 'a@example.com' }, { name: 'B' }], locale: 'en' }),
      });
      return res.status === 201;
    }),
  );

  // 4. Race: 100 concurrent requests for overlapping times of different lengths → one booking.
  const slots = (await (await fetch(slotsUrl)).json()) as { slots: { start: string }[] };
  const target = Date.parse(slots.slots[0]!.start);
  const race = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      fetch(`${url}/api/me/bookings`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          start: new Date(target + (i % 4) * 15 * 60_000).toISOString(),
          durationMinutes: 60 + (i % 3) * 30,
          partners: [{ name: 'A', email: `r${i}@example.com` }, { name: 'B' }],
          locale: 'et',
        }),
      }).then((r) => r.status),
    ),
  );
  const raceWinners = race.filter((s) => s === 201).length;

  // 5. join and overlay on a session happening now.
  const now = new Date(Math.floor(Date.now() / 60000) * 60000);
  const live = await fetch(`${url}/api/me/bookings`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ start: now.toISOString(), durationMinutes: 60, partners: [{ name: 'A', email: 'live-a@example.com' }, { name: 'B', email: 'live-b@example.com' }], locale: 'en' }),
  });
  const sessionId = ((await live.json()) as { booking?: { id: string } }).booking?.id;
  if (sessionId) {
    const joinUrl = `${url}/api/sessions/${sessionId}/join`;
    const first = await fetch(joinUrl, { method: 'POST', headers: auth, body: '{}' });
    if (first.status === 200) {
      rows.push(await fixedRate('POST join (therapist) @200/s', { url: joinUrl, method: 'POST', headers: auth, body: '{}' }));
      rows.push(await fixedRate('GET overlay @200/s', { url: `${url}/api/sessions/${sessionId}/overlay`, headers: { cookie } }));
      let version = ((await (await fetch(`${url}/api/sessions/${sessionId}/overlay`, { headers: { cookie } })).json()) as { overlay: { version: number } }).overlay.version;
      rows.push(
        await sequential('POST overlay (sequential)', 300, async (i) => {
          const res = await fetch(`${url}/api/sessions/${sessionId}/overlay`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ baseVersion: version, action: i % 2 ? { type: 'swapRoles' } : { type: 'showStem', stemId: 'couples-dialogue.appointment.ready' } }),
          });
          const body = (await res.json()) as { overlay?: { version: number } };
          if (body.overlay) version = body.overlay.version;
          return res.status === 200;
        }),
      );
    } else {
      console.log(`(join answered ${first.status}; session routes not measured)`);
    }
  }

  // 6. The session path: round trips and latency as ratios to a baseline route (printed first).
  const sessionPath = await benchSessionPath(deps, server.mailer);

  await server.close();
  store.kill();

  console.log(sessionPathTables(sessionPath));
  const ip = percentiles(inProcess);
  console.log('\nAPI, absolute (local server; in-memory dynalite in its own process; load generated in a third; compare runs by the ratios above) — DESIGN §9: in-process p50 ≤ 1 ms');
  console.log(
    table(
      ['route', 'p50 ms', 'p99 ms', 'req/s', 'errors'],
      [
        ['slots in-process, excl. DB', ip.p50, ip.p99, '-', 0],
        ...rows.map((r) => [r.name, r.p50, r.p99, round(r.rps, 1), r.errors]),
      ],
    ),
  );
  console.log(`\nDouble bookings: 100 concurrent requests for overlapping times → ${raceWinners} booking(s) (budget: exactly 1)`);
}

function printWebSizes() {
  if (existsSync('dist/web/index.html')) {
    console.log('\nWeb (gzip JavaScript) — budgets: booking page ≤ 60 KB, session page ≤ 250 KB');
    console.log(
      table(
        ['page', 'files', 'gzip KB', 'livekit-client'],
        webSizes().map((w) => [w.page, w.files, round(w.gzipBytes / 1024, 1), w.livekit ? 'included' : 'not loaded']),
      ),
    );
  } else {
    console.log('\nWeb sizes: run `npm run build:web` first');
  }
}

async function printBundles() {
  const bundles = await import('./bundles').catch(() => undefined);
  if (bundles?.benchBundles) {
    const b = await bundles.benchBundles();
    console.log(
      "\nLambda bundles (cold init: median of 7 fresh `node` processes, each loading the bundle's " +
        `@aws-sdk imports and then the bundle; wall-clock, and CPU time, to which waiting for a busy machine's cores does not add) — ` +
        `budgets: ≤ 300 KB minified, init ≤ 150 ms, own code ≤ ${bundles.BUNDLE_BUDGET.maxOwnInitMs} ms on top of the SDK (verdict on CPU time)`,
    );
    console.log(
      table(
        ['function', 'KB minified', 'init ms', 'AWS SDK ms', 'own code ms (min)', 'SDK CPU ms', 'own code CPU ms', 'own ÷ SDK (CPU)', 'own code'],
        b.map((x) => [
          x.name,
          round(x.bytes / 1024, 1),
          round(x.initMs, 1),
          round(x.sdkInitMs, 1),
          `${round(x.ownInitMs, 1)} (${round(x.ownInitMinMs, 1)})`,
          round(x.sdkCpuMs, 1),
          round(x.ownCpuMs, 1),
          round(x.ownCpuMs / x.sdkCpuMs),
          x.ownCpuMs <= bundles.BUNDLE_BUDGET.maxOwnInitMs ? 'ok' : 'OVER',
        ]),
      ),
    );
  }
}

async function printMedia() {
  const media = await benchMedia();
  if (media.skipped) {
    console.log(`\nReal-LiveKit media bench SKIPPED: ${media.skipped}`);
  } else {
    console.log(
      `\nReal LiveKit on loopback (Chromium, fake camera, ${media.seconds} s; loopback round trip ` +
        `${media.rttMs} ms median) — budgets: overlay ≤ RTT + 100 ms, preview < 1.5 s, ` +
        'admitted → remote video < 1 s',
    );
    console.log(
      table(
        ['measure', 'runs', 'median ms', 'p95 ms', 'budget ms', 'result'],
        media.rows.map((r) => [r.name, r.runs, r.median, r.p95, r.budget ?? '-', r.result]),
      ),
    );
    if (media.error) console.log(`Media bench stopped early: ${media.error}`);
    for (const note of media.notes) console.log(`Note: ${note}`);
  }
}

async function main() {
  if (wants('api')) await benchApi();
  if (wants('web')) printWebSizes();
  if (wants('lambda')) await printBundles();
  if (wants('media')) await printMedia();
  if (wants('e2ee')) await benchE2ee();
}

await main();
process.exit(0);
