/**
 * Between sessions, end to end in a real browser: the therapist ends a session, edits and shares
 * the worksheet (and loses a save to a change made elsewhere, which reloads and says so); partner
 * A reads it in Estonian; partner B adds a caring behaviour on a phone; the couple runs a whole
 * Imago Dialogue with a switch on one phone — offline, with no request while practising — and
 * shares the one-line record once back online; the therapist sees it. Every kind of page is
 * checked with axe-core and photographed (desktop and phone, Estonian and English).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../functions/local/app-server';
import { getProcess, localize } from '../../shared/dialogues';
import type { Seat } from '../../shared/schemas';
import { ARTIFACTS, expectAccessible, launchBrowser, newPage, outboxLink, pageWatcher, screenshot, startProduct, tid } from './browser';

const PARTNERS = [
  { seat: 'A' as Seat, name: 'Mari', email: 'mari@example.com' },
  { seat: 'B' as Seat, name: 'Jüri', email: 'jyri@example.com' },
];
const NOTE = 'Practise the Appointment before every dialogue – one topic, one sentence.';
const APPRECIATION_A = 'You made tea for me when I came home late.';
const APPRECIATION_B = 'You listened to the end without interrupting.';
const REQUESTS: [string, string, string] = [
  'Put your phone away at dinner on weekdays',
  'Ask me about my day before talking about yours',
  'Plan one walk together this Sunday',
];
const CARING = 'Brings me coffee in the morning';
const PHONE = { width: 390, height: 844 };
const dialogue = getProcess('couples-dialogue')!;

let server: LocalServer;
let webDir = '';
let browser: Browser;
let therapist: Page;
let partnerA: Page;
/** Partner B's phone, which the couple then practises on together. */
let phone: Page;
let bookingId = '';
const { pageErrors, watch } = pageWatcher();

/** The guide as the couple sees it: one phone screen, its action bar at the bottom. */
async function screen(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

async function setLocale(page: Page, locale: 'et' | 'en'): Promise<void> {
  await tid(page, `lang-${locale}`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale);
}

async function api(method: 'post' | 'put', path: string, data?: unknown) {
  const response = await therapist.request[method](`${server.url}${path}`, { headers: { Origin: server.url }, data });
  expect(response.status(), `${method.toUpperCase()} ${path}: ${await response.text()}`).toBeLessThan(300);
  return response.json() as Promise<Record<string, unknown>>;
}

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'peegel-e2e-web-'));
  cpSync(resolve('dist/web'), webDir, { recursive: true });
  server = await startProduct({ webDir });
  browser = await launchBrowser();
  const options = { locale: 'en-GB', timezoneId: 'Europe/Tallinn' };
  therapist = watch(await newPage(browser, { ...options, viewport: { width: 1280, height: 900 } }), 'therapist');
  partnerA = watch(await newPage(browser, options), 'partner A');
  phone = watch(await newPage(browser, { ...options, viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }), 'phone');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

describe('between sessions, end to end', () => {
  it('the therapist books the couple, records their requests in the session, and ends it', async () => {
    await therapist.goto(server.signInLink!);
    await tid(therapist, 'verify-submit').click();
    await therapist.waitForURL(`${server.url}/app`);
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    const { booking } = (await api('post', '/api/me/bookings', {
      start,
      durationMinutes: 60,
      partners: PARTNERS.map(({ name, email }) => ({ name, email })),
      locale: 'et',
    })) as { booking: { id: string } };
    bookingId = booking.id;
    await api('put', `/api/sessions/${bookingId}/bcr`, { requests: REQUESTS, chosen: 1, from: 'A' });
    await api('post', `/api/sessions/${bookingId}/end`);
  });

  it('the therapist edits the worksheet; a save that lost to another change reloads and says so', async () => {
    await therapist.goto(`${server.url}/session/${bookingId}/timeline`);
    const editor = tid(therapist, 'worksheet-editor');
    await tid(therapist, 'ws-save').waitFor();
    expect(await editor.getAttribute('data-share')).toBe('never');
    // The requests from the console are in the draft, the chosen one marked.
    expect(await tid(therapist, 'ws-bcr-0').inputValue()).toBe(REQUESTS[0]);
    expect(await tid(therapist, 'ws-bcr-chosen-1').isChecked()).toBe(true);

    // Someone saves in another window meanwhile: this page's edit is on an old version.
    const before = Number(await editor.getAttribute('data-version'));
    await api('put', `/api/me/bookings/${bookingId}/worksheet`, { baseVersion: before, note: 'From another window' });
    await tid(therapist, 'ws-note').fill('This edit loses');
    await tid(therapist, 'ws-save').click();
    await expect.poll(() => tid(therapist, 'ws-message').textContent()).toContain('changed meanwhile');
    expect(await tid(therapist, 'ws-note').inputValue()).toBe('From another window');

    if (!(await tid(therapist, 'ws-process-couples-dialogue').isChecked())) await tid(therapist, 'ws-process-couples-dialogue').check();
    await tid(therapist, 'ws-note').fill(NOTE);
    await tid(therapist, 'ws-appreciation-add').click();
    await tid(therapist, 'ws-appreciation-text').nth(0).fill(APPRECIATION_A);
    await tid(therapist, 'ws-appreciation-add').click();
    await tid(therapist, 'ws-appreciation-from').nth(1).selectOption('B');
    await tid(therapist, 'ws-appreciation-text').nth(1).fill(APPRECIATION_B);
    expect(await tid(therapist, 'ws-share').isDisabled(), 'sharing waits for the save').toBe(true);
    await tid(therapist, 'ws-save').click();
    await expect.poll(() => tid(therapist, 'ws-message').textContent()).toContain('Saved');
    expect(Number(await editor.getAttribute('data-version'))).toBeGreaterThan(before + 1);
  });

  it('the therapist shares it, and sees "shared on …"; an edit after sharing asks to share again', async () => {
    await tid(therapist, 'ws-share').click();
    await expect.poll(() => tid(therapist, 'worksheet-editor').getAttribute('data-share')).toBe('current');
    expect(await tid(therapist, 'ws-share-state').textContent()).toContain('Shared with the couple on');
    // Home practice: the defaults include the Imago Dialogue.
    expect(await tid(therapist, 'ws-practice-couples-dialogue').isChecked()).toBe(true);
    await screenshot(therapist, 'between-therapist-worksheet-en');
    await expectAccessible(therapist, 'worksheet editor (en)');

    await tid(therapist, 'ws-note').fill(`${NOTE} Take your time.`);
    await tid(therapist, 'ws-save').click();
    await expect.poll(() => tid(therapist, 'worksheet-editor').getAttribute('data-share')).toBe('behind');
    await tid(therapist, 'ws-share').click();
    await expect.poll(() => tid(therapist, 'worksheet-editor').getAttribute('data-share')).toBe('current');

    await setLocale(therapist, 'et');
    await tid(therapist, 'ws-share-state').filter({ hasText: 'Paariga jagatud' }).waitFor();
    await screenshot(therapist, 'between-therapist-worksheet-et');
    await expectAccessible(therapist, 'worksheet editor (et)');
    await setLocale(therapist, 'en');
  });

  it('partner A sees the shared worksheet in Estonian', async () => {
    await partnerA.goto(outboxLink(server, PARTNERS[0]!.email, '/manage#token='));
    await setLocale(partnerA, 'et');
    const sheet = tid(partnerA, 'worksheet');
    await expect.poll(() => sheet.getAttribute('data-state')).toBe('shared');
    expect(await sheet.locator('h3').textContent()).toBe('Seansist');
    expect(await tid(partnerA, 'worksheet-processes').textContent()).toContain(localize(dialogue.title, 'et'));
    expect(await tid(partnerA, 'worksheet-note').textContent()).toContain('Take your time.');
    const appreciations = await tid(partnerA, 'worksheet-appreciations').textContent();
    expect(appreciations).toContain(APPRECIATION_A);
    expect(appreciations).toContain('ütles Jüri');
    const chosen = tid(partnerA, 'worksheet-bcr').locator('li[data-chosen="true"]');
    expect(await chosen.textContent()).toContain(REQUESTS[1]);
    expect(await chosen.textContent()).toContain('Valitud kingituseks');
    await tid(partnerA, 'between').scrollIntoViewIfNeeded();
    await screenshot(partnerA, 'between-partner-worksheet-et');
    await expectAccessible(partnerA, 'partner page (et)');
  });

  it('partner B adds a caring behaviour on a phone and marks it done today; A sees it', async () => {
    await phone.goto(outboxLink(server, PARTNERS[1]!.email, '/manage#token='));
    await setLocale(phone, 'en');
    await tid(phone, 'caring-text').fill(CARING);
    await tid(phone, 'caring-new-rating').selectOption('5');
    await tid(phone, 'caring-submit').click();
    const item = tid(phone, 'caring-item').filter({ hasText: CARING });
    await item.waitFor();
    expect(await item.getByTestId('caring-rating').inputValue()).toBe('5');
    await item.getByTestId('caring-done').check();
    await expect.poll(() => item.getByTestId('caring-done').isChecked()).toBe(true);
    await expect.poll(() => item.getByTestId('caring-done').isEnabled()).toBe(true);
    await tid(phone, 'caring').scrollIntoViewIfNeeded();
    await screenshot(phone, 'between-partner-caring-phone-en');
    await expectAccessible(phone, 'partner page on a phone (en)');

    await partnerA.reload();
    const theirs = tid(partnerA, 'caring-theirs-item').filter({ hasText: CARING });
    await theirs.waitFor();
    expect(await theirs.textContent()).toContain('Täna tehtud');
    expect(await tid(partnerA, 'caring-theirs').locator('h4').textContent()).toContain('Jüri');
  });

  it('the couple practises a whole Imago Dialogue with a switch on the phone, offline, sending nothing', async () => {
    await tid(phone, 'practice-open').click();
    await phone.waitForURL(`${server.url}/manage/practice`);
    await tid(phone, 'practice-setup').waitFor();
    await tid(phone, 'practice-process-couples-dialogue').check();
    await tid(phone, 'practice-first-A').check();
    await tid(phone, 'practice-timer-180').check();
    await screenshot(phone, 'between-practice-setup-phone-en');
    await expectAccessible(phone, 'practice setup (en)');

    const requests: string[] = [];
    phone.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
    await phone.context().setOffline(true);
    await tid(phone, 'practice-begin').click();
    const guide = tid(phone, 'practice-guide');

    for (const [turn, sender] of [[0, 'A'], [1, 'B']] as const) {
      for (const step of dialogue.steps) {
        await expect.poll(() => guide.getAttribute('data-step')).toBe(step.id);
        expect(await guide.getAttribute('data-sender')).toBe(sender);
        expect(await tid(phone, 'practice-step').textContent()).toBe(localize(step.title, turn === 0 ? 'en' : 'et'));
        if (step.id === 'mirror' && turn === 0) {
          // "Is there more?" goes back to sending; Next from there comes back to mirroring.
          await tid(phone, 'practice-more').click();
          await expect.poll(() => guide.getAttribute('data-step')).toBe('send');
          await tid(phone, 'practice-next').click();
          await expect.poll(() => guide.getAttribute('data-step')).toBe('mirror');
          await screen(phone, 'between-practice-mirror-phone-en');
          await expectAccessible(phone, 'practice guide (en)');
        }
        if (step.id === 'empathy') {
          expect(await tid(phone, 'practice-feelings').count()).toBe(1);
          if (turn === 1) await screen(phone, 'between-practice-empathy-phone-et');
        }
        if (step.id === 'switch') break;
        await tid(phone, 'practice-next').click();
      }
      expect(await tid(phone, 'practice-live').textContent()).toBeTruthy();
      if (turn === 0) {
        await tid(phone, 'practice-switch').click();
        // The second turn in Estonian: the language changes, the practice goes on.
        await setLocale(phone, 'et');
        expect(await tid(phone, 'practice-sender').textContent()).toContain('Jüri, Saatja');
        await expectAccessible(phone, 'practice guide (et)');
      } else {
        // Next went away on the switch step: the keyboard is on the step's main action.
        expect(await phone.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('practice-switch');
        await screen(phone, 'between-practice-switch-phone-et');
        await tid(phone, 'practice-finish').click();
      }
    }
    await tid(phone, 'practice-done').waitFor();
    expect(requests, 'no request while practising').toEqual([]);
    expect(await tid(phone, 'practice-summary').textContent()).toContain(localize(dialogue.title, 'et'));
  });

  it('sharing the record offline says so; back online, a retry shares it', async () => {
    await tid(phone, 'practice-share').click();
    await expect.poll(() => tid(phone, 'practice-share-status').textContent()).toContain('internetiühendus puudub');
    await screenshot(phone, 'between-practice-offline-phone-et');
    await expectAccessible(phone, 'practice done, offline (et)');
    await phone.context().setOffline(false);
    await tid(phone, 'practice-share').click();
    await expect.poll(() => tid(phone, 'practice-share-status').textContent()).toContain('Jagatud');
    await setLocale(phone, 'en');
    await screenshot(phone, 'between-practice-shared-phone-en');
  });

  it('the therapist sees the shared record: process, duration and date, nothing else', async () => {
    await therapist.reload();
    const record = tid(therapist, 'ws-record').first();
    await record.waitFor();
    const text = (await record.textContent())!;
    expect(text).toContain(localize(dialogue.title, 'en'));
    expect(text).toMatch(/\d+ (min|s)/);
    await tid(therapist, 'ws-practice').scrollIntoViewIfNeeded();
    await screenshot(therapist, 'between-therapist-records-en');
  });

  it('the partner page on a desktop and on a phone, in English', async () => {
    await setLocale(partnerA, 'en');
    await partnerA.reload();
    await tid(partnerA, 'practice-records').waitFor();
    await screenshot(partnerA, 'between-partner-desktop-en');
    await expectAccessible(partnerA, 'partner page (en)');
    await phone.goto(`${server.url}/manage`);
    await tid(phone, 'worksheet').waitFor();
    await setLocale(phone, 'et');
    await screenshot(phone, 'between-partner-phone-et');
  });

  it("the therapist's settings choose the default home-practice dialogues", async () => {
    await therapist.goto(`${server.url}/app/settings`);
    const frustration = tid(therapist, 'settings-practice-frustration');
    expect(await tid(therapist, 'settings-practice-couples-dialogue').isChecked()).toBe(true);
    await frustration.check();
    await tid(therapist, 'settings-save').click();
    await expect.poll(() => tid(therapist, 'settings-message').textContent()).toContain('Settings saved');
    await therapist.reload();
    expect(await tid(therapist, 'settings-practice-frustration').isChecked()).toBe(true);
    await expectAccessible(therapist, 'settings');
  });

  it('no page threw or broke the Content Security Policy', () => {
    expect(pageErrors).toEqual([]);
  });
});
