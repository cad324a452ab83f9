// A station board on the real departures engine: a GTFS feed imported at start, and a GTFS-Realtime TripUpdates
// file that the engine polls. A delay written into the file reaches the board in Chromium without a reload.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteApp, type RunningApp, type SiteServices } from '../../server/app.ts';
import { testConfig } from '../helpers/config.ts';
import { encodeFeed, feedFiles } from '../helpers/departures-feeds.ts';
import { launchKioskBrowser, markPage, notReloaded, waitShows } from '../helpers/kiosk-browser.ts';

const TZ = 'Europe/Prague';
const parts = (ms: number) => Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(ms).map((p) => [p.type, p.value]));
const gtfsTime = (secs: number) => [Math.floor(secs / 3600), Math.floor(secs / 60) % 60, secs % 60].map((n) => String(n).padStart(2, '0')).join(':');

describe('board on the real departures engine', () => {
  let app: RunningApp & SiteServices;
  let base: string;
  let browser: Browser;
  let page: Page;
  let rtFile: string;
  let serviceDate: string;

  beforeAll(async () => {
    // one tram leaving the station ST (platform 1) 20 minutes from now, today, in Prague time
    const now = Date.now();
    const p = parts(now);
    serviceDate = `${p.year}${p.month}${p.day}`;
    const dep = Number(p.hour) * 3600 + Number(p.minute) * 60 + 20 * 60;
    const dir = mkdtempSync(join(tmpdir(), 'peron-rt-feed-'));
    const files = feedFiles({
      calendar: [`D,1,1,1,1,1,1,1,${serviceDate},${serviceDate}`],
      trips: ['R3,D,T1,Horní Hanychov,0,1'],
      stopTimes: [`T1,${gtfsTime(dep)},${gtfsTime(dep)},P1,1,0,1,`, `T1,${gtfsTime(dep + 600)},${gtfsTime(dep + 600)},X,2,1,0,`],
    });
    mkdirSync(join(dir, 'feed'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'feed', name), text);
    rtFile = join(dir, 'trip-updates.pb');
    writeFileSync(rtFile, encodeFeed([], new Date(now).toISOString()));

    app = createSiteApp({
      config: testConfig({
        'kiosk.pixelShiftPx': 0,
        'departures.realtimePollSeconds': 5,
        'departures.feeds': [{ id: 'tram', source: join(dir, 'feed'), realtime: [rtFile] }],
      }),
    });
    const loc = app.content.current().location;
    app.content.replace({ ...loc, departures: { stations: [{ feed: 'tram', stopIds: ['ST'] }], limit: 8 } }, 'test');
    base = `http://127.0.0.1:${await app.listen(0)}`;
    browser = await launchKioskBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the timetable, then the delay from the GTFS-Realtime file, without a reload', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    page = await ctx.newPage();
    await page.goto(`${base}/kiosk/hala-odjezdy`);
    const rows = page.locator('main');
    await expect.poll(() => rows.textContent(), { timeout: 20_000 }).toContain('Horní Hanychov');
    expect(await rows.textContent()).not.toMatch(/\+\s?7/);
    await markPage(page);

    writeFileSync(rtFile, encodeFeed([{ id: 'e1', tripUpdate: { trip: { tripId: 'T1', startDate: serviceDate }, stopTimeUpdate: [{ stopSequence: 1, departure: { delay: 420 } }] } }], new Date().toISOString()));
    await expect.poll(() => rows.textContent(), { timeout: 40_000, interval: 500 }).toMatch(/\+\s?7/);
    await waitShows(page, 'live');
    expect(await notReloaded(page)).toBe(true);
    const api = await (await fetch(`${base}/api/departures`)).json();
    expect(api.departures[0].delay).toMatchObject({ is_available: true, minutes: 7 });
  }, 90_000);
});
