// Unattended operation in Chromium: the slow pixel shift against burn-in moves the board, and a board that
// stops rendering fresh data (a stuck renderer) reloads itself once the site answers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createSiteApp, type RunningApp } from '../../server/app.ts';
import { testConfig } from '../helpers/config.ts';
import { departure, scriptedDepartures } from '../helpers/kiosk-scripted-departures.ts';
import { launchKioskBrowser, markPage, notReloaded, waitShows } from '../helpers/kiosk-browser.ts';

let app: RunningApp;
let base: string;
let browser: Browser;
const dep = scriptedDepartures();

beforeAll(async () => {
  dep.set({ departures: [departure(Date.now(), 6), departure(Date.now(), 15, { line: 'Os 6', headsign: 'Tanvald' })] });
  app = createSiteApp({ config: testConfig({ 'kiosk.pixelShiftPx': 6, 'kiosk.pixelShiftSeconds': 5, 'kiosk.staleReloadSeconds': 10 }), departures: dep });
  base = `http://127.0.0.1:${await app.listen(0)}`;
  browser = await launchKioskBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('shifts the board by a few pixels over time and reloads itself when its rendering got stuck', async () => {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${base}/kiosk/hala-odjezdy`);
  await waitShows(page, 'live');
  await expect.poll(() => page.locator('#shift').evaluate((el) => (el as HTMLElement).style.transform), { timeout: 12_000 }).toMatch(/translate\((-?6|0)px, (-?6|0)px\)/);
  expect(await page.locator('#shift').evaluate((el) => (el as HTMLElement).style.transform)).not.toBe('translate(0px, 0px)');

  await markPage(page);
  // a renderer fault: table updates throw from now on, so no fresh data reaches the screen
  await page.evaluate(() => {
    HTMLTableSectionElement.prototype.insertBefore = () => {
      throw new Error('stuck');
    };
  });
  dep.set({ departures: [departure(Date.now(), 7, { line: 'R21', headsign: 'Děčín hl.n.' })] });
  await page.waitForFunction(() => !(window as unknown as { __noReload?: boolean }).__noReload, undefined, { timeout: 30_000, polling: 500 });
  await waitShows(page, 'live');
  expect(await notReloaded(page)).toBe(false);
  expect(await page.locator('#rows tr', { hasText: 'Děčín hl.n.' }).count()).toBe(1);
}, 60_000);
