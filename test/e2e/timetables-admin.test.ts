// The hub's timetable feeds page in Debian's Chromium: a county administrator sees a good and a failed feed, the
// error with its file and line, and refreshes a feed without JavaScript; the page and the fleet page (with its feed
// warnings) pass axe-core WCAG 2.1 A/AA and do not scroll sideways at 320 px.
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../server/config-schema.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub-fleet.ts';

const axeSource = readFileSync(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
const GTFS = join(repoRoot, 'test', 'fixtures', 'gtfs');
const EMAIL = 'spravce@kraj-lbc.cz';
const PW = 'letní jízdní řád 2026';

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function signIn(page: Page, url: string) {
  await page.goto(`${url}/admin/sign-in`);
  await page.getByLabel('E-mail').fill(EMAIL);
  await page.getByLabel('Heslo').fill(PW);
  await page.getByRole('button', { name: 'Přihlásit' }).click();
}

describe('timetable feeds page in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peron-upstream-'));
    copyFileSync(join(GTFS, 'google-sample-feed-1.zip'), join(dir, 'good.zip'));
    copyFileSync(join(GTFS, 'bad-gtfs.zip'), join(dir, 'bad.zip'));
    hub = await startTestHub({
      'hub.feeds': [
        { id: 'vzorek', source: join(dir, 'good.zip'), licence: 'CC BY 3.0 (Google sample)', locations: ['liberec-hlavni-nadrazi'] },
        { id: 'rozbity', source: join(dir, 'bad.zip'), licence: 'CC0-1.0', locations: ['jablonec-nad-nisou', 'ceska-lipa-hlavni-nadrazi'] },
      ],
    });
    await hub.addUser(EMAIL, PW, 'county-admin');
    await Promise.all([hub.app.timetables.refresher.refresh('vzorek'), hub.app.timetables.refresher.refresh('rozbity')]);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('shows both feeds with the error in words and refreshes one without JavaScript', async () => {
    const page = await browser.newPage({ locale: 'cs-CZ', javaScriptEnabled: false });
    page.setDefaultTimeout(20_000);
    await signIn(page, hub.url);
    await page.getByRole('link', { name: 'Jízdní řády' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/timetables');
    const bad = page.getByRole('region', { name: /rozbity/ });
    expect(await bad.textContent()).toContain('obnova selhala');
    expect(await bad.textContent()).toContain('Místa ukazují svá vlastní data, dokud nepřijdou dobrá.');
    expect(await bad.textContent()).toContain('soubor agency.txt');
    const good = page.getByRole('region', { name: /vzorek/ });
    expect(await good.textContent()).toContain('CC BY 3.0 (Google sample)');
    expect(await good.textContent()).toContain('platnost skončila');
    await good.getByRole('button', { name: 'Obnovit nyní vzorek' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Obnova dat vzorek je zařazena');
    await page.close();
  }, 60_000);

  it('passes axe and fits 320 px on the feeds page and on the fleet page with its feed warnings', async () => {
    const ctx = await browser.newContext({ locale: 'cs-CZ', viewport: { width: 320, height: 640 }, bypassCSP: true });
    const page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, hub.url);
    for (const path of ['/admin/timetables', '/admin/timetables?lang=en', '/admin/timetables?lang=de', '/admin/timetables?lang=pl']) {
      await page.goto(hub.url + path);
      expect(await axe(page), path).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} at 320 px`).toBeLessThanOrEqual(320);
    }
    // the fleet page's site table is wider than 320 px by itself (as before); its feed warnings fit
    await page.goto(`${hub.url}/admin/fleet`);
    expect(await axe(page)).toEqual([]);
    const warnings = page.locator('#timetable-warnings');
    expect(await warnings.textContent()).toContain('rozbity');
    expect(await warnings.evaluate((e) => e.scrollWidth)).toBeLessThanOrEqual(320);
    await ctx.close();
  }, 60_000);
});
