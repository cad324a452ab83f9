// Catalogue editing at the hub, as the county admin does it in the admin UI: the build state of every dataset, an
// edit that gives an invalid record refused with the field named (nothing changes), a valid edit published in the
// record NKOD harvests, audited, and the dataset shipped only to the locations chosen. Editors have no access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../test/helpers/admin-hub.ts';
import { startTestHub, type TestHub } from '../../test/helpers/hub-fleet.ts';
import type { HubDatasets } from './hub.ts';

const LIBEREC = 'liberec-hlavni-nadrazi';
const form = (over: Record<string, string | string[]> = {}) => {
  const f = new URLSearchParams({
    'title[cs]': 'Využití Wi-Fi na nádražích', 'title[en]': 'Wi-Fi use at the stations',
    'description[cs]': 'Počty připojení po hodinách.', 'description[en]': 'Connects per hour.',
    'keywords[cs]': 'Wi-Fi, nádraží', 'keywords[en]': 'Wi-Fi, station',
    contactName: 'Odbor dopravy', contactEmail: 'doprava@kraj.test', terms: 'none', author: '',
  });
  f.append('themes', 'TRAN');
  for (const [k, v] of Object.entries(over)) {
    f.delete(k);
    for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  }
  return f;
};

describe('catalogue editing at the hub', () => {
  let hub: TestHub;
  let admin: AdminClient;
  const od = () => (hub.app as unknown as { opendata: HubDatasets }).opendata;
  const record = async () => (await fetch(`${hub.url}/lkod/datove-sady/wifi-vyuziti`)).json();
  beforeAll(async () => {
    hub = await startTestHub({ 'hub.publicUrl': 'https://hub.kraj.test', 'hub.adminToken': 'catalogue-test-token' });
    await hub.addUser('kraj@kraj.test', 'county-admin-pass-1', 'county-admin');
    await hub.addUser('editor@kraj.test', 'editor-pass-12345', 'editor', [LIBEREC]);
    admin = new AdminClient(hub.url);
    expect((await admin.signIn('kraj@kraj.test', 'county-admin-pass-1')).status).toBe(303);
  }, 30_000);
  afterAll(() => hub?.close());

  it('lists every dataset with its last build and error; an editor is refused', async () => {
    const list = await admin.get('/admin/opendata');
    expect(list.status).toBe(200);
    for (const slug of ['wifi-vyuziti', 'dostupnost-tabuli', 'regionalni-informace', 'statistika-stahovani']) expect(list.text).toContain(`id="ds-${slug}"`);
    // the regional feeds delivered nothing in a test hub: the error is shown
    expect(list.text).toMatch(/id="ds-regionalni-informace"[\s\S]*?no regional feed has delivered a file yet/);
    const editor = new AdminClient(hub.url);
    await editor.signIn('editor@kraj.test', 'editor-pass-12345');
    expect((await editor.get('/admin/opendata')).status).toBe(403);
    expect((await editor.get('/admin/opendata/wifi-vyuziti')).text).not.toContain('name="title[cs]"');
  });

  it('refuses an edit whose record would not validate, naming the field; the published record stays', async () => {
    const before = await record();
    await admin.get('/admin/opendata/wifi-vyuziti');
    const bad = await admin.post('/admin/opendata/wifi-vyuziti', form({ contactEmail: 'not an address', 'title[cs]': 'Nový název' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('contactEmail');
    expect(bad.text).not.toContain('Nový název'); // a form that does not parse shows the stored entry again
    // an edit that parses but gives a record the official schemas refuse: named by the record's field
    const edit = { title: { cs: 'x', en: 'x' }, description: { cs: 'x', en: 'x' }, themes: ['TRAN' as const], keywords: { cs: ['x'], en: [] }, contactName: 'x', contactEmail: 'a b@kraj.test', terms: 'none' as const, author: '', locations: null };
    expect(od().checkEdit('wifi-vyuziti', edit).map((p) => p.field)).toContain('/kontaktní_bod/e-mail');
    const noTitle = await admin.post('/admin/opendata/wifi-vyuziti', form({ 'title[cs]': ' ' }));
    expect(noTitle.status).toBe(422);
    expect(noTitle.text).toContain('title.cs');
    const ccByNoAuthor = await admin.post('/admin/opendata/wifi-vyuziti', form({ terms: 'cc-by' }));
    expect(ccByNoAuthor.text).toContain('author');
    expect(await record()).toEqual(before);
    expect((await admin.post('/admin/opendata/wifi-vyuziti', form(), { csrf: null })).status).toBe(403);
  });

  it('publishes a valid edit in the harvested record, audits it and ships the dataset only where chosen', async () => {
    await admin.get('/admin/opendata/wifi-vyuziti');
    const ok = await admin.post('/admin/opendata/wifi-vyuziti', form({ terms: 'cc-by', author: 'Liberecký kraj', locations: [LIBEREC] }));
    expect(ok.status).toBe(303);
    expect(ok.location).toBe('/admin/opendata/wifi-vyuziti?saved=1');
    const rec = await record();
    expect(rec['název']).toEqual({ cs: 'Využití Wi-Fi na nádražích', en: 'Wi-Fi use at the stations' });
    expect(rec['klíčové_slovo']).toEqual({ cs: ['Wi-Fi', 'nádraží'], en: ['Wi-Fi', 'station'] });
    expect(rec['kontaktní_bod']['e-mail']).toBe('mailto:doprava@kraj.test');
    expect(rec.distribuce[0]['podmínky_užití']).toMatchObject({ databáze_jako_autorské_dílo: 'https://creativecommons.org/licenses/by/4.0/', autor_databáze: { cs: 'Liberecký kraj' } });
    const audit = hub.app.deps.db.prepare("SELECT actor, action, after_json AS after FROM admin_audit WHERE action = 'opendata.edit'").all() as { actor: string; after: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe('kraj@kraj.test');
    expect(JSON.parse(audit[0].after)).toMatchObject({ slug: 'wifi-vyuziti', terms: 'cc-by', locations: [LIBEREC] });
    expect(Object.keys(od().releaseFiles(LIBEREC))).toContain('opendata/wifi-vyuziti/wifi-vyuziti.csv');
    expect(Object.keys(od().releaseFiles('jablonec-nad-nisou'))).not.toContain('opendata/wifi-vyuziti/wifi-vyuziti.csv');
    const index = JSON.parse(od().releaseFiles(LIBEREC)['opendata/index.json'].toString());
    expect(index.datasets.find((d: { slug: string }) => d.slug === 'wifi-vyuziti').shown).toMatchObject({ terms: 'cc-by', author: 'Liberecký kraj' });
    expect((await admin.get('/admin/opendata/wifi-vyuziti?saved=1')).text).toContain('value="Využití Wi-Fi na nádražích"');
  });
});
