// The county signpost edited once at a real hub and published to a real enrolled site: the county editor (county
// administrators only, CSRF, audited, errors naming the field), a location editor's overrides for their own
// location only, the preview, one publish reaching the site's portal and /go/<id>, and the clicks back at the hub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../test/helpers/admin-hub.ts';
import { enrolledDataDir, startFleetSite, startTestHub, waitFor, type TestFleetSite, type TestHub } from '../../test/helpers/hub-fleet.ts';
import { request } from '../../test/helpers/captive-http.ts';
import type { County } from '../content/index.ts';

const ID = 'jablonec-nad-nisou';
const OTHER = 'liberec-hlavni-nadrazi';
const PW = 'dlouhé heslo pro test';
const t4 = (s: string) => ({ cs: s, en: `${s} (en)`, de: `${s} (de)`, pl: `${s} (pl)` });

/** The county form's fields for a document, as the page would post them. */
function countyForm(c: County, version: string, extra: Record<string, string> = {}): Record<string, string> {
  const f: Record<string, string> = { _version: version };
  c.links.forEach((l, i) => {
    const n = `links[${i}]`;
    Object.assign(f, { [`${n}[id]`]: l.id, [`${n}[topic]`]: l.topic, [`${n}[url]`]: l.url });
    for (const [lang, v] of Object.entries(l.title)) f[`${n}[title][${lang}]`] = v;
    for (const [lang, v] of Object.entries(l.text ?? {})) f[`${n}[text][${lang}]`] = v;
  });
  c.announcements.forEach((a, i) => {
    Object.assign(f, { [`announcements[${i}][id]`]: a.id, [`announcements[${i}][priority]`]: a.priority });
    for (const [lang, v] of Object.entries(a.text)) f[`announcements[${i}][text][${lang}]`] = v;
  });
  return { ...f, ...extra };
}

const versionOf = (html: string) => /name="_version" value="(\d+)"/.exec(html)![1];

describe('county signpost at the hub', () => {
  let hub: TestHub;
  let site: TestFleetSite;
  let admin: AdminClient;
  let editor: AdminClient;
  beforeAll(async () => {
    hub = await startTestHub();
    await hub.addUser('kraj@kraj-lbc.cz', PW, 'county-admin');
    await hub.addUser('editor@mestojablonec.cz', PW, 'editor', [ID]);
    site = await startFleetSite({ dataDir: await enrolledDataDir(hub, 'jbc-1', ID), location: ID });
    admin = new AdminClient(hub.url);
    expect((await admin.signIn('kraj@kraj-lbc.cz', PW)).status).toBe(303);
    editor = new AdminClient(hub.url);
    expect((await editor.signIn('editor@mestojablonec.cz', PW)).status).toBe(303);
  });
  afterAll(async () => {
    await site?.close();
    await hub?.close();
  });

  const doc = (): County => JSON.parse((hub.app.deps.db.prepare('SELECT content FROM admin_county').get() as { content: string }).content);

  it('is seeded from the shipped signpost and edited by county administrators only', async () => {
    const page = await admin.get('/admin/county');
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="https://povodnovyportal.kraj-lbc.cz/"');
    expect((await editor.get('/admin/county')).status).toBe(403);
    expect((await editor.post('/admin/county', { _version: versionOf(page.text) })).status).toBe(403);
    // no CSRF token, no save
    expect((await admin.post('/admin/county', countyForm(doc(), versionOf(page.text)), { csrf: null })).status).toBe(403);
  });

  it('refuses an invalid document with errors naming each field, keeping the last good one', async () => {
    const page = await admin.get('/admin/county');
    const before = doc();
    const bad = countyForm(before, versionOf(page.text), { 'links[0][url]': 'javascript:alert(1)', 'links[1][title][pl]': '', 'links[2][id]': before.links[0].id });
    const r = await admin.post('/admin/county', bad);
    expect(r.status).toBe(422);
    expect(r.text).toContain('<a href="#f-links-0-url">Adresa (URL), odkaz 1: Zadejte adresu začínající http:// nebo https://');
    expect(r.text).toContain('<a href="#f-links-1-title-pl">Název (Polski), odkaz 2: Vyplňte toto pole');
    expect(r.text).toMatch(/Identifikátor, odkaz 3: .*used twice/);
    expect(r.text).toContain('id="f-links-0-url" name="links[0][url]" value="javascript:alert(1)"');
    expect(doc()).toEqual(before);
  });

  it('one edit and one publish reach the site: new link URL, a new link, a county announcement; preview shows it first', async () => {
    const page = await admin.get('/admin/county');
    const c = doc();
    const flood = c.links.findIndex((l) => l.id === 'povodne');
    c.links[flood] = { ...c.links[flood], url: 'https://povodne.example.cz/mapa' };
    c.links.push({ id: 'cyklo', topic: 'tourism', title: t4('Cyklobusy'), url: 'https://cyklo.example.cz/' });
    c.announcements.push({ id: 'zima', text: t4('Zimní jízdní řád platí od neděle'), priority: 'warning' });
    const saved = await admin.post('/admin/county', countyForm(c, versionOf(page.text)));
    expect([saved.status, saved.location]).toEqual([303, '/admin/county?saved=1']);
    const audit = await admin.get('/admin/audit');
    expect(audit.text).toContain('Úprava krajského rozcestníku');

    // the preview of any location is the real site renderer with the county-wide change
    const pv = await editor.get(`/admin/locations/${ID}/preview`);
    const src = /<iframe[^>]+src="([^"]+)"/.exec(pv.text)![1].replace(/&amp;/g, '&');
    const framed = await editor.get(src);
    expect(framed.text).toContain('Zimní jízdní řád platí od neděle');
    expect(framed.text).toContain('/go/cyklo');
    expect(await (await fetch(`${site.url}/`)).text()).not.toContain('/go/cyklo');

    const pub = await admin.post('/admin/county/publish', {});
    expect(pub.status).toBe(200);
    expect(pub.text).toMatch(new RegExp(`${ID}: 1 Wi-Fi bod`));
    await waitFor(() => site.app.content.current().source.startsWith('release:'), 'the site switched to the release', 20_000);
    const portal = (await request(site.url, '/?lang=en')).text;
    expect(portal).toContain('Zimní jízdní řád platí od neděle (en)');
    expect(portal).toMatch(/<a href="\/go\/cyklo"><strong>Cyklobusy \(en\)<\/strong>/);
    const go = await request(site.url, '/go/povodne');
    expect([go.status, go.headers.location]).toEqual([303, 'https://povodne.example.cz/mapa']);
  }, 60_000);

  it('lets a location editor hide, reorder and add links for their own location only', async () => {
    const page = await editor.get(`/admin/locations/${ID}`);
    expect(page.text).toContain('name="county[hide][]" value="geoportal"');
    const form = new URLSearchParams({ _version: versionOf(page.text), 'county[order]': 'mesto, idol' });
    form.append('county[hide][]', 'geoportal');
    for (const [k, v] of Object.entries({ id: 'mesto', topic: 'region', url: 'https://www.mestojablonec.cz/' })) form.set(`county[links][0][${k}]`, v);
    for (const [k, v] of Object.entries(t4('Město Jablonec'))) form.set(`county[links][0][title][${k}]`, v);
    const r = await editor.post(`/admin/locations/${ID}/county`, form);
    expect(r.status).toBe(303);
    expect((await editor.post(`/admin/locations/${OTHER}/county`, { _version: '1', 'county[order]': 'kraj' })).status).toBe(403);
    const bad = await editor.post(`/admin/locations/${ID}/county`, { _version: versionOf((await editor.get(`/admin/locations/${ID}`)).text), 'county[links][0][id]': 'x', 'county[links][0][url]': 'ftp://x' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('<a href="#f-county-links-0-url">Adresa (URL), řádek 1:');

    await editor.post(`/admin/locations/${ID}/publish`, {});
    await waitFor(async () => (await request(site.url, '/go/mesto')).status === 303, 'the override reached the site', 20_000);
    const portal = (await request(site.url, '/?lang=cs')).text;
    expect(portal).not.toContain('/go/geoportal');
    expect(portal).toContain('Město Jablonec');
    expect((await request(site.url, '/go/geoportal')).status).toBe(404);
  }, 60_000);

  it('shows the clicks the site counted at the hub, per location and link', async () => {
    for (let i = 0; i < 3; i++) expect((await request(site.url, '/go/cyklo')).status).toBe(303);
    await waitFor(async () => /<td>jablonec-nad-nisou<\/td><td><code>cyklo<\/code><\/td><td>3<\/td>/.test((await admin.get('/admin/county')).text), 'clicks at the hub', 20_000);
  }, 30_000);
});
