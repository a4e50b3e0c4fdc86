/**
 * What end-to-end encryption costs (DESIGN §9: ≤ 1.2× the CPU and join time of the same call
 * without it), measured in `npm run bench` with the whole product and a real LiveKit server on
 * loopback (inside scripts/netns.mjs's namespace) and three Debian Chromium browsers with a fake
 * camera — the therapist and both partners — through the real UI, once with E2EE on and once off,
 * each with fresh browsers and its own booking, one after the other in the same run.
 *
 * - "Off": the therapist's `allowUnencrypted` setting is on before that run's first join (it is
 *   off for the "on" run), which runs the session without E2EE; every page of that run is also
 *   made to believe it cannot encrypt (an init script deletes `RTCRtpScriptTransform` and
 *   `RTCRtpSender.prototype.createEncodedStreams`, which livekit-client's `isE2EESupported()`
 *   checks), so the run is unencrypted whether the setting turns E2EE off for everyone or only
 *   lets a browser that cannot encrypt in. Each run asserts what it got: the lock (`e2ee-lock`)
 *   or the notice (`e2ee-off`) on all three pages, and the `encryption` of every track the
 *   LiveKit server lists.
 * - Admitted join → first decoded remote frame: partner A is sent back and admitted again; from
 *   the partner page receiving its admitted `POST …/join` to the first frame presented
 *   (`requestVideoFrameCallback`) by a remote tile (therapist or B), and to the first frames of
 *   both. Both are `Date.now()` in the partner's page.
 * - Browser CPU: over a 30 s window of the three-way call (everyone decoding the other two),
 *   utime + stime from /proc/<pid>/stat of each browser's whole process tree (the browser process,
 *   found with the DevTools protocol's `SystemInfo.getProcessInfo`, and its descendants by ppid),
 *   read at the start and end of the window. Frames encoded and decoded in the window
 *   (`getStats()`) show both runs did the same work; the CPU the rest of the machine used meanwhile
 *   (/proc/stat) shows how noisy the window was.
 *
 * Figures are reported, not asserted.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { RoomServiceClient } from 'livekit-server-sdk';
import { request, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import type { LocalServer } from '../functions/local/app-server';
import { launchBrowser, newPage, outboxLink } from '../tests/e2e/browser';
import { startMediaProduct } from '../tests/media/media-env';
import { round, table } from './load';
import { DAY_OPTIONS, medianAndP95, sleep, WAIT_MS, prepareMediaBench, waitInPage, watchJoinAnswers } from './browsers';

export type E2eeMode = 'on' | 'off';
type Who = 'therapist' | 'A' | 'B';
const WHO: Who[] = ['therapist', 'A', 'B'];

export interface E2eeModeResult {
  /** What the pages showed: `e2ee-lock` (on) or `e2ee-off`. */
  indicator: string;
  /** The tracks' `encryption` as the LiveKit server lists them, e.g. `6 tracks: GCM`. */
  serverTracks: string;
  /** Admitted join response → first frame of a remote tile, ms, one per join. */
  firstFrame: number[];
  /** Admitted join response → first frames of both remote tiles, ms. */
  bothFrames: number[];
  /** CPU seconds of each browser's process tree over the call window. */
  cpu: Record<Who, number>;
  /** The window's length as measured, s. */
  windowSeconds: number;
  /** Video frames all three pages encoded (every simulcast layer) and decoded in the window. */
  framesEncoded: number;
  framesDecoded: number;
  /** CPU seconds the rest of the machine (LiveKit, API, anyone else) used in the window. */
  restCpu: number;
}

export interface E2eeBench {
  /** Why nothing was measured: no namespace, LiveKit server, Chromium or web build. */
  skipped?: string;
  /** What stopped the bench part-way; the modes finished before it are kept. */
  error?: string;
  seconds: number;
  modes: Partial<Record<E2eeMode, E2eeModeResult>>;
  notes: string[];
}

/** What the instrumented pages record, as `Date.now()`. */
interface PageRecord {
  tileFrames: { key: string; at: number }[];
  admittedJoins: number[];
}

type Instrumented = Window & { __e2eeBench?: PageRecord };

/**
 * Injected into every page before its scripts (a string: the CSP allows init scripts, and no
 * bundler helper can leak into it): the first presented frame of each tile `<video>`, admitted
 * `POST …/join` responses, and every RTCPeerConnection, for `window.__e2eeFrames()`.
 */
const INSTRUMENT = `(() => {
  const bench = { tileFrames: [], admittedJoins: [] };
  Object.defineProperty(window, '__e2eeBench', { value: bench });
  const pcs = [];
  const Original = window.RTCPeerConnection;
  const Recording = function (...args) {
    const pc = new Original(...args);
    pcs.push(pc);
    return pc;
  };
  Recording.prototype = Original.prototype;
  Object.setPrototypeOf(Recording, Original);
  window.RTCPeerConnection = Recording;
  Object.defineProperty(window, '__e2eeFrames', {
    value: async () => {
      const total = { encoded: 0, decoded: 0 };
      for (const pc of pcs) {
        if (pc.connectionState === 'closed') continue;
        (await pc.getStats()).forEach((r) => {
          if (r.kind !== 'video') return;
          if (r.type === 'inbound-rtp') total.decoded += Number(r.framesDecoded || 0);
          if (r.type === 'outbound-rtp') total.encoded += Number(r.framesEncoded || 0);
        });
      }
      return total;
    },
  });
  const seen = new WeakSet();
  const scan = () => {
    for (const video of document.querySelectorAll('[data-testid^="tile-"] video')) {
      if (seen.has(video)) continue;
      seen.add(video);
      const tile = video.closest('[data-testid^="tile-"]');
      const key = tile.getAttribute('data-testid').slice('tile-'.length);
      video.requestVideoFrameCallback(() => bench.tileFrames.push({ key, at: Date.now() }));
    }
  };
  new MutationObserver(scan).observe(document, { childList: true, subtree: true });
${watchJoinAnswers()}
})();`;

/** The "off" run: the page looks like a browser that cannot encrypt (livekit-client's check). */
const CANNOT_ENCRYPT = `(() => {
  delete window.RTCRtpScriptTransform;
  if (window.RTCRtpSender) delete window.RTCRtpSender.prototype.createEncodedStreams;
})();`;

/** Bandwidth estimation and simulcast layers settle before the CPU window opens. */
const SETTLE_MS = 3_000;
/** The other two tiles, as seen from each page. */
const REMOTES: Record<Who, Who[]> = {
  therapist: ['A', 'B'],
  A: ['therapist', 'B'],
  B: ['therapist', 'A'],
};
const ENCRYPTION = ['none', 'GCM', 'custom'];

const record = (page: Page) => page.evaluate<PageRecord>('window.__e2eeBench');
const frameCounts = (page: Page) =>
  page.evaluate<{ encoded: number; decoded: number }>('window.__e2eeFrames()');

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** Every process now: its parent and its CPU time so far (utime + stime), in clock ticks. */
function processes(): Map<number, { ppid: number; ticks: number }> {
  const all = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // After "pid (comm) ": state ppid … utime(14) stime(15), counted from 1 at pid.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    all.set(Number(entry), {
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
    });
  }
  return all;
}

/** The CPU ticks of `root` and all its descendants, by pid. */
function treeTicks(all: Map<number, { ppid: number; ticks: number }>, root: number) {
  const children = new Map<number, number[]>();
  for (const [pid, p] of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  const ticks = new Map<number, number>();
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    const p = all.get(pid);
    if (!p) continue;
    ticks.set(pid, p.ticks);
    queue.push(...(children.get(pid) ?? []));
  }
  return ticks;
}

/** The machine's busy CPU ticks so far (all CPUs; not idle, not iowait), from /proc/stat. */
function machineBusyTicks(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  const [user, nice, system, , , irq, softirq, steal] = cpu.map(Number);
  return user! + nice! + system! + irq! + softirq! + (steal ?? 0);
}

/** The pid of the browser process itself, from the DevTools protocol. */
async function browserPid(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    const main = processInfo.find((p) => p.type === 'browser');
    if (!main) throw new Error('SystemInfo.getProcessInfo lists no browser process');
    return main.id;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

interface Shared {
  server: LocalServer;
  api: APIRequestContext;
  /** The signed-in therapist's cookies, for each run's fresh browser. */
  therapistState: Awaited<ReturnType<APIRequestContext['storageState']>>;
  rooms: RoomServiceClient;
  joins: number;
  callSeconds: number;
  browsers: Browser[];
  pageErrors: string[];
  notes: string[];
}

/** One whole run: fresh browsers, a booking for now, the call, the CPU window, the re-joins. */
async function runMode(mode: E2eeMode, s: Shared): Promise<E2eeModeResult> {
  const url = s.server.url;
  const launched = await Promise.all(WHO.map(() => launchBrowser()));
  s.browsers.push(...launched);
  const browserOf = {} as Record<Who, Browser>;
  WHO.forEach((who, i) => (browserOf[who] = launched[i]!));
  try {
    const pages = {} as Record<Who, Page>;
    const viewport = { width: 1440, height: 900 };
    const therapistOptions = { ...DAY_OPTIONS, viewport, storageState: s.therapistState };
    for (const who of WHO) {
      const page = await newPage(
        browserOf[who],
        who === 'therapist' ? therapistOptions : DAY_OPTIONS,
      );
      page.setDefaultTimeout(WAIT_MS);
      page.on('pageerror', (e) => s.pageErrors.push(`${mode} ${who}: ${e.message}`));
      if (mode === 'off') await page.addInitScript(CANNOT_ENCRYPT);
      await page.addInitScript(INSTRUMENT);
      pages[who] = page;
    }
    const { therapist, A } = pages;

    // The setting is fixed per session at its first join, which comes after this.
    const allowUnencrypted = mode === 'off';
    const setting = await s.api.patch('/api/me', { data: { allowUnencrypted } });
    if (setting.status() !== 200) {
      throw new Error(
        `PATCH /api/me {allowUnencrypted: ${allowUnencrypted}} answered ${setting.status()}`,
      );
    }

    // The therapist books the couple for now; both partners pass pre-join and wait.
    const partners = [
      { name: 'Mari', email: `mari.e2ee-${mode}@example.com` },
      { name: 'Jüri', email: `jyri.e2ee-${mode}@example.com` },
    ];
    const booked = await s.api.post('/api/me/bookings', {
      data: {
        start: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString(),
        durationMinutes: 60,
        partners,
        locale: 'en',
      },
    });
    if (booked.status() !== 201) {
      throw new Error(`${mode}: booking answered ${booked.status()} ${await booked.text()}`);
    }
    const sessionId = ((await booked.json()) as { booking: { id: string } }).booking.id;
    const linkOf = (email: string) =>
      `${url}/session/${sessionId}${new URL(outboxLink(s.server, email, '/manage#token=')).hash}`;
    await Promise.all(
      (['A', 'B'] as const).map(async (seat, i) => {
        await pages[seat].goto(linkOf(partners[i]!.email));
        await pages[seat].getByTestId('prejoin-join').click();
        await pages[seat].getByTestId('waiting-room').waitFor();
      }),
    );
    await therapist.goto(`${url}/session/${sessionId}`);
    await therapist.getByTestId('prejoin-join').click();
    await therapist.getByTestId('console').waitFor();
    for (const seat of ['A', 'B']) {
      await therapist.locator(`[data-testid="lobby-row-${seat}"][data-state="waiting"]`).waitFor();
    }
    await therapist.getByTestId('lobby-admit-both').click();

    // Everyone in, showing what this run is meant to be, and decoding the other two.
    const shown = mode === 'on' ? 'e2ee-lock' : 'e2ee-off';
    const notShown = mode === 'on' ? 'e2ee-off' : 'e2ee-lock';
    for (const who of WHO) {
      const page = pages[who];
      await page.locator('[data-testid="session-room"][data-video="connected"]').waitFor();
      await waitInPage(
        page,
        ({ keys }) => {
          const frames = (window as Instrumented).__e2eeBench?.tileFrames ?? [];
          return keys.every((k) => frames.some((f) => f.key === k));
        },
        { keys: REMOTES[who], join: 0 },
        `${mode}: the first video frames of both remote tiles on ${who}`,
      );
      try {
        await page.getByTestId(shown).waitFor();
      } catch {
        throw new Error(`E2EE ${mode}: ${who}'s room does not show [data-testid="${shown}"]`);
      }
      if (await page.getByTestId(notShown).count()) {
        throw new Error(`E2EE ${mode}: ${who}'s room shows [data-testid="${notShown}"]`);
      }
    }
    const tracks = (await s.rooms.listParticipants(sessionId)).flatMap((p) => p.tracks);
    const kinds = [...new Set(tracks.map((t) => ENCRYPTION[t.encryption] ?? String(t.encryption)))];
    const serverTracks = `${tracks.length} tracks: ${kinds.join(', ')}`;
    if (tracks.length < 6 || tracks.some((t) => (t.encryption === 0) !== (mode === 'off'))) {
      throw new Error(`E2EE ${mode}: the LiveKit server lists ${serverTracks}`);
    }

    // The three-way call: CPU of each browser's process tree over the window.
    await sleep(SETTLE_MS);
    const roots = await Promise.all(WHO.map((w) => browserPid(browserOf[w])));
    const framesBefore = await Promise.all(WHO.map((w) => frameCounts(pages[w])));
    const before = processes();
    const busyBefore = machineBusyTicks();
    const t0 = performance.now();
    await sleep(s.callSeconds * 1000);
    const after = processes();
    const busyAfter = machineBusyTicks();
    const windowSeconds = (performance.now() - t0) / 1000;
    const framesAfter = await Promise.all(WHO.map((w) => frameCounts(pages[w])));
    const cpu = {} as Record<Who, number>;
    let vanished = 0;
    WHO.forEach((who, i) => {
      const start = treeTicks(before, roots[i]!);
      const end = treeTicks(after, roots[i]!);
      let ticks = 0;
      for (const [pid, t] of end) ticks += t - (start.get(pid) ?? 0);
      for (const pid of start.keys()) if (!end.has(pid)) vanished++;
      cpu[who] = ticks / CLOCK_TICKS;
    });
    if (vanished) {
      s.notes.push(
        `E2EE ${mode}: ${vanished} browser process(es) ended in the CPU window (uncounted)`,
      );
    }
    const browsersCpu = WHO.reduce((sum, w) => sum + cpu[w], 0);
    const sum = (list: { encoded: number; decoded: number }[], k: 'encoded' | 'decoded') =>
      list.reduce((n, f) => n + f[k], 0);

    // Admitted join → first remote frames, with send-back + admit cycles of partner A.
    const firstFrame: number[] = [];
    const bothFrames: number[] = [];
    for (let i = 0; i < s.joins; i++) {
      const joinsBefore = (await record(A)).admittedJoins.length;
      await therapist.getByTestId('lobby-send-back-A').click();
      await A.getByTestId('waiting-room').waitFor();
      // Admitted at once: the seat's poll gets its token from the second after the send-back's.
      await therapist.getByTestId('lobby-admit-A').click();
      await waitInPage(
        A,
        ({ keys, join }) => {
          const b = (window as Instrumented).__e2eeBench;
          const at = b?.admittedJoins[join];
          if (!b || !at) return false;
          return keys.every((k) => b.tileFrames.some((f) => f.key === k && f.at >= at));
        },
        { keys: REMOTES.A, join: joinsBefore },
        `${mode}: both remote tiles' first frames on partner A (join ${i + 1})`,
      );
      const r = await record(A);
      const joinedAt = r.admittedJoins[joinsBefore]!;
      const firsts = REMOTES.A.map((key) =>
        Math.min(...r.tileFrames.filter((f) => f.key === key && f.at >= joinedAt).map((f) => f.at)),
      );
      firstFrame.push(Math.min(...firsts) - joinedAt);
      bothFrames.push(Math.max(...firsts) - joinedAt);
      await A.locator('[data-testid="session-room"][data-video="connected"]').waitFor();
      await sleep(300);
    }

    // The next run books the same time: this booking steps aside.
    const cancelled = await s.api.post(`/api/me/bookings/${sessionId}/cancel`, { data: {} });
    if (cancelled.status() !== 200) {
      s.notes.push(`E2EE ${mode}: cancelling its booking answered ${cancelled.status()}`);
    }
    return {
      indicator: shown,
      serverTracks,
      firstFrame,
      bothFrames,
      cpu,
      windowSeconds,
      framesEncoded: sum(framesAfter, 'encoded') - sum(framesBefore, 'encoded'),
      framesDecoded: sum(framesAfter, 'decoded') - sum(framesBefore, 'decoded'),
      restCpu: (busyAfter - busyBefore) / CLOCK_TICKS - browsersCpu,
    };
  } finally {
    await Promise.all(launched.map((b) => b.close().catch(() => undefined)));
  }
}

/**
 * Measures E2EE on against off, or says why it cannot. Closes everything it started.
 *
 * @example
 *   const e2ee = await measureE2ee();
 *   if (e2ee.skipped) console.log(`E2EE bench skipped: ${e2ee.skipped}`);
 */
export async function measureE2ee({
  joins = 10,
  callSeconds = 30,
  modes = ['on', 'off'] as E2eeMode[],
} = {}): Promise<E2eeBench> {
  const started = Date.now();
  const result: E2eeBench = { seconds: 0, modes: {}, notes: [] };
  const prepared = prepareMediaBench('e2ee');
  if ('skipped' in prepared) return { ...result, skipped: prepared.skipped };
  const { env, webDir } = prepared;
  let server: LocalServer | undefined;
  let api: APIRequestContext | undefined;
  const browsers: Browser[] = [];
  const pageErrors: string[] = [];
  try {
    server = await startMediaProduct(env, { webDir });
    const url = server.url;
    api = await request.newContext({ baseURL: url, extraHTTPHeaders: { Origin: url } });
    const token = new URL(server.signInLink!).hash.slice('#token='.length);
    const verify = await api.post('/api/auth/verify', { data: { token } });
    if (verify.status() !== 200) throw new Error(`sign-in answered ${verify.status()}`);
    const lk = server.livekitServer!;
    const shared: Shared = {
      server,
      api,
      therapistState: await api.storageState(),
      rooms: new RoomServiceClient(lk.url, lk.apiKey, lk.apiSecret),
      joins,
      callSeconds,
      browsers,
      pageErrors,
      notes: result.notes,
    };
    for (const mode of modes) result.modes[mode] = await runMode(mode, shared);
  } catch (error) {
    result.error = (error as Error).message.split('\n')[0];
  } finally {
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    await api?.dispose().catch(() => undefined);
    await server?.close().catch(() => undefined);
    rmSync(webDir, { recursive: true, force: true });
  }
  if (pageErrors.length) {
    result.notes.push(`${pageErrors.length} page error(s), first: ${pageErrors[0]}`);
  }
  result.seconds = Math.round((Date.now() - started) / 1000);
  return result;
}

const ms = (n: number) => (Number.isFinite(n) ? round(n, 0) : '-');
const s1 = (n: number) => (Number.isFinite(n) ? round(n, 1) : '-');
const browsersCpu = (m: E2eeModeResult) => m.cpu.therapist + m.cpu.A + m.cpu.B;
/** Browser CPU per video frame the pages encoded or decoded, ms: fair when a window was starved. */
const perFrame = (m: E2eeModeResult) =>
  (1000 * browsersCpu(m)) / (m.framesEncoded + m.framesDecoded);

/** The table: each figure on and off, the ratio on/off, and the goal ≤ 1.2×. */
export function e2eeTable(bench: E2eeBench): string {
  const { on, off } = bench.modes;
  const rows: (string | number)[][] = [];
  const add = (
    name: string,
    runs: string,
    pick: (m: E2eeModeResult) => number,
    format: (n: number) => string | number,
    goal: boolean,
  ) => {
    const a = on ? pick(on) : NaN;
    const b = off ? pick(off) : NaN;
    const ratio = a / b;
    const shownRatio = Number.isFinite(ratio) ? `${round(ratio, 2).toFixed(2)}×` : '-';
    const verdict = !goal || !Number.isFinite(ratio) ? '-' : ratio <= 1.2 ? 'pass' : 'OVER';
    rows.push([name, runs, format(a), format(b), shownRatio, goal ? '≤ 1.2×' : '-', verdict]);
  };
  const joinRuns = `${on?.firstFrame.length ?? 0}/${off?.firstFrame.length ?? 0}`;
  const first = (m: E2eeModeResult) => medianAndP95(m.firstFrame);
  const both = (m: E2eeModeResult) => medianAndP95(m.bothFrames);
  add('admitted join → first remote frame, median ms', joinRuns, (m) => first(m).median, ms, true);
  add('  p95 ms', joinRuns, (m) => first(m).p95, ms, false);
  add(
    'admitted join → both remotes’ frames, median ms',
    joinRuns,
    (m) => both(m).median,
    ms,
    false,
  );
  add('  p95 ms', joinRuns, (m) => both(m).p95, ms, false);
  const window = on?.windowSeconds ?? off?.windowSeconds ?? NaN;
  const cpuRuns = `${on ? 1 : 0}/${off ? 1 : 0}`;
  add(
    `browser CPU s, 3 browsers, ${round(window, 0)} s three-way call`,
    cpuRuns,
    browsersCpu,
    s1,
    true,
  );
  add('  therapist’s browser', cpuRuns, (m) => m.cpu.therapist, s1, false);
  add('  partner A’s browser', cpuRuns, (m) => m.cpu.A, s1, false);
  add('  partner B’s browser', cpuRuns, (m) => m.cpu.B, s1, false);
  add('  video frames decoded in the window (3 pages)', cpuRuns, (m) => m.framesDecoded, ms, false);
  add('  video frames encoded in the window (3 pages)', cpuRuns, (m) => m.framesEncoded, ms, false);
  add('  CPU ms per video frame encoded or decoded', cpuRuns, perFrame, s1, false);
  add('  rest of the machine meanwhile, CPU s', cpuRuns, (m) => m.restCpu, s1, false);
  return table(['measure', 'runs on/off', 'E2EE on', 'E2EE off', 'on/off', 'goal', 'result'], rows);
}

/**
 * The E2EE part of `npm run bench`: measures, then prints the table (or one "skipped" line).
 */
export async function benchE2ee(
  options: Parameters<typeof measureE2ee>[0] = {},
): Promise<E2eeBench> {
  const bench = await measureE2ee(options);
  if (bench.skipped) {
    console.log(`\nE2EE on vs off bench SKIPPED: ${bench.skipped}`);
    return bench;
  }
  console.log(
    `\nE2EE on vs off (real LiveKit on loopback, 3 Chromium browsers, fake camera, ${bench.seconds} s; ` +
      'fresh browsers and a booking per run, on first) — DESIGN §9: E2EE ≤ 1.2× the CPU and join time without it',
  );
  console.log(e2eeTable(bench));
  for (const mode of ['on', 'off'] as const) {
    const m = bench.modes[mode];
    if (!m) continue;
    const shown = `all 3 pages showed [data-testid="${m.indicator}"]`;
    console.log(`E2EE ${mode}: ${shown}; LiveKit lists ${m.serverTracks}`);
  }
  const { on, off } = bench.modes;
  const work =
    on && off ? (on.framesEncoded + on.framesDecoded) / (off.framesEncoded + off.framesDecoded) : 1;
  if (Math.abs(work - 1) > 0.03) {
    console.log(
      `Note: the two CPU windows did different video work (${round(100 * (work - 1), 0)}% frames on vs ` +
        `off; the rest of the machine used ${s1(on!.restCpu)} and ${s1(off!.restCpu)} CPU s): ` +
        'a starved window encodes and decodes fewer frames, so compare the per-frame row too',
    );
  }
  if (bench.error) console.log(`E2EE bench stopped early: ${bench.error}`);
  for (const note of bench.notes) console.log(`Note: ${note}`);
  return bench;
}
