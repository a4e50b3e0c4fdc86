/**
 * The whole Imago method from the console alone, in Estonian, in a real browser (no LiveKit
 * server: partners follow the overlay by polling). The therapist runs a Couples Dialogue with
 * "Is there more?", the feelings card and a turn switch (Switch and start, Undo) from the
 * keyboard; a Parent–Child Dialogue whose parent badge shows on the partners' pages; a Behavior
 * Change Request with its three requests typed once and the chosen one marked. A partner's
 * pause signal reaches the therapist, who acknowledges it, and the partner sees that. axe-core
 * checks the console and a partner's room; both are photographed in Estonian and English.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../functions/local/app-server';
import { DECK, getProcess, localize } from '../../shared/dialogues';
import type { Seat } from '../../shared/schemas';
import { bookNow, launchBrowser, newPage, outboxLink, pageWatcher, screenshot, seriousA11yViolations, startProduct, tid } from './browser';

/** Partners poll the overlay every second without LiveKit; a change shows well within this. */
const SHOWN_MS = 5000;
const PHASE_MS = 10_000;

const PARTNERS = [
  { seat: 'A' as Seat, name: 'Mari', email: 'mari@example.com' },
  { seat: 'B' as Seat, name: 'Jüri', email: 'jyri@example.com' },
];
const REQUESTS = [
  'Kallista mind igal hommikul enne tööle minekut.',
  'Küsi reedeti, kuidas mu nädal läks.',
  'Mine minuga pühapäeval jalutama.',
];

let server: LocalServer;
let webDir = '';
let browser: Browser;
let therapist: Page;
let partnerA: Page;
let partnerB: Page;
let bookingId = '';
const { pageErrors, watch } = pageWatcher();

const et = (text: { en: string; et: string }) => localize(text, 'et');
const stepTitle = (processId: string, stepId: string) =>
  et(getProcess(processId)!.steps.find((s) => s.id === stepId)!.title);

/** The keyboard shortcut goes to the console, not to a field that had focus. */
async function press(key: string): Promise<void> {
  await therapist.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await therapist.keyboard.press(key);
}

async function shows(page: Page, step: string, sender?: Seat): Promise<void> {
  await expect.poll(() => tid(page, 'overlay-step').textContent(), { timeout: SHOWN_MS }).toBe(step);
  if (sender) {
    await expect.poll(() => tid(page, 'overlay-sender').getAttribute('data-seat'), { timeout: SHOWN_MS }).toBe(sender);
  }
}

async function cardKind(page: Page): Promise<string | null> {
  const cards = page.locator('[data-testid="overlay-card"]');
  return (await cards.count()) ? cards.last().getAttribute('data-kind') : null;
}

async function setLocale(page: Page, locale: 'et' | 'en'): Promise<void> {
  await tid(page, `lang-${locale}`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale);
}

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'peegel-e2e-imago-'));
  cpSync(resolve('dist/web'), webDir, { recursive: true });
  server = await startProduct({ webDir });
  browser = await launchBrowser();
  const options = { locale: 'et-EE', timezoneId: 'Europe/Tallinn' };
  therapist = watch(await newPage(browser, { ...options, viewport: { width: 1440, height: 900 } }), 'therapist');
  partnerA = watch(await newPage(browser, options), 'partner A');
  partnerB = watch(await newPage(browser, options), 'partner B');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

describe('the Imago method from the console alone (Estonian)', () => {
  it('the couple is booked in Estonian, both partners wait, the therapist lets them in', async () => {
    await therapist.goto(server.signInLink!);
    await tid(therapist, 'verify-submit').click();
    await therapist.waitForURL(`${server.url}/app`);
    bookingId = await bookNow(server, therapist, PARTNERS, 'et');

    for (const [page, partner] of [[partnerA, PARTNERS[0]!], [partnerB, PARTNERS[1]!]] as const) {
      const token = new URL(outboxLink(server, partner.email, '/manage#token=')).hash.slice('#token='.length);
      await page.goto(`${server.url}/session/${bookingId}#token=${token}`);
      await tid(page, 'prejoin').waitFor();
      await tid(page, 'prejoin-join').click();
      await tid(page, 'waiting-room').waitFor();
    }

    await therapist.goto(`${server.url}/session/${bookingId}`);
    await tid(therapist, 'prejoin-join').click();
    await tid(therapist, 'console').waitFor();
    await setLocale(therapist, 'et');
    for (const seat of ['A', 'B']) {
      await expect.poll(() => tid(therapist, `lobby-row-${seat}`).getAttribute('data-state'), { timeout: PHASE_MS }).toBe('waiting');
    }
    await tid(therapist, 'lobby-admit-both').click();
    await tid(partnerA, 'session-room').waitFor({ timeout: PHASE_MS });
    await tid(partnerB, 'session-room').waitFor({ timeout: PHASE_MS });
    expect(await partnerA.evaluate(() => document.documentElement.lang)).toBe('et');
    await shows(partnerA, stepTitle('couples-dialogue', 'appointment'), 'A');
  });

  it('a Couples Dialogue by keyboard: mirroring loops back, the feelings card, Switch and start with Undo', async () => {
    const p = 'couples-dialogue';
    for (let i = 0; i < 3; i++) await press('ArrowRight');
    await shows(partnerB, stepTitle(p, 'mirror'));
    expect(await tid(therapist, 'console-more').getAttribute('aria-keyshortcuts')).toBe('M');

    await press('m'); // "Is there more?"
    await shows(partnerA, stepTitle(p, 'send'));
    await shows(partnerB, stepTitle(p, 'send'));

    await tid(therapist, 'console-step-empathy').click();
    await press('f');
    await expect.poll(() => cardKind(partnerA), { timeout: SHOWN_MS }).toBe('feelings');
    const words = await partnerA.locator('[data-testid="overlay-card-item"]').allTextContents();
    expect(words).toEqual(DECK.feelings.map((f) => et(f.text)));
    expect(await tid(partnerA, 'overlay-card-text').last().textContent()).toBe(et(DECK.cardTitles.feelings));

    await tid(therapist, 'console-step-switch').click();
    await shows(partnerA, stepTitle(p, 'switch'), 'A');
    expect(await tid(therapist, 'console-switch-start').getAttribute('aria-keyshortcuts')).toBe('S');
    await press('s'); // Switch and start: Jüri sends, from the first step
    await shows(partnerA, stepTitle(p, 'appointment'), 'B');
    await shows(partnerB, stepTitle(p, 'appointment'), 'B');
    await expect.poll(() => tid(partnerA, 'tile-badge-B').getAttribute('data-role')).toBe('sender');

    await expect.poll(() => tid(therapist, 'console-undo').isEnabled()).toBe(true);
    await press('u'); // Undo: back to the switch step, Mari sends
    await shows(partnerA, stepTitle(p, 'switch'), 'A');
    await shows(partnerB, stepTitle(p, 'switch'), 'A');
    await expect.poll(() => tid(therapist, 'console-undo').isEnabled()).toBe(false);

    await tid(therapist, 'console-switch-start').click();
    await shows(partnerB, stepTitle(p, 'appointment'), 'B');
  });

  it('a Parent–Child Dialogue: the parent badge is on the Receiver’s tile for both partners', async () => {
    const p = 'parent-child';
    await tid(therapist, 'console-process').selectOption(p);
    await shows(partnerA, stepTitle(p, 'set-role'));
    await tid(therapist, 'console-parent-mother').click();
    // Jüri sends after the switch, so Mari (A) plays his mother.
    const badge = et(DECK.parentRoles.find((r) => r.id === 'mother')!.badge);
    for (const page of [partnerA, partnerB, therapist]) {
      await expect.poll(() => tid(page, 'tile-parent-A').textContent(), { timeout: SHOWN_MS }).toBe(badge);
      expect(await tid(page, 'tile-parent-B').count()).toBe(0);
    }
    await press('ArrowRight');
    await shows(partnerB, stepTitle(p, 'living-with-me'));
    expect(await tid(partnerB, 'tile-parent-A').textContent()).toBe(badge);
  });

  it('a Behavior Change Request: three requests typed once, shown, one chosen as a gift', async () => {
    const p = 'behavior-change-request';
    await tid(therapist, 'console-process').selectOption(p);
    await tid(therapist, 'console-step-requests').click();
    await shows(partnerA, stepTitle(p, 'requests'));
    expect(await tid(partnerA, 'tile-parent-A').count(), 'the parent role ends with its dialogue').toBe(0);

    for (const [i, text] of REQUESTS.entries()) await tid(therapist, `console-bcr-${i}`).fill(text);
    await tid(therapist, 'console-bcr-show').click();
    for (const page of [partnerA, partnerB]) {
      await expect.poll(() => cardKind(page), { timeout: SHOWN_MS }).toBe('bcrRequests');
      await expect
        .poll(() => page.locator('[data-testid="overlay-request"] .req').allTextContents(), { timeout: SHOWN_MS })
        .toEqual(REQUESTS);
    }

    await tid(therapist, 'console-step-gift').click();
    await tid(therapist, 'console-bcr-choose-1').click();
    for (const page of [partnerA, partnerB]) {
      await expect
        .poll(() => page.locator('[data-testid="overlay-request"][data-chosen="true"] .req').allTextContents(), { timeout: SHOWN_MS })
        .toEqual([REQUESTS[1]]);
    }
  });

  it('a partner’s pause signal reaches the therapist only, and the partner sees it was seen', async () => {
    await tid(partnerB, 'signal-pause').click();
    await expect.poll(() => tid(partnerB, 'signal-status').textContent()).toContain('Saadetud terapeudile');

    const banner = tid(therapist, 'console-signal');
    await banner.waitFor({ timeout: PHASE_MS });
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.getAttribute('data-seat')).toBe('B');
    expect(await banner.textContent()).toContain('Jüri vajab pausi');
    expect(await tid(therapist, 'tile-B').getAttribute('data-signal')).toBe('true');
    await tid(therapist, 'console').scrollIntoViewIfNeeded();
    await screenshot(therapist, 'imago-console-signal-et');
    // The other partner never sees it.
    expect(await partnerA.getByText('vajab pausi').count()).toBe(0);
    expect(await tid(partnerA, 'console-signal').count()).toBe(0);

    await tid(therapist, 'console-signal-seen').click();
    await expect.poll(() => banner.count()).toBe(0);
    await expect.poll(() => tid(partnerB, 'signal-status').textContent(), { timeout: PHASE_MS }).toContain('Terapeut nägi seda');
    expect(await tid(therapist, 'tile-B').getAttribute('data-signal')).toBeNull();
  });

  it('the console and a partner’s room, in Estonian and English, pass axe', async () => {
    await screenshot(therapist, 'imago-console-et');
    await screenshot(partnerA, 'imago-partner-et');
    expect(await seriousA11yViolations(therapist), 'console (et)').toEqual([]);
    expect(await seriousA11yViolations(partnerA), 'partner room (et)').toEqual([]);

    await setLocale(therapist, 'en');
    await setLocale(partnerA, 'en');
    await expect.poll(() => tid(partnerA, 'overlay-step').textContent()).toBe(
      localize(getProcess('behavior-change-request')!.steps.find((s) => s.id === 'gift')!.title, 'en'),
    );
    await screenshot(therapist, 'imago-console-en');
    await screenshot(partnerA, 'imago-partner-en');
    expect(await seriousA11yViolations(therapist), 'console (en)').toEqual([]);
    expect(await seriousA11yViolations(partnerA), 'partner room (en)').toEqual([]);
  });

  it('no page threw', () => {
    expect(pageErrors).toEqual([]);
  });
});
