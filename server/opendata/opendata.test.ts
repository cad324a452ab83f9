// Records against the official DCAT-AP-CZ 2024-05-28 schemas (the copy in test/fixtures, not the product's own),
// refusal of broken records, and the honest build: a failing source or an invalid record keeps the last good version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { openDb } from '../platform/db.ts';
import { createLogger } from '../platform/log.ts';
import { createRecordValidator } from './validate.ts';
import { buildStops, buildWifiUsage, csvFile, type UsageRow } from './datasets.ts';
import { catalogRecord, checkPublicUrl, datasetRecord, LIBERECKY_KRAJ } from './dcat.ts';
import { createHubDatasets } from './hub.ts';
import { createHubOpendataStore } from './store.ts';

const fixtures = join(repoRoot, 'test', 'fixtures', 'dcat-ap-cz');
const official = createRecordValidator(join(fixtures, 'json-schema'));
const example = () => JSON.parse(readFileSync(join(fixtures, 'example', 'wifi-pripojeni-nadrazi.jsonld'), 'utf8'));
const settings = { publicUrl: 'https://hub.kraj.test', publisher: LIBERECKY_KRAJ, contactName: { cs: 'Krajský úřad' }, contactEmail: 'data@kraj.test', title: { cs: 'Katalog', en: 'Catalogue' }, description: { cs: 'Popis', en: 'Description' } };
const hour = (h: string, loc = 'liberec-hlavni-nadrazi'): UsageRow => ({ locationId: loc, hour: h, portalViews: 5, connects: 2, radiusAccepts: 2, acctRecords: 4, acctInputOctets: 1000, acctOutputOctets: 9000, displaysUp: 2 });

describe('DCAT-AP-CZ records', () => {
  it('the official example passes the bundled official schemas', () => {
    expect(official.dataset(example())).toEqual([]);
    expect(official.catalog(JSON.parse(readFileSync(join(fixtures, 'example', 'katalog.jsonld'), 'utf8')))).toEqual([]);
  });

  it('refuses a wrong context, missing terms of use, an http: download URL and file + service in one distribution', () => {
    const ctx = example();
    ctx['@context'] = 'https://ofn.gov.cz/rozhraní-katalogů-otevřených-dat/2021-01-11/kontexty/rozhraní-katalogů-otevřených-dat.jsonld';
    expect(official.dataset(ctx).map((p) => p.field)).toContain('/@context');
    const terms = example();
    delete terms.distribuce[0]['podmínky_užití'];
    expect(official.dataset(terms).some((p) => p.field === '/distribuce/0' && p.message.includes('podmínky_užití'))).toBe(true);
    const http = example();
    http.distribuce[0]['soubor_ke_stažení'] = 'http://10.0.0.1/data/x.csv';
    expect(official.dataset(http).some((p) => p.field.startsWith('/distribuce/0'))).toBe(true);
    const both = example();
    both.distribuce[0]['přístupová_služba'] = { iri: 'https://hub.kraj.test/s', typ: 'Datová služba', název: { cs: 'API' }, přístupový_bod: 'https://hub.kraj.test/api' };
    expect(official.dataset(both).length).toBeGreaterThan(0);
  });

  it('every record Peron builds passes the official schemas, the departures API as a DataService distribution', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    const stops = buildStops([{ feed: 'demo', id: 'LBC1', name: 'Liberec, hl. n.', locationType: 0, parentId: 'LBC', platform: '1', wheelchair: 1, lat: 50.76, lon: 15.04 }], now);
    const recs = [datasetRecord(settings, stops), datasetRecord(settings, buildWifiUsage([hour('2026-12-02T23:00:00Z')], now))];
    for (const r of recs) expect(official.dataset(r)).toEqual([]);
    expect(official.catalog(catalogRecord(settings, ['zastavky-a-nastupiste', 'wifi-vyuziti']))).toEqual([]);
    expect((recs[0]['distribuce'] as unknown[]).length).toBe(2);
    // Wi-Fi hour 23:00 UTC on 2 Dec is 3 Dec in Prague: the coverage starts on the local day
    expect(recs[1]['časové_pokrytí']).toEqual({ typ: 'Časový interval', začátek: '2026-12-03' });
  });

  it('refuses to publish http: IRIs unless in development mode, and says why', () => {
    expect(() => checkPublicUrl('http://localhost:8090', false)).toThrow(/not https:.*NKOD/);
    expect(checkPublicUrl('http://localhost:8090/', true)).toBe('http://localhost:8090');
    expect(checkPublicUrl('https://hub.kraj.test/', false)).toBe('https://hub.kraj.test');
  });

  it('a CSV whose rows do not match its columns names the dataset and the row', () => {
    expect(() => csvFile('wifi-vyuziti', 'x.csv', { cs: 'x', en: 'x', de: 'x', pl: 'x' }, ['a', 'b'], [[1, 2], [3]])).toThrow(/dataset wifi-vyuziti: x.csv row 2 has 1 fields, the columns are 2/);
  });
});

describe('hub dataset builds', () => {
  function setup(mode: { fail?: boolean; badRecord?: boolean }) {
    const db = openDb(':memory:', 'hub');
    const figures: UsageRow[] = [hour('2026-12-03T08:00:00Z'), hour('2026-12-03T09:00:00Z')];
    let t = Date.parse('2026-12-03T10:00:00Z');
    const ds = createHubDatasets({
      store: createHubOpendataStore(db),
      validator: createRecordValidator(),
      settings: () => (mode.badRecord ? { ...settings, contactEmail: 'not an address' } : settings),
      sources: { figures: () => figures, regional: () => ({ files: {}, sources: [] }), downloads: () => [] },
      clock: { now: () => t },
      log: createLogger({ level: 'silent' }),
      builders: {
        'wifi-vyuziti': (now) => {
          if (mode.fail) throw new Error('telemetry store unavailable');
          return buildWifiUsage(figures, now);
        },
      },
    });
    return { ds, figures, tick: () => (t += 3_600_000) };
  }

  it('a failed source or an invalid record keeps the last good version; the error names the dataset and the field', () => {
    const mode: { fail?: boolean; badRecord?: boolean } = {};
    const { ds, figures, tick } = setup(mode);
    expect(ds.buildAll()['wifi-vyuziti']).toEqual({ ok: true });
    const good = ds.file('wifi-vyuziti', 'wifi-vyuziti.csv')!.body.toString();
    expect(good.split('\r\n')[1]).toContain('liberec-hlavni-nadrazi,5,2,2,4,1000,9000');
    const builtAt = ds.states()[0].builtAt;

    figures.push(hour('2026-12-03T10:00:00Z'));
    mode.fail = true;
    tick();
    const r = ds.buildAll()['wifi-vyuziti'];
    expect(r.error).toMatch(/dataset wifi-vyuziti: telemetry store unavailable/);
    expect(ds.file('wifi-vyuziti', 'wifi-vyuziti.csv')!.body.toString()).toBe(good);
    expect(ds.states()[0]).toMatchObject({ builtAt, error: r.error });

    mode.fail = false;
    mode.badRecord = true;
    tick();
    const bad = ds.buildAll()['wifi-vyuziti'];
    expect(bad.error).toMatch(/dataset wifi-vyuziti: the record does not validate: \/kontaktní_bod\/e-mail/);
    expect(ds.record('wifi-vyuziti')!['kontaktní_bod']).toMatchObject({ 'e-mail': 'mailto:data@kraj.test' });
    expect(ds.file('wifi-vyuziti', 'wifi-vyuziti.csv')!.body.toString()).toBe(good);

    mode.badRecord = false;
    tick();
    expect(ds.buildAll()['wifi-vyuziti']).toEqual({ ok: true });
    expect(ds.file('wifi-vyuziti', 'wifi-vyuziti.csv')!.body.toString().split('\r\n').length).toBe(good.split('\r\n').length + 1);
  });

});
