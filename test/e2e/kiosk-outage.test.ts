// A real site process killed with SIGKILL under a live board: the board keeps its timetable, drops what has
// left, says since when it is not live, then shows "information unavailable", and recovers by itself.
import { completeBoard } from '../../server/departures/index.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Board } from '../../server/departures/types.ts';
import { departure } from '../helpers/kiosk-scripted-departures.ts';
import { freePort, startSiteProcess, type SiteProcess } from '../helpers/kiosk-site-process.ts';
import { launchKioskBrowser, markPage, notReloaded, waitShows } from '../helpers/kiosk-browser.ts';

let browser: Browser;
let site: SiteProcess | undefined;

beforeAll(async () => {
  browser = await launchKioskBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.kill();
});

it('shows not-live, then information unavailable while the server is down, and recovers without a reload', async () => {
  const port = await freePort();
  const flags = {
    dataDir: mkdtempSync(join(tmpdir(), 'peron-kiosk-data-')),
    'http.port': port,
    'kiosk.notLiveAfterSeconds': 5,
    'kiosk.unavailableAfterSeconds': 14,
    'kiosk.reconnectMaxSeconds': 2,
    'kiosk.pixelShiftPx': 0,
  };
  const now = Date.now();
  const later = [departure(now, 20, { line: 'R14', headsign: 'Pardubice hl.n.' }), departure(now, 35, { line: 'Os 6', headsign: 'Tanvald' })];
  site = await startSiteProcess(flags, completeBoard({ generatedAt: new Date(now).toISOString(), live: true, notices: [], departures: later }));
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await ctx.newPage();
  await page.goto(`${site.url}/kiosk/hala-odjezdy`);
  await waitShows(page, 'live');
  await markPage(page);

  // a bus leaving in a few seconds arrives as a live update; the server then dies before it leaves
  const leaving = { ...departure(Date.now(), 0, { line: 'Bus 25', headsign: 'Hodkovice' }) };
  leaving.scheduled = leaving.predicted = new Date(Date.now() + 8_000).toISOString();
  const board: Board = completeBoard({ generatedAt: new Date().toISOString(), live: true, notices: [], departures: [leaving, ...later] });
  site.setBoard(board);
  await page.locator('#rows tr', { hasText: 'Hodkovice' }).waitFor({ timeout: 7_000 });
  expect(await page.locator('#rows tr').count()).toBe(3);

  await site.kill();
  await waitShows(page, 'not-live', 20_000);
  const status = await page.locator('#status').textContent();
  expect(status).toMatch(/Údaje nejsou aktuální od \d\d:\d\d/);
  expect(status).toContain('Not live since');
  // the timetable stays, but the bus whose time has passed is gone
  await page.locator('#rows tr', { hasText: 'Hodkovice' }).waitFor({ state: 'detached', timeout: 15_000 });
  expect(await page.locator('#rows tr', { hasText: 'Pardubice hl.n.' }).count()).toBe(1);

  await waitShows(page, 'unavailable', 20_000);
  expect(await page.locator('#unavailable').textContent()).toContain('Informace nejsou k dispozici');
  expect(await page.locator('#board').isVisible()).toBe(false);

  site = await startSiteProcess(flags, board);
  await waitShows(page, 'live', 20_000);
  expect(await page.locator('#board').isVisible()).toBe(true);
  expect(await page.locator('#status').isVisible()).toBe(false);
  expect(await page.locator('#rows tr').count()).toBe(2);
  expect(await notReloaded(page)).toBe(true);
  await ctx.close();
}, 90_000);
