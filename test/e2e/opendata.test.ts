// Open data end to end: the hub builds the county datasets, ships them in the signed release, the hub goes away, and a
// phone without JavaScript (320 px) goes portal → Open data → a dataset → downloads the CSV from the site; the file is
// the one the hub published (sha-256); every new page passes axe (WCAG 2.1 AA) and its charts carry text alternatives.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../server/config-schema.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { baseLocation, enrolledDataDir, startFleetSite, startTestHub, waitFor, type TestFleetSite, type TestHub } from '../helpers/hub-fleet.ts';

/** A hub with a public (https) URL needs its admin token for the operator pages (indicators). */
const TOKEN = 'opendata-e2e-token';
const OPERATOR = { authorization: `Bearer ${TOKEN}` };

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LIBEREC = 'liberec-hlavni-nadrazi';

async function axe(p: Page, url: string) {
  await p.goto(url);
  await p.addScriptTag({ content: axeSource });
  const r = await p.evaluate(async () => {
    const a = (window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
    return a.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
}

const noHorizontalScroll = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('open data at the station, hub stopped', () => {
  let hub: TestHub;
  let site: TestFleetSite;
  let browser: Browser;
  let published: string;

  beforeAll(async () => {
    hub = await startTestHub({ 'hub.publicUrl': 'https://hub.kraj.test', 'hub.adminToken': TOKEN });
    const dir = await enrolledDataDir(hub, 'lbc-od-1', LIBEREC);
    site = await startFleetSite({ dataDir: dir, location: LIBEREC });
    // a heartbeat with its hour reaches the hub, so the Wi-Fi dataset has a real row
    await waitFor(() => hub.api.figures().length > 0, 'site figures at the hub');
    const od = (hub.app as unknown as { opendata: { buildAll(): Record<string, { ok: boolean }>; releaseFiles(): Record<string, Buffer> } }).opendata;
    expect(od.buildAll()['wifi-vyuziti'].ok).toBe(true);
    const files = od.releaseFiles();
    published = createHash('sha256').update(files['opendata/wifi-vyuziti/wifi-vyuziti.csv']).digest('hex');
    const { sites } = await hub.api.publish(LIBEREC, { location: baseLocation(join(repoRoot, 'locations'), LIBEREC), files }, 'test');
    await waitFor(async () => (await site.status()).servingVersion === sites[0].version, 'site serves the release');
    await hub.close();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await hub?.close();
  });

  it('portal → Open data → dataset → CSV download without JavaScript at 320 px; the file is the published one', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true, locale: 'cs-CZ', viewport: { width: 320, height: 640 } });
    const p = await ctx.newPage();
    await p.goto(`${site.url}/`);
    await p.getByRole('link', { name: 'Otevřená data' }).first().click();
    await expect.poll(() => p.url()).toContain('/data');
    const sets = await p.locator('ul.sets h3').allTextContents();
    expect(sets.length).toBeGreaterThanOrEqual(5);
    expect(await noHorizontalScroll(p)).toBe(true);
    await p.getByRole('link', { name: 'Využití veřejné Wi-Fi po hodinách' }).click();
    expect(await p.locator('dd', { hasText: 'z centrály kraje' }).count()).toBe(1);
    expect(await noHorizontalScroll(p)).toBe(true);
    // the chart's text alternative: title + desc inside the SVG, and the same figures in a table
    expect(await p.locator('svg[role=img] title').count()).toBe(2); // by hour of day and by day
    expect(await p.locator('table caption', { hasText: 'Připojení k Wi-Fi podle hodiny dne' }).count()).toBe(1);
    expect(await p.locator('table caption', { hasText: 'Připojení k Wi-Fi po dnech (30 dní)' }).count()).toBe(1);
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('link', { name: /Využití Wi-Fi po hodinách \(CSV\)/ }).click()]);
    expect(download.suggestedFilename()).toBe('wifi-vyuziti.csv');
    const body = readFileSync((await download.path())!);
    expect(createHash('sha256').update(body).digest('hex')).toBe(published);
    expect(body.toString()).toContain(LIBEREC);
    await ctx.close();
  });

  it('serves the file with its type, length, disposition and a strong ETag; a matching If-None-Match gets 304', async () => {
    const r = await fetch(`${site.url}/data/wifi-vyuziti/wifi-vyuziti.csv`);
    const body = Buffer.from(await r.arrayBuffer());
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="wifi-vyuziti.csv"');
    expect(Number(r.headers.get('content-length'))).toBe(body.length);
    expect(r.headers.get('etag')).toBe(`"${published}"`);
    const again = await fetch(`${site.url}/data/wifi-vyuziti/wifi-vyuziti.csv`, { headers: { 'if-none-match': `"${published}"` } });
    expect(again.status).toBe(304);
  });

  it('every Open data page in every language passes axe WCAG 2.1 AA; the departures chart and the station stops are there', async () => {
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true }); // the pages forbid scripts; axe is injected by the test
    const p = await ctx.newPage();
    for (const lang of ['cs', 'en', 'de', 'pl']) expect(await axe(p, `${site.url}/data?lang=${lang}`), `/data ${lang}`).toEqual([]);
    for (const slug of ['zastavky-a-nastupiste', 'odjezdy-7-dni', 'wifi-vyuziti'])
      expect(await axe(p, `${site.url}/data/${slug}?lang=en`), slug).toEqual([]);
    await ctx.close();
    const page = await (await fetch(`${site.url}/data/odjezdy-7-dni?lang=en`)).text();
    expect(page).toContain('<title id=');
    expect(page).toMatch(/<th scope="col">train<\/th>|<th scope="col">bus<\/th>/);
    const planPage = await (await fetch(`${site.url}/data/zastavky-a-nastupiste?lang=en`)).text();
    expect(planPage).toContain('<title id="plant">Station plan</title>');
    expect(planPage).toContain('id="plan-LBC1"');
    expect(planPage).toContain(' m</text>'); // the scale bar
    const stops = await (await fetch(`${site.url}/data/zastavky-a-nastupiste/zastavky.geojson`)).json();
    expect(stops.features.length).toBeGreaterThan(4);
    expect(stops.features[0].geometry.coordinates[1]).toBeCloseTo(50.76, 1);
  }, 90_000);

  it('the download shows up in the hub indicators (per Europe/Prague day) after the next telemetry delivery', async () => {
    await hub.restart();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Prague', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const csv = await waitFor(async () => {
      const t = await (await fetch(`${hub.url}/indicators/downloads.csv`, { headers: OPERATOR })).text();
      return t.includes(`${today},wifi-vyuziti,wifi-vyuziti.csv,`) ? t : undefined;
    }, 'download counted at the hub', 15_000);
    // the browser download plus the header check: 2 (the 304 is not a download)
    expect(csv).toContain(`${today},wifi-vyuziti,wifi-vyuziti.csv,2`);
    const daily = await (await fetch(`${hub.url}/indicators.csv`, { headers: OPERATOR })).text();
    const row = daily.split('\r\n').find((l) => l.startsWith(today))!.split(',');
    expect(Number(row[4])).toBeGreaterThanOrEqual(2); // /data views
    expect(Number(row[5])).toBe(3); // downloads: the two CSVs and the GeoJSON fetched above
    expect(Number(row[6])).toBeGreaterThanOrEqual(3); // datasets published
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true, extraHTTPHeaders: OPERATOR });
    const p = await ctx.newPage();
    expect(await axe(p, `${hub.url}/indicators?lang=cs`)).toEqual([]);
    expect(await noHorizontalScroll(p)).toBe(true);
    await ctx.close();
  });

  it('the county admin edits the catalogue without JavaScript: a refused save names the field; the pages pass axe at 320 px', async () => {
    await hub.addUser('kraj@kraj.test', 'county-admin-pass-1', 'county-admin');
    const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'cs-CZ', viewport: { width: 320, height: 640 } });
    const p = await ctx.newPage();
    await p.goto(`${hub.url}/admin/sign-in?lang=cs`);
    await p.getByLabel('E-mail').fill('kraj@kraj.test');
    await p.getByLabel('Heslo').fill('county-admin-pass-1');
    await p.getByRole('button', { name: 'Přihlásit' }).click();
    await p.waitForURL('**/admin/locations');
    await p.getByRole('link', { name: 'Otevřená data' }).first().click();
    await p.getByRole('link', { name: 'Využití veřejné Wi-Fi po hodinách' }).click();
    await p.getByLabel('Klíčová slova (česky)').fill('');
    await p.getByRole('button', { name: 'Uložit a znovu sestavit' }).click();
    expect(await p.getByRole('alert').textContent()).toContain('keywords.cs');
    await p.getByLabel('Klíčová slova (česky)').fill('Wi-Fi, nádraží');
    await p.getByLabel('Název (česky)').fill('Využití Wi-Fi na nádražích kraje');
    await p.getByRole('button', { name: 'Uložit a znovu sestavit' }).click();
    expect(await p.getByRole('status').textContent()).toContain('Uloženo');
    const cookies = await ctx.cookies();
    await ctx.close();
    const a = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true });
    await a.addCookies(cookies);
    const q = await a.newPage();
    for (const path of ['/admin/opendata', '/admin/opendata/wifi-vyuziti']) {
      expect(await axe(q, `${hub.url}${path}?lang=cs`), path).toEqual([]);
      expect(await noHorizontalScroll(q), path).toBe(true);
    }
    await a.close();
    expect((await (await fetch(`${hub.url}/lkod/datove-sady/wifi-vyuziti`)).json())['název'].cs).toBe('Využití Wi-Fi na nádražích kraje');
  }, 60_000);
});
