/**
 * The booking journey in a real browser: the therapist signs in through the emailed link and sets
 * availability; a couple in another timezone books on the public page; a partner opens the
 * emailed link, sees the booking, reschedules and cancels. axe-core checks every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../functions/local/app-server';
import { launchBrowser, newPage, outboxLink, pageWatcher, screenshot, seriousA11yViolations, startProduct, tid } from './browser';

let server: LocalServer;
let browser: Browser;
let therapist: Page;
let couple: Page;
let partner: Page;
const jsRequests: string[] = [];
const { pageErrors, watch } = pageWatcher({});

async function checkPage(page: Page, name: string) {
  await screenshot(page, name);
  expect(await seriousA11yViolations(page), name).toEqual([]);
}

beforeAll(async () => {
  server = await startProduct();
  browser = await launchBrowser();
  therapist = watch(await newPage(browser, { locale: 'en-GB', timezoneId: 'Europe/Tallinn' }), 'therapist');
  couple = watch(await newPage(browser, { locale: 'en-US', timezoneId: 'America/New_York' }), 'couple');
  partner = watch(await newPage(browser, { locale: 'en-US', timezoneId: 'America/New_York' }), 'partner');
  couple.on('request', (r) => {
    if (r.resourceType() === 'script') jsRequests.push(r.url());
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('booking, end to end', () => {
  it('the therapist signs in with the emailed link', async () => {
    await therapist.goto(`${server.url}/signin`);
    await checkPage(therapist, 'therapist-signin');
    await tid(therapist, 'signin-email').fill('demo@peegel.local');
    await tid(therapist, 'signin-submit').click();
    await expect.poll(() => tid(therapist, 'signin-sent').isVisible()).toBe(true);
    const link = outboxLink(server, 'demo@peegel.local', '/signin/verify');
    // A mail scanner that opens the link and runs its scripts neither uses it up nor signs in.
    const scanner = await newPage(browser);
    await scanner.goto(link);
    await tid(scanner, 'verify-submit').waitFor();
    await scanner.waitForTimeout(300);
    expect((await scanner.request.get(`${server.url}/api/me`)).status()).toBe(401);
    await scanner.context().close();
    // The therapist opens the same link and signs in with one click.
    await therapist.goto(link);
    await tid(therapist, 'verify-submit').waitFor();
    expect(therapist.url()).not.toContain('token=');
    await checkPage(therapist, 'therapist-verify');
    await tid(therapist, 'verify-submit').click();
    await therapist.waitForURL(`${server.url}/app`);
    await tid(therapist, 'public-link').waitFor();
    await checkPage(therapist, 'therapist-dashboard');
  });

  it('the therapist adds Sunday hours and a day off, and saves', async () => {
    await therapist.goto(`${server.url}/app/availability`);
    const sunday = tid(therapist, 'weekday-7');
    await sunday.waitFor();
    await sunday.getByTestId('interval-add').click();
    await sunday.getByTestId('interval-start').last().fill('10:00');
    await sunday.getByTestId('interval-end').last().fill('16:00');
    await tid(therapist, 'availability-save').click();
    await expect.poll(() => tid(therapist, 'availability-message').textContent()).toMatch(/saved|salvest/i);
    await checkPage(therapist, 'therapist-availability');
    const me = (await (await therapist.request.get(`${server.url}/api/me`)).json()) as {
      therapist: { availability: { weekly: { day: number; start: string; end: string }[] } };
    };
    expect(me.therapist.availability.weekly).toContainEqual({ day: 7, start: '10:00', end: '16:00' });

    await therapist.goto(`${server.url}/app/settings`);
    await tid(therapist, 'settings-form').waitFor();
    await checkPage(therapist, 'therapist-settings');
  });

  let bookedStart = '';

  it('a couple in New York books a slot shown in their own time', async () => {
    await couple.goto(`${server.url}/book/demo`);
    await tid(couple, 'slot').first().waitFor();
    await checkPage(couple, 'booking-slots');
    // Next week: far enough ahead that the couple may still change it (24 h cancellation window).
    await tid(couple, 'week-next').click();
    const first = tid(couple, 'slot').first();
    await expect.poll(async () => Date.parse((await first.getAttribute('data-start')) ?? '0')).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    bookedStart = (await first.getAttribute('data-start'))!;
    const shown = (await first.textContent())!.trim();
    const newYork = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'America/New_York' }).format(new Date(bookedStart));
    expect(shown.replace(/\s+/g, ' ')).toContain(newYork.replace(/\s+/g, ' '));
    await first.click();

    await tid(couple, 'partner-a-name').fill('Ann');
    await tid(couple, 'partner-a-email').fill('ann@example.com');
    await tid(couple, 'partner-b-name').fill('Ben');
    await tid(couple, 'partner-b-email').fill('ben@example.com');
    await tid(couple, 'consent-privacy').check();
    await tid(couple, 'consent-telehealth').check();
    await checkPage(couple, 'booking-form');
    await tid(couple, 'booking-submit').click();
    await tid(couple, 'booking-confirmation').waitFor();
    await checkPage(couple, 'booking-confirmation');
    // The booker (partner 1) is shown only their own link; each partner's went to their own email.
    expect(await tid(couple, 'booking-confirmation').textContent()).toMatch(/own email address/);
    const annLink = new URL(outboxLink(server, 'ann@example.com', '/manage#token='));
    expect(await tid(couple, 'confirmation-manage').getAttribute('href')).toBe(annLink.pathname + annLink.hash);

    const list = (await (await therapist.request.get(`${server.url}/api/me/bookings`)).json()) as { bookings: { start: string; status: string }[] };
    expect(list.bookings).toContainEqual(expect.objectContaining({ start: bookedStart, status: 'confirmed' }));
  });

  it('the booking page loads no LiveKit code', () => {
    expect(jsRequests.length).toBeGreaterThan(0);
    expect(jsRequests.filter((u) => /livekit/i.test(u))).toEqual([]);
  });

  it('the dashboard lists the new session', async () => {
    await therapist.goto(`${server.url}/app`);
    await expect.poll(() => tid(therapist, 'booking-row').count()).toBeGreaterThan(0);
    expect(await tid(therapist, 'booking-row').first().textContent()).toContain('Ann');
  });

  let newStart = '';

  it('a partner opens the emailed link, sees the booking, and reschedules', async () => {
    await partner.goto(outboxLink(server, 'ben@example.com', '/manage#token='));
    await tid(partner, 'manage-booking').waitFor();
    expect(partner.url()).not.toContain('token='); // the token leaves the address bar
    expect(await tid(partner, 'manage-time').getAttribute('data-start')).toBe(bookedStart);
    await checkPage(partner, 'manage-booking');

    await tid(partner, 'manage-reschedule').click();
    const panel = tid(partner, 'manage-reschedule-panel');
    await panel.getByTestId('slot').first().waitFor();
    // Another time, also outside the cancellation window, so the couple can still cancel after.
    const isCandidate = (start: string) => start !== bookedStart && Date.parse(start) > Date.now() + 2 * 86_400_000;
    const starts = await panel.getByTestId('slot').evaluateAll((els) => els.map((e) => e.getAttribute('data-start') ?? ''));
    if (!starts.some(isCandidate)) await panel.getByTestId('week-next').click();
    await expect.poll(async () => (await panel.getByTestId('slot').evaluateAll((els) => els.map((e) => e.getAttribute('data-start') ?? ''))).some(isCandidate)).toBe(true);
    const all = await panel.getByTestId('slot').evaluateAll((els) => els.map((e) => e.getAttribute('data-start') ?? ''));
    newStart = all.filter(isCandidate)[1] ?? all.filter(isCandidate)[0]!;
    await panel.locator(`[data-testid="slot"][data-start="${newStart}"]`).click();
    await checkPage(partner, 'manage-reschedule');
    await tid(partner, 'manage-reschedule-confirm').click();
    await expect.poll(() => tid(partner, 'manage-time').getAttribute('data-start')).toBe(newStart);
    expect(server.mailer.messages.some((m) => m.to === 'ann@example.com' && /new time/i.test(m.subject))).toBe(true);
  });

  it('the partner cancels, and the time becomes bookable again', async () => {
    await tid(partner, 'manage-cancel').click();
    await tid(partner, 'cancel-dialog-confirm').click();
    await expect.poll(() => tid(partner, 'manage-booking').getAttribute('data-status')).toBe('cancelled');
    await checkPage(partner, 'manage-cancelled');
    const from = new Date(Date.parse(newStart) - 60_000).toISOString();
    const to = new Date(Date.parse(newStart) + 60_000).toISOString();
    const slots = (await (await partner.request.get(`${server.url}/api/therapists/demo/slots?from=${from}&to=${to}`)).json()) as { slots: { start: string }[] };
    expect(slots.slots.map((s) => s.start)).toContain(newStart);
    expect(server.mailer.messages.some((m) => m.to === 'demo@peegel.local' && /cancelled|tühistati/i.test(m.subject))).toBe(true);
  });

  it('the therapist cancels a session from the dashboard, then erases its data', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(7, 0, 0, 0);
    const created = await therapist.request.post(`${server.url}/api/me/bookings`, {
      data: {
        start: start.toISOString(),
        durationMinutes: 60,
        partners: [{ name: 'Cleo', email: 'cleo@example.com' }, { name: 'Dan' }],
        locale: 'en',
      },
    });
    expect(created.status()).toBe(201);
    const { booking } = (await created.json()) as { booking: { id: string } };

    await therapist.goto(`${server.url}/app`);
    const row = therapist.locator(`[data-testid="booking-row"][data-id="${booking.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('confirmed');

    // Keyboard: the row's button opens the dialog; its name says whose session, and when.
    const cancel = row.getByTestId('booking-cancel');
    expect(await cancel.getAttribute('aria-label')).toMatch(/Cancel session with Cleo & Dan on .+\d{4}/);
    await cancel.focus();
    await therapist.keyboard.press('Enter');
    const cancelDialog = tid(therapist, 'booking-cancel-dialog');
    await expect.poll(() => cancelDialog.isVisible()).toBe(true);
    expect(await cancelDialog.textContent()).toMatch(/Cleo & Dan[\s\S]*email/);
    await checkPage(therapist, 'dashboard-cancel-dialog');
    await tid(therapist, 'booking-cancel-dialog-confirm').click();

    await expect.poll(() => row.getAttribute('data-status')).toBe('cancelled');
    await expect.poll(() => cancelDialog.isVisible()).toBe(false);
    const status = therapist.locator('[data-testid="booking-action-status"][data-section="upcoming"]');
    expect(await status.getAttribute('role')).toBe('status');
    await expect.poll(() => status.textContent()).toMatch(/cancelled/i);
    // Focus lands on the row's next action rather than on the page body.
    await expect.poll(() => row.getByTestId('booking-erase').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(server.mailer.messages.some((m) => m.to === 'cleo@example.com' && /cancelled/i.test(m.subject))).toBe(true);

    // Erase, on a phone-sized screen.
    await therapist.setViewportSize({ width: 360, height: 740 });
    const erase = row.getByTestId('booking-erase');
    expect(await erase.getAttribute('aria-label')).toMatch(/Erase data of the session with Cleo & Dan on /);
    await erase.click();
    const eraseDialog = tid(therapist, 'booking-erase-dialog');
    await expect.poll(() => eraseDialog.isVisible()).toBe(true);
    expect(await eraseDialog.textContent()).toMatch(/permanently[\s\S]*cannot be undone/i);
    expect(await therapist.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await checkPage(therapist, 'dashboard-erase-dialog-360');
    await tid(therapist, 'booking-erase-dialog-confirm').click();

    await expect.poll(() => row.count()).toBe(0);
    await expect.poll(() => status.textContent()).toMatch(/erased/i);
    await therapist.setViewportSize({ width: 1280, height: 860 });
    const list = (await (await therapist.request.get(`${server.url}/api/me/bookings`)).json()) as { bookings: { id: string }[] };
    expect(list.bookings.map((b) => b.id)).not.toContain(booking.id);
  });

  it('the public pages work on a phone screen, in Estonian', async () => {
    const phone = watch(await newPage(browser, { viewport: { width: 360, height: 740 }, locale: 'et-EE', timezoneId: 'Europe/Tallinn', isMobile: true, hasTouch: true }), 'phone');
    for (const [path, name, ready] of [
      ['/book/demo', 'phone-booking', 'slot'],
      ['/signin', 'phone-signin', 'signin-email'],
      ['/privacy', 'phone-privacy', 'legal-version'],
    ] as const) {
      await phone.goto(`${server.url}${path}`);
      await tid(phone, ready).first().waitFor();
      expect(await phone.evaluate(() => document.documentElement.lang)).toBe('et');
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      await checkPage(phone, name);
    }
    await tid(phone, 'lang-en').click();
    expect(await phone.evaluate(() => document.documentElement.lang)).toBe('en');
    await phone.context().close();
  });

  it('no page broke the security policy or threw', () => {
    expect(pageErrors).toEqual([]);
  });
});
