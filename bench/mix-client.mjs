// An interleaved open-loop load generator, run in its own process by bench/session-path.ts.
// The plan (JSON on stdin) is a list of streams and a schedule of slices: each slice sends one
// stream's requests at `rate` per second, evenly spaced, for `sliceMs`, without waiting for
// answers (open loop); the next slice starts once the last one's answers are in. Alternating
// slices drive every stream at the same rate in the same run, so the machine's noise falls on
// all of them alike. Latency counts from the scheduled send time, so a stalled server (or a late
// scheduler) is not hidden.
//
// A stream's requests rotate over its `variants`. A variant with `overlayKey` is an overlay
// write: its body is `{ baseVersion, action }` with the newest version seen for that key, taken
// from every answer's `overlay.version` (200 and 409 alike).
//
// Prints JSON: per stream the latencies' p50/p99, answers by status, and the time its slices
// took from first send to last answer (the achieved rate's denominator); per slice, its stream
// and its own p50/p99.
import http from 'node:http';

const plan = JSON.parse(
  await new Promise((resolve) => {
    let text = '';
    process.stdin.on('data', (d) => (text += d));
    process.stdin.on('end', () => resolve(text));
  }),
);
const { baseUrl, rate, sliceMs, drainMs, warmupSlices, streams, schedule } = plan;
const base = new URL(baseUrl);
// Idle sockets are dropped before the server's keep-alive timeout (5 s) would close them under
// a request (a reset, not the server's answer).
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 });
const interval = 1000 / rate;
const perSlice = Math.round(sliceMs / interval);

const fresh = () => ({ latencies: [], statuses: {}, sent: 0, busyMs: 0 });
let stats = streams.map(fresh);
const cursor = streams.map(() => 0);
const versions = new Map();
const actions = [
  { type: 'swapRoles' },
  { type: 'showStem', stemId: 'couples-dialogue.appointment.ready' },
];
let actionTurn = 0;

function send(streamIndex, scheduled) {
  const stream = streams[streamIndex];
  const counts = stats[streamIndex];
  const variant = stream.variants[cursor[streamIndex]++ % stream.variants.length];
  let body = variant.body;
  if (variant.overlayKey) {
    body = JSON.stringify({
      baseVersion: versions.get(variant.overlayKey) ?? 0,
      action: actions[actionTurn++ % 2],
    });
  }
  const headers = { ...variant.headers, ...(body ? { 'content-type': 'application/json' } : {}) };
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        method: variant.method,
        hostname: base.hostname,
        port: base.port,
        path: variant.path,
        headers,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const done = performance.now();
          counts.latencies.push(done - scheduled);
          counts.statuses[res.statusCode] = (counts.statuses[res.statusCode] ?? 0) + 1;
          if (variant.overlayKey && chunks.length) {
            try {
              const v = JSON.parse(Buffer.concat(chunks).toString()).overlay?.version;
              if (typeof v === 'number' && v > (versions.get(variant.overlayKey) ?? 0))
                versions.set(variant.overlayKey, v);
            } catch {
              // not JSON: counted by its status
            }
          }
          resolve({ end: done, latency: done - scheduled });
        });
      },
    );
    req.on('error', () => {
      counts.statuses.error = (counts.statuses.error ?? 0) + 1;
      resolve({ end: performance.now() });
    });
    if (body) req.write(body);
    req.end();
  });
}

// Warm-up: one request per variant, not counted (connections, the overlay versions).
for (let s = 0; s < streams.length; s++) {
  await Promise.all(streams[s].variants.map(() => send(s, performance.now())));
  cursor[s] = 0;
}
stats = streams.map(fresh);

const at = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const pending = [];
let drainsCut = 0;
let sliceLog = [];
for (const [n, streamIndex] of schedule.entries()) {
  // The first `warmupSlices` run the routes at full rate once (JIT, caches) and are not counted.
  if (n === warmupSlices) {
    stats = streams.map(fresh);
    drainsCut = 0;
    sliceLog = [];
  }
  const sliceStart = performance.now() + 5;
  const slice = [];
  for (let i = 0; i < perSlice; i++) {
    const at = sliceStart + i * interval;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    slice.push(send(streamIndex, at));
    stats[streamIndex].sent++;
  }
  // The slice's span (from its first scheduled send until its last answer arrived) and its own
  // percentiles, for comparing it with its neighbour slices.
  const sliceStats = stats[streamIndex];
  const slices = sliceLog;
  const answered = Promise.all(slice).then((answers) => {
    const busyMs = Math.max(...answers.map((a) => a.end)) - sliceStart;
    sliceStats.busyMs += busyMs;
    const sorted = answers
      .flatMap((a) => (a.latency === undefined ? [] : [a.latency]))
      .sort((a, b) => a - b);
    slices[n] = { stream: streamIndex, p50: at(sorted, 0.5), p99: at(sorted, 0.99), busyMs };
  });
  pending.push(answered);
  // Let the slice drain before the next one starts, so one route's backlog is not charged to
  // the next; a server that cannot drain within `drainMs` is left behind (counted).
  let timer;
  const cut = await Promise.race([
    answered.then(() => false),
    new Promise((r) => (timer = setTimeout(() => r(true), drainMs))),
  ]);
  clearTimeout(timer);
  if (cut) drainsCut++;
}
await Promise.all(pending);
agent.destroy();

console.log(
  JSON.stringify({
    drainsCut,
    // The counted slices in the order they ran.
    slices: sliceLog.filter(Boolean),
    streams: stats.map((s) => {
      const sorted = s.latencies.sort((a, b) => a - b);
      return {
        p50: at(sorted, 0.5),
        p99: at(sorted, 0.99),
        sent: s.sent,
        statuses: s.statuses,
        busyMs: s.busyMs,
      };
    }),
  }),
);
