// Soak: one board driven with a changing departures board 1500 times (25 minutes of one update a second,
// pushed fast) plus announcement changes; after garbage collection its JS heap and DOM must not have grown.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createSiteApp, type RunningApp, type SiteServices } from '../../server/app.ts';
import { testConfig } from '../helpers/config.ts';
import { departure, scriptedDepartures } from '../helpers/kiosk-scripted-departures.ts';
import { launchKioskBrowser, waitShows } from '../helpers/kiosk-browser.ts';

const UPDATES = 1500;
const WARMUP = 300;

let app: RunningApp & SiteServices;
let browser: Browser;
const dep = scriptedDepartures();

function boardAt(i: number) {
  const now = Date.now();
  // every update changes delays; every third one a departure leaves and a new one arrives (new row nodes)
  return Array.from({ length: 10 }, (_, k) =>
    departure(now, 3 + k * 4, { line: `L${(Math.floor(i / 3) + k) % 40}`, headsign: `Cíl ${(Math.floor(i / 3) + k) % 97}`, platform: String(1 + (k % 4)), delay: (i + k) % 7, trip: `t${Math.floor(i / 3) + k}` }),
  );
}

beforeAll(async () => {
  dep.set({ departures: boardAt(0) });
  app = createSiteApp({ config: testConfig({ 'kiosk.pixelShiftPx': 0 }), departures: dep });
  await app.listen(0);
  browser = await launchKioskBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('keeps its JS heap within 10 % and its DOM size flat over 1500 pushed updates', async () => {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const port = (app.server!.address() as { port: number }).port;
  await page.goto(`http://127.0.0.1:${port}/kiosk/hala-odjezdy`);
  await waitShows(page, 'live');
  const cdp = await page.context().newCDPSession(page);
  const loc = app.content.current().location;

  const drive = async (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      dep.set({ departures: boardAt(i) });
      if (i % 100 === 0) {
        app.content.replace({ ...loc, announcements: [{ id: `a${i}`, priority: 'info', text: { cs: `Oznámení ${i}`, en: `Notice ${i}`, de: `Hinweis ${i}`, pl: `Komunikat ${i}` } }] }, 'soak');
      }
      await new Promise((r) => setTimeout(r, 12));
    }
    const last = boardAt(to - 1)[0].headsign;
    await page.locator('#rows tr', { hasText: last }).first().waitFor({ timeout: 15_000 });
  };
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    return { used: heap.usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners };
  };

  await drive(1, WARMUP);
  const before = await measure();
  await drive(WARMUP, UPDATES);
  const after = await measure();
  expect(await page.evaluate(() => (window as unknown as { peronKiosk: { state: { departures: { rows: unknown[] } } } }).peronKiosk.state.departures.rows.length)).toBe(10);
  expect(after.used, `heap ${before.used} → ${after.used} bytes`).toBeLessThan(before.used * 1.1);
  expect(after.nodes, `DOM nodes ${before.nodes} → ${after.nodes}`).toBeLessThanOrEqual(before.nodes + 20);
  expect(after.listeners).toBeLessThanOrEqual(before.listeners);
  console.log(`kiosk soak: heap ${before.used} → ${after.used} bytes, DOM nodes ${before.nodes} → ${after.nodes}`);
}, 120_000);
