// A traveller's phone in Debian's Chromium: the OS probe is redirected to the portal, Connect works without
// JavaScript, a UAM redirect ends at chilli's logon URL, a tampered one is refused, every language renders,
// and axe-core finds no WCAG 2.1 AA violation. Chromium reaches the site through it as an HTTP proxy, so the
// real probe hosts (captive.apple.com …) arrive with their own Host header, as behind a controller's DNAT.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';
import { startChilliProxy } from '../helpers/captive-proxy.ts';
import { uamChapResponse, uamMd } from '../../server/captive/controllers/uam.ts';

const PUBLIC = 'http://portal.test';
const SECRET = 'e2e-uam-secret';
const IPHONE = { locale: 'cs-CZ', viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148' };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
const sites: TestSite[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const s of sites) await s.close();
});

async function site(flags: Record<string, unknown> = {}) {
  const s = await startTestSite({ 'http.publicUrl': PUBLIC, ...flags });
  sites.push(s);
  return s;
}
const viaSite = (s: TestSite, extra: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> =>
  browser.newContext({ ...IPHONE, javaScriptEnabled: false, proxy: { server: `http://127.0.0.1:${s.port}`, bypass: '<-loopback>' }, ...extra });

describe('traveller flow in Chromium', () => {
  it('goes from the iPhone probe redirect through Connect to the online page with JavaScript disabled', async () => {
    const s = await site();
    const ctx = await viaSite(s);
    const page = await ctx.newPage();
    const first = await page.goto('http://captive.apple.com/hotspot-detect.html');
    expect(page.url()).toBe(`${PUBLIC}/`);
    expect(first?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Liberec, hlavní nádraží');
    await page.getByRole('button', { name: 'Připojit se' }).click();
    await page.waitForURL(`${PUBLIC}/online?lang=cs`);
    await expect(page.getByRole('heading', { level: 2 }).first().textContent()).resolves.toBe('Jste připojeni k internetu');
    // the OS re-probes and now gets Apple's success page, so the mini-browser can close
    await page.goto('http://captive.apple.com/hotspot-detect.html');
    await expect(page.locator('body').textContent()).resolves.toBe('Success');
    await ctx.close();
  });

  it('sends a UAM redirect with a valid md to a correct chilli logon URL', async () => {
    const s = await site({ 'captive.controller': 'uam', 'captive.uamSecret': SECRET, 'captive.uamServerUrl': `${PUBLIC}/` });
    // the request to uamip:uamport is intercepted by a proxy that answers as chilli's logon does
    const proxy = await startChilliProxy(s.port);
    const ctx = await browser.newContext({ ...IPHONE, javaScriptEnabled: false, proxy: { server: `http://127.0.0.1:${proxy.port}`, bypass: '<-loopback>' } });
    const page = await ctx.newPage();
    const challenge = randomBytes(16).toString('hex');
    const q = `res=notyet&uamip=10.1.0.1&uamport=3990&challenge=${challenge}&called=AA-BB-CC-DD-EE-FF&mac=3C-22-FB-0A-0B-0C&ip=127.0.0.1&nasid=liberec-hl-n&userurl=http%3A%2F%2Fwww.idos.cz%2F`;
    await page.goto(`${PUBLIC}/?${q}&md=${uamMd(`${PUBLIC}/?${q}`, SECRET)}`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.waitForURL(/\/online\?lang=en/);
    expect(proxy.logons).toHaveLength(1);
    const u = proxy.logons[0];
    expect(`${u.origin}${u.pathname}`).toBe('http://10.1.0.1:3990/logon');
    const login = s.app.acceptances.findUamLogin(u.searchParams.get('username')!, Date.now());
    expect(login).not.toBeNull();
    expect(u.searchParams.get('response')).toBe(uamChapResponse(login!.password, challenge, SECRET));
    expect(u.searchParams.get('lang')).toBe('en');
    expect(s.app.acceptances.findByMac('3c22fb0a0b0c', Date.now())?.acceptanceId).toBe(login!.acceptanceId);
    await expect(page.getByRole('link', { name: 'Continue to www.idos.cz' }).getAttribute('href')).resolves.toBe('http://www.idos.cz/');
    await ctx.close();
    await proxy.close();
  });

  it('refuses a tampered md with a clear page and no Connect button', async () => {
    const s = await site({ 'captive.controller': 'uam', 'captive.uamSecret': SECRET, 'captive.uamServerUrl': `${PUBLIC}/` });
    const ctx = await viaSite(s, { locale: 'de-DE' });
    const page = await ctx.newPage();
    const q = `res=notyet&uamip=10.1.0.1&uamport=3990&challenge=${randomBytes(16).toString('hex')}&mac=3C-22-FB-0A-0B-0D&ip=127.0.0.1`;
    const md = uamMd(`${PUBLIC}/?${q}`, SECRET);
    const r = await page.goto(`${PUBLIC}/?${q.replace('0A-0B-0D', '0A-0B-0E')}&md=${md}`);
    expect(r?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 2 }).first().textContent()).resolves.toBe('Der Link des Zugangspunkts ist ungültig');
    await expect(page.getByRole('button').count()).resolves.toBe(0);
    expect(s.app.acceptances.findByMac('3c22fb0a0b0e', Date.now())).toBeNull();
    await ctx.close();
  });

  it('renders each language through the switcher, without JavaScript', async () => {
    const s = await site({ location: 'liberec-autobusove-nadrazi' });
    const ctx = await viaSite(s);
    const page = await ctx.newPage();
    await page.goto(`${PUBLIC}/`);
    const expected = { English: ['en', 'Connect', 'Liberec bus station'], Deutsch: ['de', 'Verbinden', 'Liberec Busbahnhof'], Polski: ['pl', 'Połącz', 'Liberec, dworzec autobusowy'], Čeština: ['cs', 'Připojit se', 'Liberec, autobusové nádraží'] } as const;
    for (const [label, [lang, button, name]] of Object.entries(expected)) {
      await page.getByRole('link', { name: label }).click();
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
      await expect(page.locator('h1').textContent()).resolves.toBe(name);
      await expect(page.getByRole('button', { name: button }).isVisible()).resolves.toBe(true);
      await expect(page.locator('[aria-current="page"]').textContent()).resolves.toBe(label);
    }
    await ctx.close();
  });
});

describe('accessibility', () => {
  it('has no axe-core WCAG 2.1 A/AA violation on portal, online, terms, refusal and error pages, and fits 320 px', async () => {
    const rail = await site();
    const bus = await site({ location: 'liberec-autobusove-nadrazi', 'captive.controller': 'uam', 'captive.uamSecret': SECRET, 'captive.uamServerUrl': `${PUBLIC}/` });
    // the error page is small: fewer rules apply to it
    const pages: [TestSite, string, number?][] = [
      [rail, '/?lang=cs'],
      [rail, '/?lang=en'],
      [rail, '/?lang=de'],
      [rail, '/?lang=pl'],
      [rail, '/online?lang=cs&userurl=http%3A%2F%2Fexample.com%2F'],
      [rail, '/terms?lang=en'],
      [bus, '/?lang=cs'],
      [bus, '/?lang=pl'],
      [bus, '/?res=notyet&md=00'],
      [rail, '/no-such-page?lang=de', 5],
      [rail, '/departures?limit=abc&lang=pl', 5],
    ];
    for (const [s, path, minPasses = 10] of pages) {
      const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true, proxy: { server: `http://127.0.0.1:${s.port}`, bypass: '<-loopback>' } });
      const page = await ctx.newPage();
      await page.goto(`${PUBLIC}${path}`);
      await page.evaluate(axeSource);
      const result = (await page.evaluate(() =>
        (globalThis as unknown as { axe: { run(o: unknown): Promise<unknown> } }).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
      )) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[]; passes: unknown[] };
      const summary = result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(summary, `${path}`).toEqual([]);
      expect(result.passes.length).toBeGreaterThan(minPasses);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${path} scrolls sideways at 320 px`).toBeLessThanOrEqual(320);
      await ctx.close();
    }
  }, 120_000);
});
