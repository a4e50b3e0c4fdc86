/**
 * A whole session in a real browser, with no LiveKit server (the expected local path): the
 * therapist and both partners in three browser contexts with fake camera and microphone. The
 * partners pass pre-join and wait; the therapist admits them, moves through the dialogue, swaps
 * roles, shows a stem card and a custom card — and every change must reach both partners'
 * overlays within 2 s (they poll `GET …/overlay`). Send-back returns a partner to the waiting
 * room; ending the session closes all three pages. axe-core checks each kind of page, and the
 * partner view and the therapist console are photographed in English and Estonian.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../functions/local/app-server';
import { findStem, getProcess, localize, type Locale } from '../../shared/dialogues';
import { DEFAULT_PROCESS_ID } from '../../shared/overlay';
import type { Seat } from '../../shared/schemas';
import { bookNow, expectAccessible, launchBrowser, newPage, outboxLink, pageWatcher, screenshot, startProduct, tid } from './browser';

/** DESIGN §5 and the issue: a change reaches every partner within 2 s. */
const OVERLAY_BUDGET_MS = 2000;
/** Watching goes on this much past the budget, so a late delivery is measured, not just missed. */
const WATCH_GRACE_MS = 1000;
/** Room entry, send-back and the end ride the 2.5 s waiting poll or the 1.5 s overlay poll. */
const PHASE_MS = 10_000;

const PARTNERS = [
  { seat: 'A' as Seat, name: 'Mari', email: 'mari@example.com' },
  { seat: 'B' as Seat, name: 'Jüri', email: 'jyri@example.com' },
];
const CUSTOM_TEXT = 'Take a slow breath together.';

const process = getProcess(DEFAULT_PROCESS_ID)!;

let server: LocalServer;
/** A private copy of the built web app, so a rebuild elsewhere cannot swap chunks mid-test. */
let webDir = '';
let browser: Browser;
let therapist: Page;
let partnerA: Page;
let partnerB: Page;
let bookingId = '';
/** `/assets/livekit-client.esm-<hash>.js`, from the build manifest. */
let livekitChunk = '';
/** Scripts partner A's page loaded: the session page must load the livekit chunk. */
const partnerScripts: string[] = [];
const { pageErrors, watch } = pageWatcher();
/** Every change's delivery time to each partner, for the log. */
const deliveries: string[] = [];

// ---- the overlay the partners should see -------------------------------------------------------

type Card = null | { kind: 'stem'; stemId: string } | { kind: 'custom'; text: string };

interface Model {
  version: number;
  stepId: string;
  sender: Seat;
  card: Card;
}

/** The test's own account of the overlay; each accepted change adds one to `version`. */
let model: Model = { version: 1, stepId: process.steps[0]!.id, sender: 'A', card: null };
/** Each page's UI language, so the expected titles and stem texts follow it. */
const locales = new Map<Page, Locale>();

interface Expected {
  version: string;
  step: string;
  sender: Seat;
  card: null | { kind: string; text: string };
}

function expectedFor(m: Model, locale: Locale): Expected {
  const step = process.steps.find((s) => s.id === m.stepId)!;
  let card: Expected['card'] = null;
  if (m.card?.kind === 'stem') card = { kind: 'stem', text: localize(findStem(m.card.stemId)!.stem.text, locale) };
  if (m.card?.kind === 'custom') card = { kind: 'custom', text: m.card.text };
  return { version: String(m.version), step: localize(step.title, locale), sender: m.sender, card };
}

/** What a page's overlay shows now, in the shape of `Expected` (for failure messages). */
function readOverlay(page: Page) {
  return page.evaluate(() => {
    const q = (id: string) => document.querySelector(`[data-testid="${id}"]`);
    return {
      version: q('overlay-root')?.getAttribute('data-version') ?? null,
      step: q('overlay-step')?.textContent?.trim() ?? null,
      sender: q('overlay-sender')?.getAttribute('data-seat') ?? null,
      cards: [...document.querySelectorAll('[data-testid="overlay-card"]')].map((c) => ({
        kind: c.getAttribute('data-kind'),
        text: c.querySelector('[data-testid="overlay-card-text"]')?.textContent?.trim(),
      })),
      badges: [...document.querySelectorAll('[data-testid^="tile-badge-"]')].map(
        (b) => `${b.getAttribute('data-testid')}=${b.getAttribute('data-role')}`,
      ),
    };
  });
}

/**
 * Waits until the page's overlay shows `m` (version, step title, Sender seat, the card's kind and
 * text, and the Sender/Receiver badges on the video tiles), failing after `timeout` ms. Resolves
 * with the page's `Date.now()` at the first frame that showed it.
 */
async function waitForOverlay(page: Page, name: string, m: Model, timeout: number): Promise<number> {
  const expected = expectedFor(m, locales.get(page) ?? 'en');
  try {
    const shown = await page.waitForFunction(
      (e: Expected) => {
        const q = (id: string) => document.querySelector(`[data-testid="${id}"]`);
        if (q('overlay-root')?.getAttribute('data-version') !== e.version) return false;
        if (q('overlay-step')?.textContent?.trim() !== e.step) return false;
        if (q('overlay-sender')?.getAttribute('data-seat') !== e.sender) return false;
        const badges = [...document.querySelectorAll('[data-testid^="tile-badge-"]')];
        const badgesRight = badges.every(
          (b) => b.getAttribute('data-role') === (b.getAttribute('data-testid') === `tile-badge-${e.sender}` ? 'sender' : 'receiver'),
        );
        if (!badgesRight) return false;
        // A card that is fading out stays in the DOM for a moment: look for the new one.
        const cards = [...document.querySelectorAll('[data-testid="overlay-card"]')];
        const card = e.card;
        const cardRight =
          card === null
            ? cards.length === 0
            : cards.some(
                (c) =>
                  c.getAttribute('data-kind') === card.kind &&
                  c.querySelector('[data-testid="overlay-card-text"]')?.textContent?.trim() === card.text,
              );
        return cardRight && Date.now();
      },
      expected,
      { timeout, polling: 'raf' },
    );
    return (await shown.jsonValue()) as number;
  } catch (error) {
    const seen = await readOverlay(page).catch(() => 'unreadable');
    throw new Error(
      `${name} did not show the overlay within ${timeout} ms.\nexpected ${JSON.stringify(expected)}\nshown    ${JSON.stringify(seen)}`,
      { cause: error },
    );
  }
}

/**
 * One therapist change. The watchers start before the click; each partner's delivery time runs
 * from the click event in the therapist's page to the first frame showing the change (both read
 * from the same system clock), and must be at most `OVERLAY_BUDGET_MS`. The therapist's own
 * overlay shows it at once (optimistic), well inside the same budget.
 */
async function change(
  label: string,
  click: () => Promise<void>,
  next: (m: Model) => Omit<Model, 'version'>,
  watched: [Page, string][] = [
    [partnerA, 'partner A'],
    [partnerB, 'partner B'],
    [therapist, 'the therapist'],
  ],
): Promise<void> {
  model = { ...next(model), version: model.version + 1 };
  const shownAt = Promise.all(
    watched.map(([page, name]) => waitForOverlay(page, `${name} (${label})`, model, OVERLAY_BUDGET_MS + WATCH_GRACE_MS)),
  );
  shownAt.catch(() => undefined); // awaited below; keeps a failed click from leaving it unhandled
  await click();
  const clickedAt = await therapist.evaluate(() => (window as { lastClickAt?: number }).lastClickAt ?? 0);
  const delays = (await shownAt).map((at, i) => [watched[i]![1], at - clickedAt] as const);
  deliveries.push(`${label}: ${delays.map(([name, ms]) => `${name} ${ms} ms`).join(', ')}`);
  for (const [name, ms] of delays) {
    expect(ms, `${name} saw "${label}" ${ms} ms after the click`).toBeLessThanOrEqual(OVERLAY_BUDGET_MS);
  }
}

function stepAfter(stepId: string): string {
  const i = process.steps.findIndex((s) => s.id === stepId);
  return process.steps[i + 1]!.id;
}

async function setLocale(page: Page, locale: Locale): Promise<void> {
  await tid(page, `lang-${locale}`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale);
  locales.set(page, locale);
}

// ---- lifecycle -----------------------------------------------------------------------------------

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'peegel-e2e-web-'));
  cpSync(resolve('dist/web'), webDir, { recursive: true });
  server = await startProduct({ webDir });
  browser = await launchBrowser();
  const options = { locale: 'en-GB', timezoneId: 'Europe/Tallinn' };
  therapist = watch(await newPage(browser, { ...options, viewport: { width: 1440, height: 900 } }), 'therapist');
  // The moment of each click on the therapist's pages, the start of a change's 2 s.
  await therapist.addInitScript(() => {
    document.addEventListener('click', () => ((window as { lastClickAt?: number }).lastClickAt = Date.now()), true);
  });
  partnerA = watch(await newPage(browser, options), 'partner A');
  partnerB = watch(await newPage(browser, options), 'partner B');
  for (const page of [therapist, partnerA, partnerB]) locales.set(page, 'en');
  partnerA.on('request', (r) => {
    if (r.resourceType() === 'script') partnerScripts.push(new URL(r.url()).pathname);
  });
});

afterAll(async () => {
  if (deliveries.length) console.log(`overlay deliveries (budget ${OVERLAY_BUDGET_MS} ms):\n  ${deliveries.join('\n  ')}`);
  await browser?.close();
  await server?.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

describe('a session, end to end, without a LiveKit server', () => {
  it('the public booking page never loads livekit-client', async () => {
    const manifest = JSON.parse(readFileSync(join(webDir, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string }>;
    const chunk = Object.entries(manifest).find(([src]) => src.includes('node_modules/livekit-client/'))?.[1].file;
    expect(chunk, 'the livekit-client chunk in the build manifest').toMatch(/^assets\/.+\.js$/);
    livekitChunk = `/${chunk}`;

    const visitor = watch(await newPage(browser, { locale: 'en-GB' }), 'visitor');
    const scripts: string[] = [];
    visitor.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await visitor.goto(`${server.url}/book/demo`, { waitUntil: 'networkidle' });
    await visitor.locator('h1').first().waitFor();
    expect(scripts.some((s) => /\/assets\/BookingPage-[^/]+\.js$/.test(s)), scripts.join(', ')).toBe(true);
    expect(scripts).not.toContain(livekitChunk);
    expect(scripts.filter((s) => /livekit/i.test(s))).toEqual([]);
    await visitor.context().close();
  });

  it('the therapist signs in and books the couple for right now', async () => {
    expect(server.signInLink).toBeTruthy();
    await therapist.goto(server.signInLink!);
    await therapist.getByTestId('verify-submit').click();
    await therapist.waitForURL(`${server.url}/app`);
    bookingId = await bookNow(server, therapist, PARTNERS, 'en');
    expect(bookingId).toBeTruthy();
  });

  it('partner A comes through the manage page, partner B straight from the link; both pass pre-join', async () => {
    await partnerA.goto(outboxLink(server, PARTNERS[0]!.email, '/manage#token='));
    await tid(partnerA, 'manage-join').click();
    await partnerA.waitForURL(`${server.url}/session/${bookingId}`);

    const token = new URL(outboxLink(server, PARTNERS[1]!.email, '/manage#token=')).hash.slice('#token='.length);
    await partnerB.goto(`${server.url}/session/${bookingId}#token=${token}`);

    for (const page of [partnerA, partnerB]) {
      await tid(page, 'prejoin').waitFor();
      expect(page.url(), 'the token leaves the address bar').not.toContain('token=');
      // The fake camera plays in the preview, and the fake microphone's beep moves the meter.
      await page.waitForFunction(() => {
        const video = document.querySelector<HTMLVideoElement>('[data-testid="prejoin-preview"] video');
        return !!video && video.videoWidth > 0 && !video.paused;
      });
      await page.waitForFunction(
        () => Number(document.querySelector('[data-testid="prejoin-mic-level"]')?.getAttribute('data-level')) > 0,
        null,
        { polling: 'raf', timeout: 10_000 },
      );
    }
    // Toggling the microphone changes the camera and microphone's state, not the camera's track:
    // the preview keeps its element and its stream (re-attaching it would blank the picture).
    await partnerA.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="prejoin-preview"] video')!;
      const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject')!;
      const w = window as unknown as { previewSets: number; preview: HTMLVideoElement };
      w.previewSets = 0;
      w.preview = video;
      Object.defineProperty(video, 'srcObject', {
        configurable: true,
        get() {
          return srcObject.get!.call(this);
        },
        set(value) {
          w.previewSets++;
          srcObject.set!.call(this, value);
        },
      });
    });
    for (const pressed of ['false', 'true']) {
      await tid(partnerA, 'prejoin-mic-toggle').click();
      await expect.poll(() => tid(partnerA, 'prejoin-mic-toggle').getAttribute('aria-pressed')).toBe(pressed);
    }
    expect(
      await partnerA.evaluate(() => {
        const w = window as unknown as { previewSets: number; preview: HTMLVideoElement };
        return { sets: w.previewSets, same: document.querySelector('[data-testid="prejoin-preview"] video') === w.preview };
      }),
    ).toEqual({ sets: 0, same: true });
    // The session page does load it, so the name checked on the booking page is the right one.
    expect(partnerScripts).toContain(livekitChunk);
    await screenshot(partnerA, 'session-prejoin');
    await expectAccessible(partnerA, 'pre-join');
  });

  it('both partners join and wait in the waiting room', async () => {
    await tid(partnerA, 'prejoin-join').click();
    await tid(partnerB, 'prejoin-join').click();
    await tid(partnerA, 'waiting-room').waitFor();
    await tid(partnerB, 'waiting-room').waitFor();
    await screenshot(partnerA, 'session-waiting-room');
    await expectAccessible(partnerA, 'waiting room');
  });

  it('the therapist passes pre-join, sees both waiting, and admits them', async () => {
    await therapist.goto(`${server.url}/session/${bookingId}`);
    await tid(therapist, 'prejoin').waitFor();
    await tid(therapist, 'prejoin-join').click();
    await tid(therapist, 'session-room').waitFor();
    await tid(therapist, 'console').waitFor();
    for (const seat of ['A', 'B']) {
      await expect.poll(() => tid(therapist, `lobby-row-${seat}`).getAttribute('data-state'), { timeout: PHASE_MS }).toBe('waiting');
    }
    await expect.poll(() => tid(therapist, 'lobby-row-A').textContent()).toContain(PARTNERS[0]!.name);
    await expect.poll(() => tid(therapist, 'lobby-row-B').textContent()).toContain(PARTNERS[1]!.name);

    await tid(therapist, 'lobby-admit-both').click();
    await tid(partnerA, 'session-room').waitFor({ timeout: PHASE_MS });
    await tid(partnerB, 'session-room').waitFor({ timeout: PHASE_MS });
    for (const seat of ['A', 'B']) {
      await expect.poll(() => tid(therapist, `lobby-row-${seat}`).getAttribute('data-state'), { timeout: PHASE_MS }).toBe('admitted');
    }
    // The join response carries the overlay: everyone starts at the first step, A sends.
    for (const [page, name] of [[partnerA, 'partner A'], [partnerB, 'partner B'], [therapist, 'the therapist']] as const) {
      await waitForOverlay(page, name, model, PHASE_MS);
    }
  });

  it('says clearly that the video service is unreachable, on every page; setup details only to the therapist', async () => {
    for (const page of [partnerA, partnerB, therapist]) {
      const banner = tid(page, 'video-unreachable');
      await banner.waitFor({ timeout: 30_000 });
      await expect.poll(() => banner.getAttribute('role')).toBe('status');
      expect(await banner.getByRole('heading').textContent()).toMatch(/video service unreachable/i);
      const text = await banner.textContent();
      if (page === therapist) expect(text).toContain('npm start runs a LiveKit server');
      else expect(text, 'no developer text on a partner’s screen').not.toMatch(/npm|LIVEKIT_|ws:\/\//);
      expect(await tid(page, 'video-retry').isEnabled()).toBe(true);
      const box = (await banner.boundingBox())!;
      const viewport = page.viewportSize()!;
      expect(box.y + box.height, 'the banner is on screen without scrolling').toBeLessThanOrEqual(viewport.height);
    }
  });

  it('every overlay change reaches both partners within 2 s', async () => {
    await change('next', () => tid(therapist, 'console-next').click(), (m) => ({ ...m, stepId: stepAfter(m.stepId), card: null }));
    await change('next again', () => tid(therapist, 'console-next').click(), (m) => ({ ...m, stepId: stepAfter(m.stepId), card: null }));
    await change('swap roles', () => tid(therapist, 'console-swap').click(), (m) => ({ ...m, sender: m.sender === 'A' ? 'B' : 'A' }));

    const stem = process.steps.find((s) => s.id === model.stepId)!.stems[0]!;
    await change(`stem ${stem.id}`, () => tid(therapist, `console-stem-${stem.id}`).click(), (m) => ({
      ...m,
      card: { kind: 'stem', stemId: stem.id },
    }));

    await tid(therapist, 'console-custom-input').fill(CUSTOM_TEXT);
    await change('custom card', () => tid(therapist, 'console-custom-show').click(), (m) => ({
      ...m,
      card: { kind: 'custom', text: CUSTOM_TEXT },
    }));
  });

  it('the partner view and the therapist console, in English and Estonian', async () => {
    const stem = process.steps.find((s) => s.id === model.stepId)!.stems[0]!;
    await change(`stem ${stem.id} again`, () => tid(therapist, `console-stem-${stem.id}`).click(), (m) => ({
      ...m,
      card: { kind: 'stem', stemId: stem.id },
    }));
    await screenshot(partnerA, 'session-partner-en');
    await tid(therapist, 'lobby').scrollIntoViewIfNeeded();
    await screenshot(therapist, 'session-therapist-console-en');
    await expectAccessible(partnerA, 'partner room (en)');
    await expectAccessible(therapist, 'therapist console (en)');

    await setLocale(partnerA, 'et');
    await setLocale(therapist, 'et');
    // The same overlay, now in Estonian on A's screen and the console, still English on B's.
    for (const [page, name] of [[partnerA, 'partner A'], [therapist, 'the therapist'], [partnerB, 'partner B']] as const) {
      await waitForOverlay(page, `${name} (language)`, model, OVERLAY_BUDGET_MS);
    }
    await screenshot(partnerA, 'session-partner-et');
    await tid(therapist, 'lobby').scrollIntoViewIfNeeded();
    await screenshot(therapist, 'session-therapist-console-et');
    await expectAccessible(partnerA, 'partner room (et)');
    await expectAccessible(therapist, 'therapist console (et)');

    // A change made in Estonian reaches both, each in their own language.
    const next = process.steps.find((s) => s.id === model.stepId)!.stems[1] ?? stem;
    await change(`stem ${next.id} (et console)`, () => tid(therapist, `console-stem-${next.id}`).click(), (m) => ({
      ...m,
      card: { kind: 'stem', stemId: next.id },
    }));

    await setLocale(partnerA, 'en');
    await setLocale(therapist, 'en');
  });

  it('send-back returns partner A to the waiting room; admitting again brings A back', async () => {
    await tid(therapist, 'lobby-send-back-A').click();
    await tid(partnerA, 'waiting-room').waitFor({ timeout: PHASE_MS });
    await expect.poll(() => tid(therapist, 'lobby-row-A').getAttribute('data-state'), { timeout: PHASE_MS }).toBe('waiting');
    expect(await tid(partnerB, 'session-room').isVisible(), 'partner B stays in the room').toBe(true);
    expect(await tid(therapist, 'lobby-row-B').getAttribute('data-state')).toBe('admitted');

    // The overlay keeps going for B while A waits, and A catches up on return.
    await change('next while A waits', () => tid(therapist, 'console-next').click(), (m) => ({ ...m, stepId: stepAfter(m.stepId), card: null }), [
      [partnerB, 'partner B'],
      [therapist, 'the therapist'],
    ]);

    await tid(therapist, 'lobby-admit-A').click();
    await tid(partnerA, 'session-room').waitFor({ timeout: PHASE_MS });
    await expect.poll(() => tid(therapist, 'lobby-row-A').getAttribute('data-state'), { timeout: PHASE_MS }).toBe('admitted');
    await waitForOverlay(partnerA, 'partner A (re-admitted)', model, PHASE_MS);

    await change('swap after return', () => tid(therapist, 'console-swap').click(), (m) => ({ ...m, sender: m.sender === 'A' ? 'B' : 'A' }));
  });

  it('ending the session closes all three pages; the therapist sees the timeline', async () => {
    await tid(therapist, 'console-end').click();
    await tid(therapist, 'end-dialog-confirm').click();
    await tid(therapist, 'session-ended').waitFor();
    const ended = performance.now();
    await tid(partnerA, 'session-ended').waitFor({ timeout: PHASE_MS });
    await tid(partnerB, 'session-ended').waitFor({ timeout: PHASE_MS });
    deliveries.push(`end reached both partners after ${Math.round(performance.now() - ended)} ms`);
    expect(await tid(partnerA, 'session-room').count()).toBe(0);

    const timeline = tid(therapist, 'timeline');
    await timeline.waitFor();
    await expect.poll(() => timeline.locator('li.ev').count(), { timeout: PHASE_MS }).toBeGreaterThan(0);
    await screenshot(therapist, 'session-ended-timeline');
  });

  it('no page threw or broke the Content Security Policy', () => {
    expect(pageErrors).toEqual([]);
  });
});
