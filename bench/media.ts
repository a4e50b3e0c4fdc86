/**
 * The real-LiveKit budgets of DESIGN §9, measured in `npm run bench`: the whole product and a
 * real LiveKit server on loopback (inside scripts/netns.mjs's namespace), Debian's Chromium with a
 * fake camera, through the real UI.
 *
 * - link → own preview: a fresh browser context opens a partner's session link; until the pre-join
 *   preview `<video>` presents its first frame (`requestVideoFrameCallback`).
 * - admitted → first remote video frame: partner A waits, the therapist is in the room publishing
 *   video; from the therapist's admit click, and from the partner page receiving its admitted
 *   `POST …/join` (the waiting room polls every 2.5 s), to the first frame of the therapist's tile
 *   on the partner page. Repeated with send-back + admit cycles.
 * - therapist click → partner overlay: from the click on `console-next` / `console-prev` to the
 *   partner's DOM showing the new `data-version` (MutationObserver).
 * - loopback round trip: an HTTP echo on 127.0.0.1 timed from Node, the floor of this machine.
 *
 * Every time is `Date.now()` in the page where it happens (one system clock for all browsers);
 * budgets are reported, not asserted.
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { LocalServer } from '../functions/local/app-server';
import { launchBrowser, newPage, outboxLink } from '../tests/e2e/browser';
import { startMediaProduct } from '../tests/media/media-env';
import { round } from './load';
import { DAY_OPTIONS, medianAndP95, sleep, WAIT_MS, prepareMediaBench, waitInPage, watchJoinAnswers } from './browsers';

export interface MediaRow {
  name: string;
  runs: number;
  median: number;
  p95: number;
  /** Budget in ms; null for figures shown for context. */
  budget: number | null;
  /** `pass` (p95 within), `p95 over` (median within), `OVER`, or `-` without a budget. */
  result: string;
}

export interface MediaBench {
  /** Why nothing was measured: no namespace, LiveKit server, Chromium or web build. */
  skipped?: string;
  /** What stopped the bench part-way; the rows of the parts finished before it are kept. */
  error?: string;
  /** Median loopback round trip, ms. */
  rttMs: number;
  /** How long the media bench took, s. */
  seconds: number;
  rows: MediaRow[];
  /** Anything odd seen on the way (page errors). */
  notes: string[];
}

/** What the instrumented pages record, all as `Date.now()`. */
interface PageRecord {
  preview: number;
  previewWidth: number;
  tileFrames: { key: string; at: number }[];
  admittedJoins: number[];
  overlayPosts: number[];
  versions: Record<string, number>;
  clicks: { id: string; at: number }[];
}

/**
 * Injected into every page before its scripts (a string, so no bundler helper leaks into it):
 * first presented frame of the preview and of each tile `<video>`, the time each overlay
 * `data-version` first appears, clicks on test ids, and admitted `POST …/join` responses.
 */
const INSTRUMENT = `(() => {
  const bench = {
    preview: 0,
    previewWidth: 0,
    tileFrames: [],
    admittedJoins: [],
    overlayPosts: [],
    versions: {},
    clicks: [],
  };
  Object.defineProperty(window, '__bench', { value: bench });
  const seen = new WeakSet();
  const onFirstFrame = (video, record) => {
    if (seen.has(video)) return;
    seen.add(video);
    video.requestVideoFrameCallback(() => record(Date.now(), video.videoWidth));
  };
  const scan = () => {
    const preview = document.querySelector('[data-testid="prejoin-preview"] video');
    if (preview) {
      onFirstFrame(preview, (at, width) => {
        if (bench.preview) return;
        bench.preview = at;
        bench.previewWidth = width;
      });
    }
    for (const video of document.querySelectorAll('[data-testid^="tile-"] video')) {
      const tile = video.closest('[data-testid^="tile-"]');
      const key = tile ? tile.getAttribute('data-testid').slice('tile-'.length) : '';
      onFirstFrame(video, (at) => bench.tileFrames.push({ key, at }));
    }
    const root = document.querySelector('[data-testid="overlay-root"]');
    const version = root && root.getAttribute('data-version');
    if (version && !(version in bench.versions)) bench.versions[version] = Date.now();
  };
  new MutationObserver(scan).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-version'],
  });
  window.addEventListener('click', (event) => {
    const el = event.target instanceof Element ? event.target.closest('[data-testid]') : null;
    bench.clicks.push({ id: el ? el.getAttribute('data-testid') : '', at: Date.now() });
  }, true);
${watchJoinAnswers(`
      if (method === 'POST' && /^\\/api\\/sessions\\/[^/]+\\/overlay$/.test(path)) {
        if (response.ok) bench.overlayPosts.push(at);
      }`)}
})();`;

/** LiveKit revokes in whole seconds: a sent-back seat gets a token again ≤ 2 s later. */
const REVOCATION_HOLD_MS = 2_200;
/** The waiting room's poll interval (web/src/session/session-controller.svelte.ts). */
const WAIT_POLL_MS = 2_500;

type Instrumented = Window & { __bench?: PageRecord };

const record = (page: Page) => page.evaluate<PageRecord>('window.__bench');

function row(name: string, values: number[], budget: number | null): MediaRow {
  const q = medianAndP95(values);
  const [median, p95] = [round(q.median, 1), round(q.p95, 1)];
  let result = '-';
  if (budget !== null) result = p95 <= budget ? 'pass' : median <= budget ? 'p95 over' : 'OVER';
  const rounded = budget === null ? null : round(budget, 1);
  return { name, runs: values.length, median, p95, budget: rounded, result };
}

/** Round trips of a small HTTP POST to an echo server on 127.0.0.1 (keep-alive), in ms. */
async function loopbackRoundTrips(count: number): Promise<number[]> {
  const echo = createServer((req, res) => req.pipe(res));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/`;
  const times: number[] = [];
  try {
    for (let i = 0; i < count + 5; i++) {
      const t0 = performance.now();
      await (await fetch(url, { method: 'POST', body: 'ping' })).text();
      if (i >= 5) times.push(performance.now() - t0);
    }
  } finally {
    echo.closeAllConnections();
    echo.close();
  }
  return times;
}

/** Clicks a test id and returns the click's time in that page. */
async function click(page: Page, testId: string): Promise<number> {
  await page.getByTestId(testId).click();
  const clicks = (await record(page)).clicks.filter((c) => c.id === testId);
  const at = clicks[clicks.length - 1]?.at;
  if (!at) throw new Error(`the click on ${testId} was not seen by the page`);
  return at;
}

/**
 * Runs the real-LiveKit part of the bench, or says why it cannot. Closes everything it started.
 *
 * @example
 *   const media = await benchMedia();
 *   if (media.skipped) console.log(`media bench skipped: ${media.skipped}`);
 */
export async function benchMedia({ runs = 20 } = {}): Promise<MediaBench> {
  const started = Date.now();
  const result: MediaBench = { rttMs: NaN, seconds: 0, rows: [], notes: [] };
  const prepared = prepareMediaBench('media');
  if ('skipped' in prepared) return { ...result, skipped: prepared.skipped };
  const { env, webDir } = prepared;
  const browsers: Browser[] = [];
  const pageErrors: string[] = [];
  let server: LocalServer | undefined;
  const watch = (page: Page, name: string) => {
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
    return page;
  };

  try {
    server = await startMediaProduct(env, { webDir });
    const url = server.url;
    const [therapistBrowser, partnerBrowser] = await Promise.all([
      launchBrowser(),
      launchBrowser(),
    ]);
    browsers.push(therapistBrowser!, partnerBrowser!);

    // The therapist signs in and books a couple for now.
    const therapist = watch(
      await newPage(therapistBrowser!, { ...DAY_OPTIONS, viewport: { width: 1440, height: 900 } }),
      'therapist',
    );
    await therapist.addInitScript(INSTRUMENT);
    const signIn = new URL(server.signInLink!).hash.slice('#token='.length);
    const verify = await therapist.request.post(`${url}/api/auth/verify`, {
      headers: { Origin: url },
      data: { token: signIn },
    });
    if (verify.status() !== 200) throw new Error(`sign-in answered ${verify.status()}`);
    const partners = [
      { name: 'Mari', email: 'mari.bench@example.com' },
      { name: 'Jüri', email: 'jyri.bench@example.com' },
    ];
    const booked = await therapist.request.post(`${url}/api/me/bookings`, {
      headers: { Origin: url },
      data: {
        start: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString(),
        durationMinutes: 60,
        partners,
        locale: 'en',
      },
    });
    if (booked.status() !== 201) throw new Error(`booking answered ${booked.status()}`);
    const sessionId = ((await booked.json()) as { booking: { id: string } }).booking.id;
    const linkOf = (email: string) =>
      `${url}/session/${sessionId}${new URL(outboxLink(server!, email, '/manage#token=')).hash}`;

    // 1. Link → own preview, partner B's link, a fresh context (cold cache) each time.
    const fromGoto: number[] = [];
    const fromNavigation: number[] = [];
    for (let i = 0; i < runs; i++) {
      const page = watch(await newPage(partnerBrowser!, DAY_OPTIONS), 'preview');
      try {
        await page.addInitScript(INSTRUMENT);
        const t0 = Date.now();
        await page.goto(linkOf(partners[1]!.email), { waitUntil: 'commit' });
        await waitInPage(page, () => !!(window as Instrumented).__bench?.preview, 0, 'the preview');
        const r = await record(page);
        if (r.previewWidth === 0) {
          result.notes.push(`preview run ${i + 1}: first frame with videoWidth 0`);
        }
        const origin = await page.evaluate<number>('performance.timeOrigin');
        fromGoto.push(r.preview - t0);
        fromNavigation.push(r.preview - origin);
      } finally {
        await page.context().close();
      }
    }
    result.rows.push(row('link → own preview (from page.goto)', fromGoto, 1500));
    result.rows.push(row('link → own preview (from navigation start)', fromNavigation, 1500));

    // 2. Admitted → first remote video frame: the therapist in the room, A waiting.
    await therapist.goto(`${url}/session/${sessionId}`);
    await therapist.getByTestId('prejoin-join').click();
    await therapist.getByTestId('console').waitFor();
    await therapist.locator('[data-testid="session-room"][data-video="connected"]').waitFor();
    const partner = watch(await newPage(partnerBrowser!, DAY_OPTIONS), 'partner A');
    await partner.addInitScript(INSTRUMENT);
    await partner.goto(linkOf(partners[0]!.email));
    await partner.getByTestId('prejoin-join').click();
    await partner.getByTestId('waiting-room').waitFor();

    const clickToFrame: number[] = [];
    const clickToJoin: number[] = [];
    const joinToFrame: number[] = [];
    let sentBackAt = 0;
    for (let i = 0; i < runs; i++) {
      // Past the revocation hold of the last send-back, then a random point of the waiting
      // room's poll period, so the poll's share is sampled fairly.
      const earliest = Math.max(Date.now(), sentBackAt + REVOCATION_HOLD_MS);
      await sleep(earliest - Date.now() + Math.random() * WAIT_POLL_MS);
      await therapist.getByTestId('lobby-admit-A').waitFor();
      const before = await record(partner);
      const clickedAt = await click(therapist, 'lobby-admit-A');
      const frames = before.tileFrames.length;
      await waitInPage(
        partner,
        (n) => {
          const frames = (window as Instrumented).__bench?.tileFrames ?? [];
          return frames.slice(n).some((f) => f.key === 'therapist');
        },
        frames,
        `the therapist’s first video frame on partner A (admission ${i + 1})`,
      );
      const after = await record(partner);
      const frameAt = after.tileFrames.slice(frames).find((f) => f.key === 'therapist')!.at;
      const joinAt = after.admittedJoins.slice(before.admittedJoins.length)[0];
      clickToFrame.push(frameAt - clickedAt);
      if (joinAt) {
        clickToJoin.push(joinAt - clickedAt);
        joinToFrame.push(frameAt - joinAt);
      }
      if (i === runs - 1) break;
      await sleep(300);
      await therapist.getByTestId('lobby-send-back-A').waitFor();
      sentBackAt = await click(therapist, 'lobby-send-back-A');
      await partner.getByTestId('waiting-room').waitFor();
    }
    result.rows.push(row('admit click → first remote frame', clickToFrame, 1000));
    result.rows.push(row('  admit click → admitted join response (poll)', clickToJoin, null));
    result.rows.push(row('admitted join response → first remote frame', joinToFrame, 1000));

    // 3. Therapist click → partner overlay, next and back so the steps never run out.
    await partner.locator('[data-testid="session-room"][data-video="connected"]').waitFor();
    const rtt = await loopbackRoundTrips(50);
    result.rttMs = round(medianAndP95(rtt).median, 1);
    const overlay: number[] = [];
    const overlayPost: number[] = [];
    for (let i = 0; i < runs; i++) {
      const button = i % 2 === 0 ? 'console-next' : 'console-prev';
      await therapist.locator(`[data-testid="${button}"]:enabled`).waitFor();
      const shownBefore = await partner.getByTestId('overlay-root').getAttribute('data-version');
      const version = Number(shownBefore);
      const clickedAt = await click(therapist, button);
      await waitInPage(
        partner,
        (v) =>
          Object.keys((window as Instrumented).__bench?.versions ?? {}).some((k) => Number(k) > v),
        version,
        `overlay version ${version + 1} on partner A`,
      );
      const shown = Object.entries((await record(partner)).versions)
        .filter(([v]) => Number(v) > version)
        .map(([, at]) => at);
      overlay.push(Math.min(...shown) - clickedAt);
      await waitInPage(
        therapist,
        (t) => !!(window as Instrumented).__bench?.overlayPosts.some((at) => at >= t),
        clickedAt,
        `the answer to the therapist’s overlay POST (change ${i + 1})`,
      );
      const answered = (await record(therapist)).overlayPosts.find((at) => at >= clickedAt)!;
      overlayPost.push(answered - clickedAt);
      await sleep(150);
    }
    result.rows.push(row('therapist click → partner overlay DOM', overlay, result.rttMs + 100));
    result.rows.push(row('  beside it: click → overlay POST answered', overlayPost, null));
    result.rows.push(row('loopback round trip (HTTP echo, Node)', rtt, null));
  } catch (error) {
    result.error = (error as Error).message.split('\n')[0];
  } finally {
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    await server?.close().catch(() => undefined);
    rmSync(webDir, { recursive: true, force: true });
  }
  if (pageErrors.length) {
    result.notes.push(`${pageErrors.length} page error(s), first: ${pageErrors[0]}`);
  }
  result.seconds = Math.round((Date.now() - started) / 1000);
  return result;
}
