#!/usr/bin/env node
/**
 * Clicks through every page of the web app in headless Chromium against a running local server,
 * saving full-page screenshots (desktop and phone) under artifacts/web/ and running axe-core on
 * each page. Usage: node web/scripts/click-through.mjs [http://localhost:8787]
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:8787';
const out = 'artifacts/web';
mkdirSync(out, { recursive: true });
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const problems = [];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function outbox() {
  const res = await fetch(`${base}/api/dev/outbox`);
  return (await res.json()).messages;
}

async function shot(page, vp, name) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: `${out}/${name}-${vp}.png`, fullPage: true });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }),
  );
  for (const v of result.violations) {
    const line = `${vp} ${name}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`;
    if (v.impact === 'serious' || v.impact === 'critical') problems.push(line);
    console.log(line);
  }
  console.log(`✓ ${vp} ${name}`);
}

for (const vp of [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 360, height: 780 },
]) {
  const context = await browser.newContext({
    viewport: { width: vp.width, height: vp.height },
    locale: 'en-GB',
    timezoneId: 'America/New_York',
    bypassCSP: true, // only so axe-core can be injected; the app itself runs under the server's CSP
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    // 401s are expected: the invalid-link pages probe tokens that do not work.
    if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`${vp.name} console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${vp.name} pageerror: ${e.message}`));
  const v = vp.name;

  await page.goto(`${base}/`);
  await page.waitForSelector('h1');
  await shot(page, v, 'landing');

  // Public booking
  await page.goto(`${base}/book/demo`);
  await page.waitForSelector('[data-testid=slot]');
  await shot(page, v, 'book-pick');
  // Next week, so the booking is outside the cancellation window and can be changed.
  await page.click('[data-testid=week-next]');
  await page.waitForSelector('[data-testid=slot]');
  await page.locator('[data-testid=slot]').nth(vp.name === 'desktop' ? 0 : 1).click();
  await page.waitForSelector('[data-testid=booking-form]');
  await page.click('[data-testid=booking-submit]');
  await page.waitForSelector('[data-testid=booking-error]');
  await shot(page, v, 'book-errors');
  await page.fill('[data-testid=partner-a-name]', 'Mari Maasikas');
  await page.fill('[data-testid=partner-a-email]', `mari.${v}@example.com`);
  await page.fill('[data-testid=partner-b-name]', 'Jüri Juurikas');
  await page.check('[data-testid=consent-privacy]');
  await page.check('[data-testid=consent-telehealth]');
  await shot(page, v, 'book-details');
  await page.click('[data-testid=booking-submit]');
  await page.waitForSelector('[data-testid=booking-confirmation]');
  await shot(page, v, 'book-done');

  // Partner page via the emailed link
  const mails = await outbox();
  const invite = mails.reverse().find((m) => m.to === `mari.${v}@example.com`);
  const manageLink = invite?.links?.find((l) => l.includes('/manage'));
  if (!manageLink) throw new Error('no manage link in outbox');
  await page.goto(manageLink.replace(/^https?:\/\/[^/]+/, base));
  await page.waitForSelector('[data-testid=manage-booking]');
  if (page.url().includes('token=')) problems.push(`${v}: token still in the address bar`);
  await shot(page, v, 'manage');
  await page.click('[data-testid=manage-reschedule]');
  await page.waitForSelector('[data-testid=manage-reschedule-panel] [data-testid=slot]');
  await page.click('[data-testid=manage-reschedule-panel] [data-testid=week-next]');
  await page.waitForSelector('[data-testid=manage-reschedule-panel] [data-testid=slot]');
  await page.locator('[data-testid=manage-reschedule-panel] [data-testid=slot]').nth(2).click();
  await shot(page, v, 'manage-reschedule');
  await page.click('[data-testid=manage-reschedule-confirm]');
  await page.waitForSelector('[data-testid=manage-message]');
  await shot(page, v, 'manage-rescheduled');
  await page.click('[data-testid=manage-cancel]');
  await page.waitForSelector('[data-testid=cancel-dialog][open]');
  await shot(page, v, 'manage-cancel-dialog');
  await page.click('[data-testid=cancel-dialog-confirm]');
  await page.waitForSelector('[data-testid=manage-booking][data-status=cancelled]');
  await shot(page, v, 'manage-cancelled');
  await page.goto(`${base}/manage#token=not-a-real-token-000000000000`);
  await page.waitForSelector('[data-testid=manage-invalid]');
  await shot(page, v, 'manage-invalid');

  for (const path of ['privacy', 'telehealth']) {
    await page.goto(`${base}/${path}`);
    await page.waitForSelector('[data-testid=legal-version]');
    await shot(page, v, path);
  }

  // Therapist
  await page.goto(`${base}/signin`);
  await page.fill('[data-testid=signin-email]', 'demo@peegel.local');
  await page.click('[data-testid=signin-submit]');
  await page.waitForSelector('[data-testid=signin-sent], [data-testid=signin-error]');
  await shot(page, v, 'signin-sent');
  const signIn = (await outbox()).reverse().find((m) => m.to === 'demo@peegel.local' && m.links?.some((l) => l.includes('/signin/verify')));
  const verifyLink = signIn?.links.find((l) => l.includes('/signin/verify'));
  if (!verifyLink) throw new Error('no sign-in link in outbox');
  await page.goto(verifyLink.replace(/^https?:\/\/[^/]+/, base));
  await page.waitForURL(`${base}/app`);
  await page.waitForSelector('[data-testid=booking-row], [data-testid=bookings-empty]');
  await shot(page, v, 'dashboard');
  await page.click('[data-testid=nav-settings]');
  await page.waitForSelector('[data-testid=settings-form]');
  await shot(page, v, 'settings');
  await page.click('[data-testid=nav-availability]');
  await page.waitForSelector('[data-testid=availability-form]');
  await shot(page, v, 'availability');
  await page.goto(`${base}/signin/verify#token=expired-token-0000000000000000`);
  await page.waitForSelector('[data-testid=verify-error]');
  await shot(page, v, 'verify-failed');

  await page.goto(`${base}/no-such-page`);
  await page.waitForSelector('h1');
  await shot(page, v, 'not-found');

  // Estonian
  await page.goto(`${base}/book/demo`);
  await page.click('[data-testid=lang-et]');
  await page.waitForSelector('[data-testid=slot]');
  if ((await page.getAttribute('html', 'lang')) !== 'et') problems.push(`${v}: html lang not updated`);
  await shot(page, v, 'book-pick-et');
  await page.click('[data-testid=lang-en]');
  await context.close();
}

await browser.close();
if (problems.length) {
  console.log('\nProblems:\n' + problems.join('\n'));
  process.exit(1);
}
console.log('\nNo serious or critical axe violations, no console errors.');
