// Feedback end to end in Debian's Chromium without JavaScript: a traveller sends feedback while the hub is down and
// gets a reference; the hub comes back, the message reaches the location editor's inbox with one delivery, an editor
// of another location cannot reach it, the public answer shows on the site's status page. axe on the new pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../server/config-schema.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { enrolledDataDir, startFleetSite, startTestHub, waitFor, type TestFleetSite, type TestHub } from '../helpers/hub-fleet.ts';

const ID = 'liberec-autobusove-nadrazi';
const TEXT = 'Odjezdová tabule u stanoviště 7 ukazuje <b>zrušený</b> spoj & nic jiného.';
const axeSource = readFileSync(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** axe needs script: a separate page with scripts on and the CSP bypassed, at the same address. */
async function axeAt(browser: Browser, url: string): Promise<string[]> {
  const p = await browser.newPage({ bypassCSP: true });
  await p.goto(url);
  const v = await axe(p);
  await p.close();
  return v;
}

async function signIn(page: Page, hub: TestHub, email: string, password: string) {
  await page.goto(`${hub.url}/admin/sign-in?lang=cs`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Heslo').fill(password);
  await page.getByRole('button', { name: 'Přihlásit' }).click();
  await page.waitForURL('**/admin/locations');
}

describe('feedback from a station to the hub and back, in Chromium', () => {
  let hub: TestHub;
  let site: TestFleetSite;
  let browser: Browser;
  beforeAll(async () => {
    hub = await startTestHub();
    await hub.addUser('autobusy@kraj-lbc.cz', 'autobusy jezdí včas', 'editor', [ID]);
    await hub.addUser('lipa@kraj-lbc.cz', 'česká lípa nádraží', 'editor', ['ceska-lipa-hlavni-nadrazi']);
    const dataDir = await enrolledDataDir(hub, 'lbc-bus', ID);
    await hub.close(); // the uplink is down when the traveller writes
    site = await startFleetSite({ dataDir, location: ID });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await hub?.close();
  });

  it('stores the message with the hub away, delivers it when the hub is back, and shows the answer', async () => {
    const page = await browser.newPage({ locale: 'cs-CZ', javaScriptEnabled: false });
    page.setDefaultTimeout(20_000);
    await page.goto(`${site.url}/departures?lang=cs`);
    await page.getByRole('link', { name: 'Podněty a připomínky' }).click();
    expect(new URL(page.url()).searchParams.get('from')).toBe('/departures');

    // an empty text is refused with the field named, nothing stored
    await page.getByLabel('Chybné odjezdy').check();
    await page.getByRole('button', { name: 'Odeslat podnět' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Napište text podnětu.');
    expect(site.app.deps.db.prepare('SELECT count(*) AS n FROM feedback').get()).toEqual({ n: 0 });

    await page.getByLabel('Váš podnět').fill(TEXT);
    await page.getByLabel('E-mail (nepovinný)').fill('cestujici@example.cz');
    await page.getByLabel(/Souhlasím/).check();
    await page.getByRole('button', { name: 'Odeslat podnět' }).click();
    await page.waitForURL(/\/feedback\/LBC-\d{4}-00001/);
    const ref = /LBC-\d{4}-00001/.exec(page.url())![0];
    expect(await page.getByRole('status').textContent()).toContain(ref);
    expect(await page.locator('#status').textContent()).toBe('Nový');
    expect(await page.locator('main').textContent()).toContain('jakmile bude spojení');
    expect(await page.locator('main').textContent()).not.toContain('cestujici@example.cz');
    expect(await axeAt(browser, page.url())).toEqual([]);

    // the hub comes back: one delivery brings the message into the inbox
    await hub.restart();
    await waitFor(() => (hub.app.deps.db.prepare('SELECT count(*) AS n FROM hub_feedback').get() as { n: number }).n === 1, 'the message at the hub', 15_000);

    const admin = await browser.newPage({ locale: 'cs-CZ', bypassCSP: true }); // the admin UI has no script; axe needs it
    admin.setDefaultTimeout(20_000);
    await signIn(admin, hub, 'autobusy@kraj-lbc.cz', 'autobusy jezdí včas');
    await admin.getByRole('link', { name: 'Podněty', exact: true }).click();
    expect(await axe(admin)).toEqual([]);
    await admin.getByRole('link', { name: ref }).click();
    const itemUrl = admin.url();
    expect(await admin.locator('#text').textContent()).toBe(TEXT); // stored as typed, shown escaped
    expect(await admin.locator('main').textContent()).toContain('cestujici@example.cz');
    expect(await axe(admin)).toEqual([]);
    const figures = (await (await admin.request.get(`${hub.url}/admin/fleet/figures.csv`)).text()).trim().split('\r\n');
    expect(figures[0]).toContain(',feedback');
    expect(figures.some((l) => l.includes(`,${ID},lbc-bus,`) && l.endsWith(',1'))).toBe(true); // feedback per location per day

    // an editor of another location neither lists it nor reaches it by its address
    const other = await browser.newPage({ locale: 'cs-CZ', javaScriptEnabled: false });
    await signIn(other, hub, 'lipa@kraj-lbc.cz', 'česká lípa nádraží');
    await other.goto(`${hub.url}/admin/feedback`);
    expect(await other.locator('main').textContent()).not.toContain(ref);
    const denied = await other.goto(itemUrl);
    expect(denied!.status()).toBe(403);
    expect(await other.locator('main').textContent()).not.toContain(TEXT);
    const csv = await other.request.get(`${hub.url}/admin/feedback.csv`);
    expect(await csv.text()).not.toContain(ref);
    await other.close();

    await admin.getByLabel('Veřejná odpověď').fill('Děkujeme, tabuli jsme opravili.');
    await admin.getByRole('button', { name: 'Zveřejnit odpověď' }).click();
    expect(await admin.locator('#status').textContent()).toBe('Zodpovězeno');
    const audit = hub.app.deps.db.prepare("SELECT actor, action FROM admin_audit WHERE action LIKE 'feedback.%'").all();
    expect(audit).toContainEqual({ actor: 'autobusy@kraj-lbc.cz', action: 'feedback.answer' });

    // the answer travels back with the next delivery and shows on the site
    await waitFor(async () => (await (await fetch(`${site.url}/feedback/${ref}?lang=cs`)).text()).includes('tabuli jsme opravili'), 'the answer on the site', 15_000);
    await page.goto(`${site.url}/feedback/${ref}?lang=cs`);
    expect(await page.locator('#status').textContent()).toBe('Zodpovězeno');
    expect(await page.locator('#answer').textContent()).toBe('Děkujeme, tabuli jsme opravili.');
    await admin.close();
    await page.close();
  }, 120_000);

  it('passes axe in every language on the form and both accessibility statements; the portal footer links them', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    for (const lang of ['cs', 'en', 'de', 'pl']) {
      for (const url of [`${site.url}/feedback?lang=${lang}`, `${site.url}/accessibility?lang=${lang}`, `${hub.url}/accessibility?lang=${lang}`]) {
        await page.goto(url);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await axe(page), url).toEqual([]);
      }
    }
    await page.goto(`${site.url}/?lang=cs`);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Prohlášení o přístupnosti' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Prohlášení o přístupnosti');
    expect(await page.locator('main').textContent()).toContain('Ministerstvo vnitra');
    await page.getByRole('main').getByRole('link', { name: /Podněty a připomínky/ }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Podněty a připomínky');
    await page.close();
  }, 60_000);
});
