// County alerts end to end: a real hub and two real site processes (enrolled, fast channel), boards in Chromium.
// An alert issued at the hub reaches a portal page, a /departures page and both boards, and disappears by itself
// at its expiry; a site that was down when it was issued shows it as soon as it is back, and never after expiry.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeBoard } from '../../server/departures/index.ts';
import { departure } from '../helpers/kiosk-scripted-departures.ts';
import { launchKioskBrowser, waitShows } from '../helpers/kiosk-browser.ts';
import { enrolledDataDir, FAST_SYNC, startTestHub, waitFor, type TestHub } from '../helpers/hub-fleet.ts';
import { freePort, startSiteProcess, type SiteProcess } from '../helpers/kiosk-site-process.ts';

const A = 'liberec-hlavni-nadrazi';
const B = 'jablonec-nad-nisou';

describe('county alert across sites and boards', () => {
  let hub: TestHub;
  let browser: Browser;
  const sites: Record<string, { proc: SiteProcess; flags: Record<string, unknown> }> = {};

  const board = () => {
    const now = Date.now();
    return completeBoard({ generatedAt: new Date(now).toISOString(), live: true, notices: [], departures: [departure(now, 12, { line: 'R14', headsign: 'Pardubice hl.n.' })] });
  };
  const start = async (loc: string, dataDir: string, port?: number) => {
    const flags = { ...FAST_SYNC, dataDir, location: loc, 'http.port': port ?? (await freePort()), 'kiosk.pixelShiftPx': 0, 'sync.pollSeconds': 10 };
    sites[loc] = { proc: await startSiteProcess(flags, board()), flags };
    await waitFor(async () => ((await (await fetch(`${sites[loc].proc.url}/api/sync/status`)).json()) as { pokeConnected: boolean }).pokeConnected, `${loc} holds the hub channel`, 20_000);
    return sites[loc].proc;
  };
  const openBoard = async (url: string): Promise<Page> => {
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await ctx.newPage();
    await page.goto(`${url}/kiosk/hala-odjezdy`);
    await waitShows(page, 'live');
    return page;
  };
  const text = async (url: string) => (await fetch(url, { headers: { 'accept-language': 'cs' } })).text();

  beforeAll(async () => {
    hub = await startTestHub();
    await start(A, await enrolledDataDir(hub, 'lbc-hl', A));
    await start(B, await enrolledDataDir(hub, 'jbc', B));
    browser = await launchKioskBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    for (const s of Object.values(sites)) await s.proc.kill();
    await hub?.close();
  });

  it('reaches a portal page, the departures page and two boards of two sites, and ends by itself at expiry', async () => {
    const boards = [await openBoard(sites[A].proc.url), await openBoard(sites[B].proc.url)];
    const issued = Date.now();
    hub.app.alerts.put({ text: { cs: 'Povodeň: vlaky mezi Libercem a Jabloncem nejezdí.', en: 'Flood: no trains between Liberec and Jablonec.' }, severity: 'extreme', locations: 'all', expiresAt: issued + 15_000, source: 'admin' }, 'test');
    await Promise.all(boards.map((p) => waitShows(p, 'emergency', 10_000)));
    console.log(`county alert on both boards after ${Date.now() - issued} ms`);
    for (const p of boards) expect(await p.locator('#emergency').textContent()).toContain('Povodeň: vlaky mezi Libercem a Jabloncem nejezdí.');
    expect(await boards[0].locator('#emergency').textContent()).toContain('Flood: no trains between Liberec and Jablonec.');
    await waitFor(async () => (await text(`${sites[A].proc.url}/`)).includes('Povodeň: vlaky mezi Libercem'), 'the portal page shows the alert');
    expect(await text(`${sites[B].proc.url}/departures`)).toContain('Povodeň: vlaky mezi Libercem');
    expect(await text(`${sites[A].proc.url}/departures?lang=en`)).toContain('Flood: no trains between Liberec and Jablonec.');

    await Promise.all(boards.map((p) => waitShows(p, 'live', 25_000)));
    expect(Date.now()).toBeGreaterThanOrEqual(issued + 15_000);
    await waitFor(async () => !(await text(`${sites[A].proc.url}/`)).includes('Povodeň'), 'the portal page no longer shows it', 5_000);
    expect(await text(`${sites[B].proc.url}/departures`)).not.toContain('Povodeň');
  }, 90_000);

  it('a site that was down shows an alert in force on reconnect, and never one that expired meanwhile', async () => {
    const b = sites[B];
    await b.proc.kill();
    const now = Date.now();
    hub.app.alerts.put({ id: 'short', text: { cs: 'Krátké varování, mezitím skončí.' }, severity: 'severe', locations: [B], expiresAt: now + 2_000, source: 'admin' }, 'test');
    hub.app.alerts.put({ id: 'long', text: { cs: 'Silný vítr: omezení na tratích.' }, severity: 'moderate', locations: [B], expiresAt: now + 60_000, source: 'admin' }, 'test');
    await new Promise((r) => setTimeout(r, 2_500)); // the short one has expired while the site was away
    const proc = await start(B, b.flags.dataDir as string, b.flags['http.port'] as number);
    await waitFor(async () => (await text(`${proc.url}/`)).includes('Silný vítr: omezení na tratích.'), 'the restarted site shows the alert in force', 10_000);
    expect(await text(`${proc.url}/departures`)).not.toContain('Krátké varování');
    // its board opens straight into the full-screen emergency state
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await page.goto(`${proc.url}/kiosk/hala-odjezdy`);
    await waitShows(page, 'emergency');
    expect(await page.locator('#emergency').textContent()).toContain('Silný vítr');
    // the other site was never addressed
    expect(await text(`${sites[A].proc.url}/`)).not.toContain('Silný vítr');
    hub.app.alerts.end('long', 'test');
    await waitFor(async () => !(await text(`${proc.url}/`)).includes('Silný vítr'), 'ended early, gone on the site', 10_000);
  }, 90_000);
});
