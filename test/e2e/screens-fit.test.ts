// What people see on real screens: no public page scrolls sideways at 320 CSS px in any language (WCAG 1.4.10
// reflow), and on the station boards — portrait and landscape, two sizes each — no cell loses its content to
// the edge (scrollWidth > clientWidth): the longest destination of the demo feed, "Zpoždění", every countdown,
// every line name stay whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createSiteApp, type RunningApp, type SiteServices } from '../../server/app.ts';
import { demoFeedFiles } from '../../server/departures/demo-feed.ts';
import { testConfig } from '../helpers/config.ts';
import { launchKioskBrowser, waitShows } from '../helpers/kiosk-browser.ts';
import { departure, scriptedDepartures } from '../helpers/kiosk-scripted-departures.ts';

const LANGS = ['cs', 'en', 'de', 'pl'];
/** Public pages a traveller's phone can reach (other capabilities' pages are added here as they appear). */
const PUBLIC_PAGES = ['/', '/online', '/terms', '/departures', '/no-such-page'];

/** The longest headsign (trip or stop headsign) in the demo feed, read from the feed itself. */
function longestDemoHeadsign(): string {
  const files = demoFeedFiles(Date.now());
  const names = new Set<string>();
  for (const file of ['trips.txt', 'stop_times.txt']) {
    const [header, ...rows] = files[file].trim().split('\n');
    const cols = header.split(',');
    const at = cols.indexOf(file === 'trips.txt' ? 'trip_headsign' : 'stop_headsign');
    for (const r of rows) {
      const v = r.split(',')[at]?.replace(/^"|"$/g, '');
      if (v) names.add(v);
    }
  }
  return [...names].sort((a, b) => b.length - a.length)[0];
}

let app: RunningApp & SiteServices;
let base: string;
let browser: Browser;
const dep = scriptedDepartures();
const longest = longestDemoHeadsign();

beforeAll(async () => {
  const now = Date.now();
  dep.set({
    departures: [
      departure(now, 3, { line: 'R14', headsign: longest, platform: '1', delay: 12 }),
      departure(now, 9, { line: 'Os 6', headsign: 'Liberec, Horní Hanychov', platform: '2', cancelled: true }),
      departure(now, 75, { line: 'B540', headsign: 'Jablonec nad Nisou', platform: '15', delay: 3 }),
      ...Array.from({ length: 9 }, (_, i) => departure(now, 20 + i * 7, { line: 'T11', headsign: 'Jablonec n.N., Mšeno', platform: 'B' })),
    ],
  });
  app = createSiteApp({ config: testConfig({ 'kiosk.pixelShiftPx': 0 }), departures: dep });
  base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  browser = await launchKioskBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('screens', () => {
  it('the demo feed has a long destination to test with', () => {
    expect(longest.length).toBeGreaterThanOrEqual(20);
  });

  for (const [display, width, height] of [['nastupiste-1', 1080, 1920], ['nastupiste-1', 720, 1280], ['hala-odjezdy', 1920, 1080], ['hala-odjezdy', 1280, 720]] as const) {
    it(`board ${display} at ${width}×${height}: every cell shows its whole content`, async () => {
      const ctx = await browser.newContext({ viewport: { width, height } });
      const page = await ctx.newPage();
      await page.goto(`${base}/kiosk/${display}`);
      await waitShows(page, 'live');
      const cut = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('#board th, #board td, #board .badge, #board h1'))
          .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > window.innerWidth + 1)
          .map((el) => `${el.className || el.tagName}: "${el.textContent}"`),
      );
      expect(cut).toEqual([]);
      const texts = await page.locator('#rows tr').first().innerText();
      expect(texts).toContain(longest);
      expect(texts).toMatch(/za \d+ min|nyní/);
      expect(texts).toContain('R14');
      // no row is cut in half at the bottom; a portrait board (14 rows configured, more than fit) fills its screen
      const { lastBottom, areaBottom, rowHeight, cutRows } = await page.evaluate(() => {
        const area = document.querySelector('.rows-area')!.getBoundingClientRect();
        const shown = Array.from(document.querySelectorAll<HTMLElement>('#rows tr')).filter((r) => !r.hidden).map((r) => r.getBoundingClientRect());
        return { lastBottom: shown[shown.length - 1].bottom, areaBottom: area.bottom, rowHeight: shown[0].height, cutRows: shown.filter((r) => r.bottom > area.bottom + 1).length };
      });
      expect(cutRows).toBe(0);
      if (display === 'nastupiste-1') expect(areaBottom - lastBottom).toBeLessThan(rowHeight);
      await ctx.close();
    });
  }

  it('no public page scrolls sideways at 320 px, in any language, without JavaScript', async () => {
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
    const page = await ctx.newPage();
    const wide: string[] = [];
    for (const path of PUBLIC_PAGES) {
      for (const lang of LANGS) {
        await page.goto(`${base}${path}?lang=${lang}`);
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        if (w > 320) wide.push(`${path}?lang=${lang}: ${w} px`);
        // a description for link previews and search, and an inline icon (no /favicon.ico 404 in every log)
        const head = await page.evaluate(() => ({ description: document.querySelector<HTMLMetaElement>('meta[name=description]')?.content ?? '', icon: document.querySelector<HTMLLinkElement>('link[rel=icon]')?.href ?? '' }));
        expect(head.description.length, `${path}?lang=${lang} description`).toBeGreaterThan(20);
        expect(head.icon, `${path}?lang=${lang} icon`).toMatch(/^data:image\/svg\+xml,/);
      }
    }
    expect(wide).toEqual([]);
    await ctx.close();
  });
});
