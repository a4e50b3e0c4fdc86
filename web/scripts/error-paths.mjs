#!/usr/bin/env node
/**
 * Drives the error paths of the web app against a running local server: a slot taken by someone
 * else (409), a value only the server rejects (422), a lost response retried with the same
 * Idempotency-Key, sign-in rate limiting (429), a taken slug, availability validation, and the
 * therapist booking a couple. Screenshots go to artifacts/web/errors-*.png.
 * Usage: node web/scripts/error-paths.mjs [http://localhost:8787]
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:8787';
const out = 'artifacts/web';
mkdirSync(out, { recursive: true });
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? '✓' : '✗'} ${what}`);
  if (!ok) failures.push(what);
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const newPage = async (tz = 'Europe/Berlin') => {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'en-GB', timezoneId: tz });
  return ctx.newPage();
};

async function fillCouple(page, email = 'pair@example.com') {
  await page.fill('[data-testid=partner-a-name]', 'Anu');
  await page.fill('[data-testid=partner-a-email]', email);
  await page.fill('[data-testid=partner-b-name]', 'Mart');
  await page.check('[data-testid=consent-privacy]');
  await page.check('[data-testid=consent-telehealth]');
}

async function pickSlot(page, weeksAhead, index) {
  await page.goto(`${base}/book/demo`);
  await page.waitForSelector('[data-testid=slot]');
  for (let i = 0; i < weeksAhead; i++) {
    await page.click('[data-testid=week-next]');
    await page.waitForSelector('[data-testid=slot]');
  }
  const slot = page.locator('[data-testid=slot]').nth(index);
  const start = await slot.getAttribute('data-start');
  await slot.click();
  await page.waitForSelector('[data-testid=booking-form]');
  return start;
}

// 409: two visitors choose the same time; the second is sent back to the picker.
{
  const a = await newPage();
  const b = await newPage('Asia/Tokyo');
  const startA = await pickSlot(a, 2, 0);
  const startB = await pickSlot(b, 2, 0);
  check(startA === startB, 'both visitors see the same first slot');
  await fillCouple(a);
  await fillCouple(b, 'other@example.com');
  await a.click('[data-testid=booking-submit]');
  await a.waitForSelector('[data-testid=booking-confirmation]');
  await b.click('[data-testid=booking-submit]');
  await b.waitForSelector('[data-testid=booking-notice]');
  await b.waitForSelector('[data-testid=slot]');
  const stillThere = await b.locator(`[data-testid=slot][data-start="${startA}"]`).count();
  check(stillThere === 0, '409 refreshes the slots without the taken one');
  await b.screenshot({ path: `${out}/errors-slot-taken.png`, fullPage: true });
  await a.context().close();
  await b.context().close();
}

// 422 from the server, and a lost response retried with the same key.
{
  const page = await newPage();
  await pickSlot(page, 2, 1);
  await fillCouple(page, 'anu@example');
  await page.fill('[data-testid=partner-a-email]', 'anu@example.com');
  const keys = [];
  let drop = true;
  await page.route('**/api/therapists/demo/bookings', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (drop) {
      drop = false;
      // Let the server book, then lose the response on the way back.
      await route.fetch();
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await page.click('[data-testid=booking-submit]');
  await page.waitForSelector('[data-testid=booking-error]');
  const networkText = await page.textContent('[data-testid=booking-error]');
  check(/not be booked twice/.test(networkText ?? ''), 'network failure explains that retrying is safe');
  await page.screenshot({ path: `${out}/errors-network.png`, fullPage: true });
  await page.click('[data-testid=booking-submit]');
  await page.waitForSelector('[data-testid=booking-confirmation]', { timeout: 10_000 }).catch(() => {});
  check(keys.length === 2 && keys[0] && keys[0] === keys[1], `retry reuses the Idempotency-Key (${keys.join(', ')})`);
  check(await page.isVisible('[data-testid=booking-confirmation]'), 'retry after a lost response shows the confirmation');
  await page.unroute('**/api/therapists/demo/bookings');

  await pickSlot(page, 2, 3);
  await fillCouple(page, 'x@y');
  await page.fill('[data-testid=partner-a-email]', 'x@y.z');
  await page.click('[data-testid=booking-submit]');
  await page.waitForSelector('[data-testid=booking-error]');
  const fieldError = await page.locator('#book-a-email-error').textContent().catch(() => null);
  check(!!fieldError, `422 shows the server's field message (${fieldError})`);
  await page.screenshot({ path: `${out}/errors-422.png`, fullPage: true });
  await page.context().close();
}

// Keyboard only: choose a slot, fill the form, book; then the .ics download on the partner page.
{
  const page = await newPage();
  await page.goto(`${base}/book/demo`);
  await page.waitForSelector('[data-testid=slot]');
  await page.click('[data-testid=week-next]');
  await page.waitForSelector('[data-testid=slot]');
  await page.locator('[data-testid=week-next]').focus();
  let guard = 0;
  while ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !== 'slot' && guard++ < 10) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=booking-form]');
  check((await page.evaluate(() => document.activeElement?.id)) === 'details-heading', 'focus moves to the details heading');
  await page.keyboard.press('Tab'); // Change time
  await page.keyboard.press('Tab');
  await page.keyboard.type('Kai');
  await page.keyboard.press('Tab');
  await page.keyboard.type('kai@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Rein');
  await page.keyboard.press('Tab'); // partner B email
  await page.keyboard.press('Tab'); // language
  await page.keyboard.press('Tab'); // privacy
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab'); // privacy link
  await page.keyboard.press('Tab'); // telehealth
  await page.keyboard.press('Space');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(outline !== 'none', `focused checkbox shows a focus ring (${outline})`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=booking-confirmation]', { timeout: 10_000 }).catch(() => {});
  check(await page.isVisible('[data-testid=booking-confirmation]'), 'booking completes with the keyboard only');

  const href = await page.getAttribute('[data-testid=confirmation-manage]', 'href');
  await page.goto(`${base}${href}`);
  await page.waitForSelector('[data-testid=manage-booking]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=manage-calendar]')]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const ics = readFileSync(path, 'utf8');
  const start = await page.getAttribute('[data-testid=manage-time]', 'data-start');
  const icsStart = new Date(start).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  check(ics.includes(`DTSTART:${icsStart}`), `the .ics starts at the booking's UTC time (${icsStart})`);

  await page.click('a[href="/privacy"]');
  await page.waitForURL(`${base}/privacy`);
  await page.waitForTimeout(100);
  check((await page.evaluate(() => document.activeElement?.tagName)) === 'H1', 'after in-app navigation focus is on the new page heading');
  check((await page.title()).startsWith('Privacy notice'), 'the document title follows the page');
  await page.context().close();
}

// 429 on sign-in emails.
{
  const page = await newPage();
  await page.goto(`${base}/signin`);
  let limited = false;
  for (let i = 0; i < 12 && !limited; i++) {
    await page.fill('[data-testid=signin-email]', 'ratelimit@example.com');
    await page.click('[data-testid=signin-submit]');
    await page.waitForSelector('[data-testid=signin-sent], [data-testid=signin-error]');
    if (await page.isVisible('[data-testid=signin-error]')) limited = true;
    else await page.click('[data-testid=signin-sent] button');
  }
  const text = limited ? await page.textContent('[data-testid=signin-error]') : '';
  check(limited && /again in \d+/.test(text ?? ''), `429 shows when to retry (${text})`);
  await page.screenshot({ path: `${out}/errors-429.png`, fullPage: true });
  await page.context().close();
}

// Therapist: a second account cannot take the slug "demo"; availability validation; book a couple.
{
  const page = await newPage();
  const email = `second.${Date.now()}@example.com`;
  await fetch(`${base}/api/auth/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, locale: 'en' }),
  });
  const { messages } = await (await fetch(`${base}/api/dev/outbox`)).json();
  const link = messages.reverse().find((m) => m.to === email)?.links.find((l) => l.includes('/signin/verify'));
  await page.goto(link.replace(/^https?:\/\/[^/]+/, base));
  await page.waitForURL(`${base}/app`);
  await page.goto(`${base}/app/settings`);
  await page.waitForSelector('[data-testid=settings-form]');
  await page.fill('[data-testid=settings-slug]', 'demo');
  await page.click('[data-testid=settings-save]');
  await page.waitForSelector('#set-slug-error');
  check(/taken/.test((await page.textContent('#set-slug-error')) ?? ''), 'slug_taken shows on the slug field');
  await page.screenshot({ path: `${out}/errors-slug-taken.png`, fullPage: true });
  await page.fill('[data-testid=settings-slug]', `second-${Date.now()}`);
  await page.fill('[data-testid=settings-displayName]', 'Liis Lepp');
  await page.fill('[data-testid=settings-sessionMinutes]', '60');
  await page.click('[data-testid=settings-save]');
  await page.waitForSelector('[data-testid=settings-message]');
  check(/saved/i.test((await page.textContent('[data-testid=settings-message]')) ?? ''), 'settings save');

  await page.click('[data-testid=nav-availability]');
  await page.waitForSelector('[data-testid=availability-form]');
  const monday = page.locator('[data-testid=weekday-1]');
  await monday.locator('[data-testid=interval-add]').click();
  await monday.locator('[data-testid=interval-add]').click();
  await monday.locator('[data-testid=interval-start]').nth(1).fill('16:00');
  await monday.locator('[data-testid=interval-end]').nth(1).fill('18:00');
  await page.click('[data-testid=availability-save]');
  await page.waitForSelector('[data-testid=availability-message]');
  const invalid = await monday.locator('.field-error').count();
  check(invalid > 0, 'overlapping Monday hours are flagged before saving');
  await page.screenshot({ path: `${out}/errors-availability.png`, fullPage: true });
  await monday.locator('[data-testid=interval-start]').nth(1).fill('18:00');
  await monday.locator('[data-testid=interval-end]').nth(1).fill('20:00');
  await page.click('[data-testid=copy-monday]');
  await page.fill('[data-testid=override-date]', '2026-12-24');
  await page.click('[data-testid=override-add]');
  await page.click('[data-testid=availability-save]');
  await page.waitForFunction(() => /saved/i.test(document.querySelector('[data-testid=availability-message]')?.textContent ?? ''));
  check(true, 'availability saves');
  await page.screenshot({ path: `${out}/availability-saved.png`, fullPage: true });
  const me = await page.evaluate(() => fetch('/api/me').then((r) => r.json()));
  check(me.therapist.availability.weekly.filter((w) => w.day <= 5).length === 15, 'three Monday intervals copied to Tue–Fri were stored');

  await page.click('[data-testid=nav-dashboard]');
  await page.waitForSelector('[data-testid=book-couple-form]');
  await page.fill('[data-testid=partner-a-name]', 'Kaja');
  await page.fill('[data-testid=partner-b-name]', 'Toomas');
  await page.fill('[data-testid=book-couple-date]', '2027-03-28');
  await page.fill('[data-testid=book-couple-time]', '03:30');
  await page.click('[data-testid=book-couple-submit]');
  await page.waitForSelector('[data-testid=book-couple-done], [data-testid=book-couple-error]');
  check(await page.isVisible('[data-testid=book-couple-done]'), 'therapist books a couple');
  await page.waitForSelector('[data-testid=booking-row]').catch(() => {});
  await page.screenshot({ path: `${out}/dashboard-booked.png`, fullPage: true });
  await page.click('[data-testid=book-couple-submit]');
  await page.fill('[data-testid=partner-a-name]', 'Kaja');
  await page.fill('[data-testid=partner-b-name]', 'Toomas');
  await page.click('[data-testid=book-couple-submit]');
  await page.waitForSelector('[data-testid=book-couple-error]');
  check(/overlaps/.test((await page.textContent('[data-testid=book-couple-error]')) ?? ''), 'overlapping direct booking is explained');
  await page.click('[data-testid=sign-out]');
  await page.waitForURL(`${base}/signin`);
  await page.goto(`${base}/app`);
  await page.waitForURL(`${base}/signin`);
  check(true, 'signed out; /app redirects to /signin');
  await page.context().close();
}

await browser.close();
if (failures.length) {
  console.log(`\n${failures.length} failed`);
  process.exit(1);
}
