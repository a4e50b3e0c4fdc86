/** What the real-LiveKit benches (media.ts, e2ee.ts) share: waiting in pages and their figures. */
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { mediaEnv, type MediaEnv } from '../tests/media/media-env';

/** How long one step in a page may take before the bench gives up on it. */
export const WAIT_MS = 15_000;
/** The pages' locale and timezone, as a person in Tallinn would have them. */
export const DAY_OPTIONS = { locale: 'en-GB', timezoneId: 'Europe/Tallinn' };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Median and p95 (nearest rank), NaN for no values; not rounded. */
export function medianAndP95(values: number[]): { median: number; p95: number } {
  if (!values.length) return { median: NaN, p95: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { median, p95: sorted[Math.max(0, Math.ceil(0.95 * n) - 1)]! };
}

/**
 * Waits until `predicate(arg)`, run in the page, is true (a function, not a string: the CSP
 * forbids eval), with a message naming `what` when it does not.
 */
export async function waitInPage<A>(page: Page, predicate: (arg: A) => boolean, arg: A, what: string): Promise<void> {
  try {
    await page.waitForFunction(predicate as (arg: unknown) => boolean, arg, { timeout: WAIT_MS, polling: 50 });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    const why = timedOut ? `timed out after ${WAIT_MS / 1000} s` : (error as Error).message;
    throw new Error(`${why} waiting for ${what}`);
  }
}

/**
 * Script text for a page's init script (plain text: the CSP forbids eval, and tsx's helpers would
 * break a passed function). Inside an instrument script where `bench.admittedJoins` exists, it
 * wraps `fetch` to record the time of each admitted `POST …/join` answer; `more` is extra script
 * run for every answer with `path`, `method`, `response` and `at` in scope.
 */
export function watchJoinAnswers(more = ''): string {
  return `
  const originalFetch = window.fetch;
  window.fetch = async function (input, init) {
    const response = await originalFetch.call(this, input, init);
    const at = Date.now();
    try {
      const href = input instanceof Request ? input.url : String(input);
      const method = ((init && init.method) || (input instanceof Request ? input.method : 'GET')).toUpperCase();
      const path = new URL(href, location.href).pathname;
      ${more}
      if (/^\\/api\\/sessions\\/[^/]+\\/join$/.test(path) && response.ok) {
        response.clone().json().then((body) => {
          if (body && body.status === 'admitted') bench.admittedJoins.push(at);
        }, () => {});
      }
    } catch {}
    return response;
  };`;
}

/**
 * What a real-LiveKit bench needs before it starts: the namespace, the server and Chromium
 * (`mediaEnv`), and a private copy of the web build, so a rebuild by someone else mid-bench
 * cannot break the pages. Or why it must be skipped.
 */
export function prepareMediaBench(name: string): { skipped: string } | { env: MediaEnv; webDir: string } {
  const env = mediaEnv({ browser: true });
  if (!env.ok) return { skipped: env.reason };
  if (!existsSync('dist/web/index.html')) return { skipped: 'no web build in dist/web (run `npm run build:web`)' };
  const webDir = mkdtempSync(join(tmpdir(), `peegel-bench-${name}-web-`));
  cpSync(resolve('dist/web'), webDir, { recursive: true });
  return { env, webDir };
}
