/**
 * The therapist's Wording page in a real browser, in Estonian: rewording a stem, resetting an
 * earlier override to the default, adding an own card to a step, saving, and finding all of it
 * again after a reload; a save that lost to another tab reloads and says so. axe-core on the page,
 * screenshots under artifacts/e2e/wording-*.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../functions/local/app-server';
import type { DeckOverrides } from '../../shared/dialogues/overrides';
import { launchBrowser, newPage, pageWatcher, screenshot, seriousA11yViolations, startProduct } from './browser';

const FEEL = 'stem:couples-dialogue.send.feel';
const NEED = 'stem:couples-dialogue.send.need';
const MY_FEEL = 'Kui see juhtub, tunnen ma end …';
const CARD = { et: 'Kõige rohkem igatsen ma …', en: 'What I long for most is …' };

let server: LocalServer;
let webDir = '';
let browser: Browser;
let page: Page;
const { pageErrors, watch } = pageWatcher();

const tid = (id: string) => page.getByTestId(id);
const item = (key: string) => page.locator(`[data-testid="wording-item"][data-key="${key}"]`);

async function deck(): Promise<{ overrides: DeckOverrides; version: number }> {
  const res = await page.request.get(`${server.url}/api/me/deck`);
  expect(res.status()).toBe(200);
  return res.json();
}

async function putDeck(overrides: DeckOverrides, baseVersion: number) {
  const res = await page.request.put(`${server.url}/api/me/deck`, {
    headers: { Origin: server.url },
    data: { overrides, baseVersion },
  });
  expect(res.status(), await res.text()).toBe(200);
}

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'peegel-e2e-web-'));
  cpSync(resolve(process.env.PEEGEL_WEB_DIR ?? 'dist/web'), webDir, { recursive: true });
  server = await startProduct({ webDir });
  browser = await launchBrowser();
  page = watch(await newPage(browser, { locale: 'en-GB', timezoneId: 'Europe/Tallinn', viewport: { width: 1280, height: 900 } }), 'therapist');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

describe('the Wording page', () => {
  it('rewords an Estonian stem, resets another, adds a card; all of it is there after a reload', async () => {
    await page.goto(server.signInLink!);
    await tid('verify-submit').click();
    await page.waitForURL(`${server.url}/app`);
    // An earlier override, to be reset on the page.
    await putDeck({ texts: { [NEED]: { en: 'What I need is …', et: 'Mul on vaja …' } }, added: {} }, 0);

    await tid('lang-et').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('et');
    await tid('nav-wording').click();
    await page.waitForURL(`${server.url}/app/wording`);
    await tid('wording-form').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Kaartide sõnastus');

    expect(await item(NEED).getAttribute('data-changed')).toBe('true');
    expect(await item(NEED).getByTestId('wording-et').inputValue()).toBe('Mul on vaja …');
    expect(await item(FEEL).getAttribute('data-changed')).toBe('false');

    await item(FEEL).getByTestId('wording-et').fill(MY_FEEL);
    expect(await item(FEEL).getAttribute('data-changed')).toBe('true');
    await item(NEED).getByTestId('wording-reset').click();
    expect(await item(NEED).getAttribute('data-changed')).toBe('false');

    const send = page.locator('[data-testid="wording-step"][data-step="couples-dialogue.send"]');
    await send.getByTestId('wording-add-role').selectOption('R');
    // Both languages are needed.
    await send.getByTestId('wording-add-et').fill(CARD.et);
    await send.getByTestId('wording-add').click();
    await expect.poll(() => send.getByRole('alert').textContent()).toContain('Kirjuta tekst ka selles keeles');
    await send.getByTestId('wording-add-en').fill(CARD.en);
    await send.getByTestId('wording-add').click();
    await expect.poll(() => send.getByTestId('wording-added').count()).toBe(1);

    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'wording-et-edited');

    await tid('wording-save').click();
    await expect.poll(() => tid('wording-message').textContent()).toContain('Sõnastus salvestatud');

    const saved = await deck();
    expect(saved.version).toBe(2);
    expect(saved.overrides.texts).toEqual({ [FEEL]: { en: 'When that happens, I feel …', et: MY_FEEL } });
    const added = saved.overrides.added['couples-dialogue']!.send!;
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ role: 'R', text: CARD });
    expect(added[0]!.id).toMatch(/^custom\.couples-dialogue\.send\.[a-z0-9]+$/);

    await page.reload();
    await tid('wording-form').waitFor();
    expect(await item(FEEL).getByTestId('wording-et').inputValue()).toBe(MY_FEEL);
    expect(await item(FEEL).getByText('Vaikimisi:').count()).toBe(1);
    expect(await item(NEED).getAttribute('data-changed')).toBe('false');
    const card = send.getByTestId('wording-added');
    expect(await card.getByTestId('wording-et').inputValue()).toBe(CARD.et);
    expect(await card.getByTestId('wording-en').inputValue()).toBe(CARD.en);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'wording-et-saved');
  });

  it('a save that lost to another tab reloads the saved wording and says so', async () => {
    const { overrides, version } = await deck();
    await putDeck({ ...overrides, texts: { ...overrides.texts, 'feeling:hurt': { en: 'wounded', et: 'haavunud' } } }, version);

    await item(FEEL).getByTestId('wording-et').fill('See muudatus kaob');
    await tid('wording-save').click();
    await expect.poll(() => tid('wording-message').textContent()).toContain('muudeti vahepeal');
    expect(await item(FEEL).getByTestId('wording-et').inputValue()).toBe(MY_FEEL);

    await tid('wording-section').selectOption('feelings');
    expect(await item('feeling:hurt').getByTestId('wording-et').inputValue()).toBe('haavunud');
    await tid('lang-en').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Card wording');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'wording-en-feelings');
    expect(pageErrors).toEqual([]);
  });
});
