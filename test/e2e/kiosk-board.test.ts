// Board behaviour in Chromium against the real site server: live pushes, emergency, skewed display clock,
// WCAG 2.1 AA in both layouts, speech and identify commands, the registry, the unknown-display page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { createSiteApp, type RunningApp, type SiteServices } from '../../server/app.ts';
import { testConfig } from '../helpers/config.ts';
import { displayKey } from '../../server/kiosk/index.ts';
import { departure, scriptedDepartures } from '../helpers/kiosk-scripted-departures.ts';
import { launchKioskBrowser, markPage, notReloaded, waitShows } from '../helpers/kiosk-browser.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const hhmm = (ms: number) => new Intl.DateTimeFormat('cs-CZ', { timeZone: 'Europe/Prague', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

let app: RunningApp & SiteServices;
let base: string;
let browser: Browser;
const dep = scriptedDepartures();

function boardNow() {
  const now = Date.now();
  return [
    departure(now, 6, { line: 'R14', headsign: 'Pardubice hl.n.', platform: '1', delay: 3 }),
    departure(now, 14, { line: 'Os 6', headsign: 'Tanvald', platform: '2', cancelled: true }),
    departure(now, 25, { line: 'L1', headsign: 'Dresden Hbf', platform: '3', delay: 0 }),
  ];
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(base + path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function openBoard(id = 'hala-odjezdy', opts: { init?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const ctx = await browser.newContext({ viewport: opts.viewport ?? { width: 1920, height: 1080 }, bypassCSP: true });
  const page = await ctx.newPage();
  if (opts.init) await page.addInitScript(opts.init);
  // as the launcher opens it: the display key from kiosk.env on the fragment
  await page.goto(`${base}/kiosk/${id}#key=${displayKey(app.deps.privacy, id)}`);
  await waitShows(page, 'live');
  return page;
}

async function waitUp(id: string) {
  for (let i = 0; i < 100; i++) {
    const r = await api('GET', `/api/displays/${id}`);
    if (r.body?.display?.up) return r.body.display;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`display ${id} never came up`);
}

beforeAll(async () => {
  dep.set({ departures: boardNow() });
  app = createSiteApp({ config: testConfig({ 'kiosk.pixelShiftPx': 0 }), departures: dep });
  base = `http://127.0.0.1:${await app.listen(0)}`;
  browser = await launchKioskBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('station board', () => {
  it('shows the departures server-rendered before any JavaScript runs', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${base}/kiosk/hala-odjezdy`);
    const rows = await page.locator('#rows tr').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('Pardubice hl.n.');
    expect(rows[1]).toContain('Zrušeno');
    await ctx.close();
  });

  it('shows a departures change pushed by the server without a reload', async () => {
    const page = await openBoard();
    await markPage(page);
    const now = Date.now();
    dep.set({ departures: [departure(now, 4, { line: 'Ex 3', headsign: 'Praha hl.n.', platform: '5', delay: 12 }), ...boardNow()] });
    await page.locator('#rows tr', { hasText: 'Praha hl.n.' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('#rows tr').first().textContent()).toContain('+12 min');
    expect(await notReloaded(page)).toBe(true);
    dep.set({ departures: boardNow() });
    await page.locator('#rows tr', { hasText: 'Praha hl.n.' }).waitFor({ state: 'detached', timeout: 15_000 });
    await page.context().close();
  });

  it('says the board is timetable-only when the departures service reports no live data, and shows its notices', async () => {
    const page = await openBoard();
    dep.set({ departures: boardNow(), live: false, notices: ['feed cd ends in 3 days'] });
    await waitShows(page, 'timetable');
    await expect.poll(() => page.locator('#status').textContent()).toContain('Podle jízdního řádu');
    expect(await page.locator('#notices').textContent()).toContain('feed cd ends in 3 days');
    dep.set({ departures: boardNow() });
    await waitShows(page, 'live');
    await page.context().close();
  });

  it('shows the emergency message full screen, clears it on DELETE and by itself at expiry', async () => {
    const page = await openBoard();
    await markPage(page);
    const put = await api('PUT', '/api/emergency', { text: { cs: 'Evakuace stanice, opusťte budovu', en: 'Evacuate the station' }, expires: new Date(Date.now() + 3_600_000).toISOString() });
    expect(put.status).toBe(200);
    await page.locator('#emergency', { hasText: 'Evakuace stanice' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#emergency').textContent()).toContain('Evacuate the station');
    expect(await page.locator('#board').isVisible()).toBe(false);
    expect((await api('DELETE', '/api/emergency')).body).toEqual({ cleared: true });
    await page.locator('#emergency').waitFor({ state: 'hidden', timeout: 15_000 });
    expect(await page.locator('#board').isVisible()).toBe(true);

    await api('PUT', '/api/emergency', { text: 'Krátké upozornění', expires: new Date(Date.now() + 4_000).toISOString() });
    await page.locator('#emergency', { hasText: 'Krátké upozornění' }).waitFor({ timeout: 15_000 });
    await page.locator('#emergency').waitFor({ state: 'hidden', timeout: 15_000 });
    expect(await notReloaded(page)).toBe(true);
    await page.context().close();
  });

  it('counts down correctly on a display whose clock is an hour fast', async () => {
    const skew = `(() => { const R = Date; const skew = 3600000;
      class D extends R { constructor(...a) { if (a.length === 0) super(R.now() + skew); else super(...a); } static now() { return R.now() + skew; } }
      window.Date = D; })();`;
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await ctx.newPage();
    await page.addInitScript(skew);
    const now = Date.now();
    dep.set({ departures: [departure(now, 10.5, { line: 'R21', headsign: 'Tanvald', platform: '2' }), ...boardNow()] });
    await page.goto(`${base}/kiosk/hala-odjezdy#key=${displayKey(app.deps.privacy, 'hala-odjezdy')}`);
    await waitShows(page, 'live');
    expect(await page.evaluate(() => Date.now() - performance.timeOrigin - performance.now())).toBeGreaterThan(3_500_000);
    const row = page.locator('#rows tr', { hasText: 'Tanvald' }).first();
    await expect.poll(() => row.locator('.countdown').textContent()).toMatch(/^za (9|10) min$/);
    const shown = await page.locator('#clock').textContent();
    expect([hhmm(Date.now() - 60_000), hhmm(Date.now()), hhmm(Date.now() + 60_000)]).toContain(shown);
    const status = await waitUp('hala-odjezdy');
    expect(status.clockOffsetMs).toBeLessThan(-3_500_000);
    await ctx.close();
  });

  for (const [id, viewport] of [
    ['hala-odjezdy', { width: 1920, height: 1080 }],
    ['nastupiste-1', { width: 1080, height: 1920 }],
  ] as const) {
    it(`passes axe-core WCAG 2.1 AA on the ${viewport.width > viewport.height ? 'landscape' : 'portrait'} board`, async () => {
      const loc = app.content.current().location;
      app.content.replace(
        { ...loc, announcements: [{ id: 'works', priority: 'important', text: { cs: 'Výluka na trati do Tanvaldu', en: 'Engineering works towards Tanvald', de: 'Bauarbeiten Richtung Tanvald', pl: 'Prace torowe w kierunku Tanvaldu' } }] },
        'test',
      );
      dep.set({ departures: boardNow() });
      const page = await openBoard(id, { viewport });
      await page.locator('#ticker', { hasText: /Tanvald/ }).waitFor({ timeout: 15_000 });
      expect(await page.locator('#frame').getAttribute('class')).toContain(id === 'nastupiste-1' ? 'portrait' : 'landscape');
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() =>
        (window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
      );
      expect(result.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
      if (id === 'hala-odjezdy') {
        await api('PUT', '/api/emergency', { text: 'Evakuace stanice', expires: new Date(Date.now() + 60_000).toISOString() });
        await page.locator('#emergency', { hasText: 'Evakuace' }).waitFor({ timeout: 15_000 });
        const em = await page.evaluate(() =>
          (window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
        );
        expect(em.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
        await api('DELETE', '/api/emergency');
      }
      await page.context().close();
    });
  }

  it('reads the board aloud in Czech on the speak command, repeatably, and shows the text', async () => {
    const stub = `window.__spoken = []; Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
      speak(u) { window.__spoken.push({ text: u.text, lang: u.lang }); }, cancel() {}, getVoices() { return []; }, speaking: false, pending: false } });`;
    const now = Date.now();
    const rows = [departure(now, 8, { line: 'R14', headsign: 'Pardubice hl.n.', platform: '1', delay: 3 }), departure(now, 16, { line: 'Os 6', headsign: 'Tanvald', platform: '2', cancelled: true })];
    dep.set({ departures: rows });
    const page = await openBoard('hala-odjezdy', { init: stub });
    await page.locator('#rows tr', { hasText: 'Pardubice' }).waitFor();
    await expect.poll(() => page.locator('#rows tr').count()).toBe(2);
    await waitUp('hala-odjezdy');
    const expected =
      `Odjezdy, Liberec, hlavní nádraží. Linka R14 směr Pardubice hl.n., odjezd ${hhmm(Date.parse(rows[0].scheduled))}, zpoždění 3 minuty, nástupiště 1. ` +
      `Linka Os 6 směr Tanvald, odjezd ${hhmm(Date.parse(rows[1].scheduled))}, spoj je zrušen, nástupiště 2. Konec hlášení.`;
    expect((await api('POST', '/api/displays/hala-odjezdy/speak')).status).toBe(202);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __spoken: unknown[] }).__spoken), { timeout: 10_000 }).toEqual([{ text: expected, lang: 'cs-CZ' }]);
    expect(await page.locator('#speech').textContent()).toContain('zpoždění 3 minuty');
    expect((await api('POST', '/api/displays/hala-odjezdy/commands', { command: 'speak' })).status).toBe(202);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __spoken: unknown[] }).__spoken.length), { timeout: 10_000 }).toBe(2);
    await page.context().close();
  });

  it('shows its id on the identify command and reports its heartbeat to the registry', async () => {
    dep.set({ departures: boardNow() });
    const page = await openBoard('nastupiste-1', { viewport: { width: 1080, height: 1920 } });
    const d = await waitUp('nastupiste-1');
    expect(d).toMatchObject({ id: 'nastupiste-1', configured: true, layout: 'portrait', connected: true, shows: 'live' });
    expect(d.clientVersion).toMatch(/^0\.1\.0\+/);
    expect(d.contentVersion).toBe(app.content.current().version);
    expect((await api('POST', '/api/displays/nastupiste-1/commands', { command: 'identify', seconds: 5 })).status).toBe(202);
    await page.locator('#identify', { hasText: 'nastupiste-1' }).waitFor({ timeout: 10_000 });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/peron_kiosk_display_up\{display="nastupiste-1"\} 1/);
    await page.context().close();
  });

  it('spreads reconnect delays with jitter and never waits longer than the cap', async () => {
    const page = await openBoard();
    // a string, so the test runner does not rewrite the browser's dynamic import
    const delays: number[] = await page.evaluate(`import('/kiosk-client/connection.js').then((m) => Array.from({ length: 400 }, (_, i) => m.backoffDelay(i % 20, 30000)))`);
    expect(Math.max(...delays)).toBeLessThanOrEqual(30_000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(250);
    const late = delays.filter((_, i) => i % 20 >= 10);
    expect(new Set(late).size).toBeGreaterThan(50);
    expect(late.some((d) => d > 15_000)).toBe(true);
    await page.context().close();
  });

  it('answers an unknown display id with a 404 page that lists the configured displays', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const res = await page.goto(`${base}/kiosk/no-such-board`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Displej nenalezen');
    expect(await page.locator('main').textContent()).toContain('hala-odjezdy');
    await ctx.close();
  });
});
