// The county signpost in Debian's Chromium without JavaScript: the portal's topic sections with the county links
// and announcements fit 320 px and are axe clean in all four languages; a signpost link goes through /go/<id> to
// the configured URL; the hub's county editor is axe clean too.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';
import { startTestHub, type TestHub } from '../helpers/hub-fleet.ts';
import { COUNTY_FILE, loadCountyDefault } from '../../server/content/index.ts';
import { repoRoot } from '../../server/config-schema.ts';
import { join } from 'node:path';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const t4 = (s: string) => ({ cs: s, en: s, de: s, pl: s });

async function axeAndWidth(page: Page, what: string) {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(o: unknown): Promise<unknown> } }).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  )) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[]; passes: unknown[] };
  expect(result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
  expect(result.passes.length, what).toBeGreaterThan(10);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} scrolls sideways at 320 px`).toBeLessThanOrEqual(320);
}

describe('county signpost in Chromium', () => {
  let browser: Browser;
  let site: TestSite;
  let hub: TestHub;
  beforeAll(async () => {
    browser = await launchBrowser();
    site = await startTestSite();
    // the shipped signpost plus a long-worded link and a county announcement, as a hub release would carry them
    const county = loadCountyDefault(join(repoRoot, 'locations'));
    county.links.push({ id: 'dlouhy', topic: 'help', title: t4('Krajské integrované bezpečnostní centrum a informační linka pro mimořádné události'), text: t4('https://www.velmi-dlouha-adresa-bez-mezer.example.cz/informace/pro/cestujici'), url: 'https://kibc.example.cz/' });
    county.announcements.push({ id: 'zima', text: t4('Od neděle platí zimní jízdní řád IDOL; spoje na hřebeny Jizerských hor jezdí častěji.'), priority: 'warning' });
    const loc = structuredClone(site.app.content.current().location);
    site.app.content.replace(loc, 'release:1', { [COUNTY_FILE]: Buffer.from(JSON.stringify(county)) });
    hub = await startTestHub();
    await hub.addUser('kraj@kraj-lbc.cz', 'dlouhé heslo pro test', 'county-admin');
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await hub?.close();
  });

  it('shows the topic sections in every language, axe clean and without sideways scrolling at 320 px', async () => {
    // the page itself runs no script (its CSP allows none); axe is injected past the CSP in a second context
    const plain = await (await browser.newContext({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false })).newPage();
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true });
    const page = await ctx.newPage();
    const heading = { cs: 'Životní prostředí', en: 'Environment', de: 'Umwelt', pl: 'Środowisko' };
    for (const lang of ['cs', 'en', 'de', 'pl'] as const) {
      await plain.goto(`${site.url}/?lang=${lang}`);
      expect(await plain.getByRole('heading', { level: 2, name: heading[lang], exact: true }).count(), lang).toBe(1);
      expect(await plain.locator('main').textContent()).toContain('Od neděle platí zimní jízdní řád IDOL');
      await page.goto(`${site.url}/?lang=${lang}`);
      await axeAndWidth(page, `portal ${lang}`);
    }
    await plain.context().close();
    await ctx.close();
  }, 60_000);

  it('follows a signpost link through /go/<id> to the configured URL', async () => {
    const ctx = await browser.newContext({ locale: 'cs-CZ', javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.route('https://povodnovyportal.kraj-lbc.cz/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>povodně</title>' }));
    await page.goto(`${site.url}/`);
    const link = page.getByRole('link', { name: /Povodňový portál/ });
    expect(await link.getAttribute('href')).toBe('/go/povodne');
    await link.click();
    await page.waitForURL('https://povodnovyportal.kraj-lbc.cz/');
    await ctx.close();
  }, 30_000);

  it('has an axe clean county editor at the hub (cs, en)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'cs-CZ', bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(`${hub.url}/admin/sign-in`);
    await page.getByLabel('E-mail').fill('kraj@kraj-lbc.cz');
    await page.getByLabel('Heslo').fill('dlouhé heslo pro test');
    await page.getByRole('button', { name: 'Přihlásit' }).click();
    for (const lang of ['cs', 'en']) {
      await page.goto(`${hub.url}/admin/county?lang=${lang}`);
      await page.evaluate(axeSource);
      const result = (await page.evaluate(() => (globalThis as unknown as { axe: { run(o: unknown): Promise<unknown> } }).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))) as { violations: { id: string; nodes: { target: string[] }[] }[] };
      expect(result.violations.map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `county editor ${lang}`).toEqual([]);
    }
    await ctx.close();
  }, 60_000);
});
