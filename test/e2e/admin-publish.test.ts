// Browser test of the hub admin UI in Debian's Chromium: sign in, change an announcement, preview, publish;
// axe-core WCAG 2.1 A/AA checks on the sign-in and content pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../server/config-schema.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { recordingHub, type RecordingHub } from '../helpers/admin-hub.ts';
import { startTestHub, type TestHub } from '../helpers/hub-fleet.ts';

const axeSource = readFileSync(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
const ID = 'liberec-autobusove-nadrazi';

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('admin UI in Chromium', () => {
  let hub: TestHub;
  let rec: RecordingHub;
  let browser: Browser;
  beforeAll(async () => {
    rec = recordingHub();
    hub = await startTestHub({}, { hub: rec });
    await hub.addUser('spravce@kraj-lbc.cz', 'zimní jízdní řád 2026', 'county-admin');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('lets an administrator sign in, change an announcement, preview it and publish it', async () => {
    // Without JavaScript: the admin UI is plain HTML forms.
    const page = await browser.newPage({ locale: 'cs-CZ', javaScriptEnabled: false });
    page.setDefaultTimeout(20_000);
    await page.goto(`${hub.url}/admin/locations/${ID}`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await page.getByLabel('E-mail').fill('spravce@kraj-lbc.cz');
    await page.getByLabel('Heslo').fill('zimní jízdní řád 2026');
    await page.getByRole('button', { name: 'Přihlásit' }).click();
    expect(new URL(page.url()).pathname).toBe(`/admin/locations/${ID}`);

    const row = page.locator('#announcements').locator('..').getByRole('group', { name: 'Nové oznámení' });
    await row.getByRole('group', { name: 'Text' }).getByLabel('Čeština').fill('Nástupiště 5 je dnes uzavřeno.');
    await row.getByRole('group', { name: 'Text' }).getByLabel('English').fill('Stand 5 is closed today.');
    await row.getByRole('group', { name: 'Text' }).getByLabel('Deutsch').fill('Bussteig 5 ist heute geschlossen.');
    await row.getByRole('group', { name: 'Text' }).getByLabel('Polski').fill('Stanowisko 5 jest dziś zamknięte.');
    await row.getByLabel('Priorita').selectOption('warning');
    await row.getByLabel('Platí do').fill('2026-12-31T23:00');
    await page.getByRole('button', { name: 'Uložit: Oznámení' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Uloženo: Oznámení');
    expect(await page.getByRole('group', { name: 'Oznámení 1' }).getByLabel('Čeština').inputValue()).toBe('Nástupiště 5 je dnes uzavřeno.');

    await page.getByRole('link', { name: 'Náhled' }).click();
    const frame = page.locator('iframe');
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts');
    const src = (await frame.getAttribute('src'))!;
    const framed = await page.request.get(hub.url + src);
    expect(await page.locator('main').textContent()).toContain(`kódem ${framed.status()}`);
    await page.getByRole('link', { name: 'English' }).last().click();
    expect(await page.locator('iframe').getAttribute('src')).toMatch(/\?lang=en$/);
    await page.getByRole('link', { name: /Tabule/ }).first().click();
    expect(await page.locator('iframe').getAttribute('src')).toMatch(/\/kiosk\/[a-z0-9-]+\?lang=(cs|en)$/);

    expect(await page.getByRole('link', { name: 'Zpět na obsah lokality' }).getAttribute('href')).toBe(`/admin/locations/${ID}`);
    await page.goto(`${hub.url}/admin/locations/${ID}`);
    await page.getByRole('button', { name: 'Publikovat' }).click();
    await page.waitForURL(`**/admin/locations/${ID}/publication`);
    expect(new URL(page.url()).pathname).toBe(`/admin/locations/${ID}/publication`);
    expect(await page.getByRole('status').textContent()).toContain('publikován');
    const pub = rec.published.at(-1)!;
    expect(pub.locationId).toBe(ID);
    expect(pub.input.location.announcements).toEqual([
      expect.objectContaining({ text: { cs: 'Nástupiště 5 je dnes uzavřeno.', en: 'Stand 5 is closed today.', de: 'Bussteig 5 ist heute geschlossen.', pl: 'Stanowisko 5 jest dziś zamknięte.' }, priority: 'warning', validTo: '2026-12-31T23:00:00+01:00' }),
    ]);
    await page.close();
  }, 120_000);

  it('passes axe WCAG 2.1 AA checks on the sign-in page and the content page, with and without errors', async () => {
    // bypassCSP: the admin pages forbid every script (script-src 'none'); axe has to be injected all the same.
    const page = await browser.newPage({ locale: 'cs-CZ', bypassCSP: true });
    page.setDefaultTimeout(20_000);
    await page.goto(`${hub.url}/admin/sign-in`);
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('E-mail').fill('spravce@kraj-lbc.cz');
    await page.getByLabel('Heslo').fill('wrong password');
    await page.getByRole('button', { name: 'Přihlásit' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Nesprávný e-mail nebo heslo');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Heslo').fill('zimní jízdní řád 2026');
    await page.getByRole('button', { name: 'Přihlásit' }).click();
    await page.goto(`${hub.url}/admin/locations/${ID}`);
    expect(await axe(page)).toEqual([]);
    await page.getByRole('group', { name: 'Nová dlaždice' }).getByLabel('Identifikátor').fill('spatna');
    await page.getByRole('group', { name: 'Nová dlaždice' }).getByLabel('Odkaz').fill('ftp://example.org/');
    await page.getByRole('button', { name: 'Uložit: Dlaždice a odkazy' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Neuloženo');
    expect(await axe(page)).toEqual([]);
    for (const path of ['/admin/locations', `/admin/locations/${ID}/preview`, '/admin/fleet', '/admin/audit', '/admin/feeds', '/admin/users']) {
      await page.goto(hub.url + path);
      expect(await axe(page), path).toEqual([]);
    }
    await page.close();
  }, 120_000);
});
