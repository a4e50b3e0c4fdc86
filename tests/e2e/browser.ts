/**
 * End-to-end helpers: the whole product (startLocalServer, in-memory dynalite, built web app) and
 * Debian's Chromium driven by playwright-core, with axe-core checks and screenshots.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startLocalServer, type LocalServer } from '../../functions/local/app-server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** An element by its `data-testid`. */
export const tid = (page: Page, id: string) => page.getByTestId(id);

/**
 * Collects what went wrong in a test file's pages: uncaught errors and Content Security Policy
 * refusals, as `name: message`. A test ends with `expect(pageErrors).toEqual([])`.
 *
 * @example
 * const { pageErrors, watch } = pageWatcher();
 * therapist = watch(await newPage(browser), 'therapist');
 */
export function pageWatcher(options: { timeoutMs?: number } = { timeoutMs: 15_000 }) {
  const pageErrors: string[] = [];
  const watch = (page: Page, name: string): Page => {
    if (options.timeoutMs) page.setDefaultTimeout(options.timeoutMs);
    page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageErrors.push(`${name}: ${m.text()}`);
    });
    return page;
  };
  return { pageErrors, watch };
}

/**
 * Books `partners` for the current minute as the therapist signed in on `page` (the session is
 * open at once); the booking's id.
 */
export async function bookNow(
  server: { url: string },
  page: Page,
  partners: { name: string; email: string }[],
  locale: 'en' | 'et',
): Promise<string> {
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const response = await page.request.post(`${server.url}/api/me/bookings`, {
    headers: { Origin: server.url },
    data: { start, durationMinutes: 60, partners: partners.map(({ name, email }) => ({ name, email })), locale },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { booking: { id: string } }).booking.id;
}

/** No serious or critical axe-core violations on the page. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await seriousA11yViolations(page), name).toEqual([]);
}
export const ARTIFACTS = resolve('artifacts/e2e');

export async function startProduct(options: Parameters<typeof startLocalServer>[0] = {}): Promise<LocalServer> {
  return startLocalServer({ webDir: resolve('dist/web'), jobIntervalMs: 3_600_000, ...options });
}

/**
 * Debian's Chromium, headless, with a fake camera (a moving pattern) and microphone (a beep, or
 * `fakeAudio`: a WAV file). WebRTC stays on loopback: loopback candidates allowed, no mDNS names
 * (which would also mean multicast), and the only ICE servers are the ones our LiveKit server
 * hands out (127.0.0.1).
 */
export async function launchBrowser(options: { fakeAudio?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      ...(options.fakeAudio ? [`--use-file-for-fake-audio-capture=${options.fakeAudio}`] : []),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
      '--no-first-run',
      '--allow-loopback-in-peer-connection',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
      // Background tabs and occluded windows must keep decoding: three pages share one machine.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
}

export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
  await context.grantPermissions(['camera', 'microphone']).catch(() => undefined);
  return context.newPage();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page; returns the serious and critical violations (should be none). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) allows.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The newest outbox link for a recipient that contains `part`. */
export function outboxLink(server: LocalServer, to: string, part: string): string {
  const link = server.mailer.messages
    .filter((m) => m.to === to)
    .flatMap((m) => m.links)
    .reverse()
    .find((l) => l.includes(part));
  if (!link) throw new Error(`no ${part} link for ${to} in the outbox`);
  return link;
}
