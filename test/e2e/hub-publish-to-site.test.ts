// The whole content path in Debian's Chromium: an administrator edits an announcement at the hub, previews the
// portal exactly as the site renders it, publishes, and the enrolled site's portal shows it (real hub core, real
// signed release, real sync agent).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { enrolledDataDir, startFleetSite, startTestHub, waitFor, type TestFleetSite, type TestHub } from '../helpers/hub-fleet.ts';

const ID = 'liberec-autobusove-nadrazi';
const NOTICE = { cs: 'Stanoviště 7 je dnes přesunuto k hale B.', en: 'Stand 7 has moved to hall B today.', de: 'Bussteig 7 ist heute zur Halle B verlegt.', pl: 'Stanowisko 7 przeniesiono dziś do hali B.' };

describe('hub to site, in Chromium', () => {
  let hub: TestHub;
  let site: TestFleetSite;
  let browser: Browser;
  beforeAll(async () => {
    hub = await startTestHub();
    await hub.addUser('editorka@kraj-lbc.cz', 'autobusy jezdí včas', 'editor', [ID]);
    site = await startFleetSite({ dataDir: await enrolledDataDir(hub, 'lbc-bus', ID), location: ID });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await hub?.close();
  });

  it('an editor changes an announcement, previews it as the site renders it, publishes, and the station portal shows it', async () => {
    const page = await browser.newPage({ locale: 'cs-CZ', javaScriptEnabled: false });
    page.setDefaultTimeout(20_000);
    await page.goto(`${hub.url}/admin/sign-in`);
    await page.getByLabel('E-mail').fill('editorka@kraj-lbc.cz');
    await page.getByLabel('Heslo').fill('autobusy jezdí včas');
    await page.getByRole('button', { name: 'Přihlásit' }).click();
    await page.goto(`${hub.url}/admin/locations/${ID}`);

    const row = page.getByRole('group', { name: 'Nové oznámení' });
    const text = row.getByRole('group', { name: 'Text' });
    await text.getByLabel('Čeština').fill(NOTICE.cs);
    await text.getByLabel('English').fill(NOTICE.en);
    await text.getByLabel('Deutsch').fill(NOTICE.de);
    await text.getByLabel('Polski').fill(NOTICE.pl);
    await page.getByRole('button', { name: 'Uložit: Oznámení' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Uloženo: Oznámení');

    // the preview frame is the real site renderer running on the draft
    await page.getByRole('link', { name: 'Náhled' }).click();
    const src = (await page.locator('iframe').getAttribute('src'))!;
    const framed = await page.request.get(hub.url + src);
    expect(framed.status()).toBe(200);
    expect(await framed.text()).toContain(NOTICE.cs);

    // the site still serves the location file
    expect(await (await fetch(`${site.url}/`)).text()).not.toContain(NOTICE.cs);

    await page.goto(`${hub.url}/admin/locations/${ID}`);
    await page.getByRole('button', { name: 'Publikovat' }).click();
    await page.waitForURL(`**/admin/locations/${ID}/publication`);
    expect(await page.locator('main').textContent()).toContain('lbc-bus');

    await waitFor(() => site.app.content.current().source.startsWith('release:'), 'the site switched to the release', 20_000);
    const portal = await browser.newPage({ locale: 'en-GB', javaScriptEnabled: false });
    await portal.goto(`${site.url}/`);
    expect(await portal.locator('main').textContent()).toContain(NOTICE.en);
    await portal.goto(`${site.url}/?lang=cs`);
    expect(await portal.locator('main').textContent()).toContain(NOTICE.cs);
    await portal.close();
    await page.close();
  }, 120_000);
});
