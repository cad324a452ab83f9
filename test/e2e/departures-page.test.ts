// The /departures phone page in Debian's Chromium with JavaScript disabled, checked with axe-core (WCAG 2.1 AA).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';
import { fixedClock } from '../../server/platform/clock.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('departures page in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  beforeAll(async () => {
    // Line 540 runs 05:00–22:30 in the demo feed: the page is read at 10:00 Prague time today, whatever the hour CI runs at
    const today = new Date().toISOString().slice(0, 10);
    site = await startTestSite({}, { clock: fixedClock(Date.parse(`${today}T09:00:00Z`)) });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('lists departures without JavaScript, filters by line through the form, and passes axe WCAG 2.1 AA', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${site.url}/departures?stops=demo:LBA,demo:LFU`);
    await expect(page.locator('h1').textContent()).resolves.toContain('Departures — Liberec main railway station');
    const rows = page.locator('#departures tbody tr');
    expect(await rows.count()).toBeGreaterThan(3);
    await page.fill('#f-lines', '540');
    await Promise.all([page.waitForURL(/lines=540/), page.click('button[type=submit]')]);
    const lines = await page.locator('#departures tbody tr td:nth-child(2) .line').allTextContents();
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines)).toEqual(new Set(['540']));

    const ctxJs = await browser.newContext({ locale: 'cs-CZ', viewport: { width: 390, height: 844 }, bypassCSP: true }); // the page's CSP forbids scripts; axe is injected by the test
    const axePage = await ctxJs.newPage();
    await axePage.goto(`${site.url}/departures`);
    await axePage.addScriptTag({ content: axeSource });
    const result = await axePage.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
      return axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    });
    expect(result.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
    await context.close();
    await ctxJs.close();
  });
});
