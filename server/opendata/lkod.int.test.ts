// The hub's LKOD over real HTTP: the catalogue and every dataset record it lists validate against the official
// schemas (test/fixtures copy), with the harvester's headers; the Turtle variant carries the same triples and the
// catalogue conforms to the official catalogue SHACL shape; an http: public URL is refused with the reason.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { createRecordValidator } from './validate.ts';
import { readFileSync } from 'node:fs';
import { createJsonLdToRdf, toNTriples, type Triple } from './rdf.ts';
import { parseTurtle, shaclValidate } from '../../test/helpers/turtle-shacl.ts';
import { startTestHub, type TestHub } from '../../test/helpers/hub-fleet.ts';

const official = createRecordValidator(join(repoRoot, 'test', 'fixtures', 'dcat-ap-cz', 'json-schema'));
const rdf = createJsonLdToRdf(join(repoRoot, 'test', 'fixtures', 'dcat-ap-cz', 'context', 'rozhraní-katalogů-otevřených-dat-2024-05-28.jsonld'));
const shapes = parseTurtle(readFileSync(join(repoRoot, 'test', 'fixtures', 'dcat-ap-cz', 'shacl', 'lkod-validator-catalog-2024-05-28.shacl.ttl'), 'utf8'));
/** triples without blank-node labels (the records' blank nodes are leaves: compare them by their own triples) */
const sorted = (ts: Triple[]) => canonicalNt(toNTriples(ts));
function canonicalNt(nt: string): string[] {
  const lines = nt.split('\n').filter(Boolean);
  const own = new Map<string, string[]>();
  for (const l of lines) {
    const m = /^(_:\S+) (.*)$/.exec(l);
    if (m) own.set(m[1], [...(own.get(m[1]) ?? []), m[2]]);
  }
  return lines.filter((l) => !l.startsWith('_:')).map((l) => l.replace(/_:\S+/g, (b) => `[${(own.get(b) ?? []).sort().join(' ; ')}]`)).sort();
}

describe('LKOD at the hub', () => {
  let hub: TestHub;
  let plain: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ 'hub.publicUrl': 'https://hub.kraj.test', 'hub.adminToken': 'lkod-test-token' });
    plain = await startTestHub();
  });
  afterAll(async () => {
    await Promise.all([hub?.close(), plain?.close()]);
  });

  it('serves a catalogue that lists every published dataset, each record valid at its IRI, with CORS and JSON-LD type', async () => {
    const res = await fetch(`${hub.url}/lkod/katalog.jsonld`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const cat = await res.json();
    expect(official.catalog(cat)).toEqual([]);
    expect(cat.iri).toBe('https://hub.kraj.test/lkod/katalog.jsonld');
    const iris: string[] = cat['datová_sada'];
    expect(iris).toEqual(expect.arrayContaining(['https://hub.kraj.test/lkod/datove-sady/wifi-vyuziti', 'https://hub.kraj.test/lkod/datove-sady/dostupnost-tabuli', 'https://hub.kraj.test/lkod/datove-sady/statistika-stahovani']));
    for (const iri of iris) {
      const r = await fetch(hub.url + new URL(iri).pathname);
      expect(r.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
      const rec = await r.json();
      expect(rec.iri).toBe(iri);
      expect(official.dataset(rec)).toEqual([]);
      for (const d of rec.distribuce.filter((x: Record<string, string>) => x['soubor_ke_stažení'])) {
        const f = await fetch(hub.url + new URL(d['soubor_ke_stažení']).pathname);
        expect(f.status).toBe(200);
        expect(f.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
      }
    }
    const pre = await fetch(`${hub.url}/lkod/katalog.jsonld`, { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
  });

  it('serves the Turtle variant of the catalogue and of every record: .ttl URLs and Accept: text/turtle', async () => {
    const cat = await (await fetch(`${hub.url}/lkod/katalog.jsonld`)).json();
    for (const url of [`${hub.url}/lkod/katalog.ttl`, `${hub.url}/lkod/katalog.jsonld`]) {
      const res = await fetch(url, { headers: url.endsWith('.jsonld') ? { accept: 'text/turtle' } : {} });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const ttl = await res.text();
      expect(ttl).toContain('@prefix dcat: <http://www.w3.org/ns/dcat#> .');
      expect(ttl).toMatch(/^<https:\/\/hub\.kraj\.test\/lkod\/katalog\.jsonld>\n  a dcat:Catalog ;/m);
      for (const iri of cat['datová_sada']) expect(ttl).toContain(`<${iri}>`);
      // the served Turtle holds the served JSON-LD's triples and conforms to the official catalogue shape
      const served = parseTurtle(ttl);
      expect(sorted(served)).toEqual(sorted(rdf.triples(cat)));
      expect(shaclValidate(shapes, served)).toEqual([]);
    }
    // no Accept (NKOD's harvester) or a browser's: JSON-LD
    expect((await fetch(`${hub.url}/lkod/katalog.jsonld`, { headers: { accept: 'text/html,*/*;q=0.8' } })).headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    const iri: string = cat['datová_sada'][0];
    const rec = await fetch(`${hub.url}${new URL(iri).pathname}.ttl`);
    expect(rec.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    const ttl = await rec.text();
    expect(ttl).toContain(`<${iri}>\n  a dcat:Dataset ;`);
    expect(ttl).toContain('pu:specifikace [');
    expect(sorted(parseTurtle(ttl))).toEqual(sorted(rdf.triples(await (await fetch(hub.url + new URL(iri).pathname)).json())));
    expect((await fetch(`${hub.url}/lkod/datove-sady/no-such-set.ttl`)).status).toBe(404);
  });

  it('refuses to publish a catalogue whose IRIs are not https: and says why', async () => {
    const res = await fetch(`${plain.url}/lkod/katalog.jsonld`);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/not https:.*NKOD/);
  });
});
