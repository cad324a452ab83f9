// The Turtle variant's RDF: the official example's triples from our expansion equal the N-Triples jsonld.js produced
// from it (test/fixtures, blank nodes compared by content), the Turtle writer's output carries the same triples, and
// the catalogue meets the official catalogue SHACL shape's constraints (see NEEDS.md for the SHACL engine itself).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { createJsonLdToRdf, toNTriples, toTurtle, type Triple } from './rdf.ts';

const fixtures = join(repoRoot, 'test', 'fixtures', 'dcat-ap-cz');
const rdf = createJsonLdToRdf(join(fixtures, 'context', 'rozhraní-katalogů-otevřených-dat-2024-05-28.jsonld'));
const json = (f: string) => JSON.parse(readFileSync(join(fixtures, 'example', f), 'utf8'));

/** N-Triples lines with each blank node replaced by its own (sorted) outgoing lines: a label-free comparison. */
function canonical(nt: string): string[] {
  const lines = nt.split('\n').filter(Boolean).map((l) => l.trim());
  const own = new Map<string, string[]>();
  for (const l of lines) {
    const m = /^(_:\S+) (.*)$/.exec(l);
    if (m) own.set(m[1], [...(own.get(m[1]) ?? []), m[2]]);
  }
  const sig = (b: string): string => `[${(own.get(b) ?? []).map((x) => x.replace(/_:\S+/g, sig)).sort().join(' ; ')}]`;
  return lines.filter((l) => !l.startsWith('_:')).map((l) => l.replace(/_:\S+/g, sig)).sort();
}

describe('JSON-LD → RDF of the records', () => {
  for (const [doc, nt] of [['katalog.jsonld', 'katalog.nt'], ['wifi-pripojeni-nadrazi.jsonld', 'wifi-pripojeni-nadrazi.nt']]) {
    it(`${doc}: the same triples as jsonld.js`, () => {
      const ours = toNTriples(rdf.triples(json(doc)));
      expect(canonical(ours)).toEqual(canonical(readFileSync(join(fixtures, 'example', nt), 'utf8')));
    });
  }

  it('the Turtle has prefixes, one block per IRI subject and the blank nodes inline', () => {
    const ttl = toTurtle(rdf.triples(json('wifi-pripojeni-nadrazi.jsonld')), rdf.prefixes);
    expect(ttl).toContain('@prefix dcat: <http://www.w3.org/ns/dcat#> .');
    expect(ttl).toMatch(/^<https:\/\/hub\.peron\.example\/lkod\/datove-sady\/wifi-pripojeni-nadrazi>\n  a dcat:Dataset ;/m);
    expect(ttl).toContain('dcterms:title "Využití veřejné Wi-Fi na nádražích (počty připojení po hodinách)"@cs, "Public Wi-Fi usage at railway stations (hourly connection counts)"@en');
    expect(ttl).toContain('dcat:startDate "2025-01-01"^^xsd:date');
    expect(ttl).toContain('pu:specifikace [\n    a pu:Specifikace ;');
    expect(ttl).not.toMatch(/_:b\d/);
  });

  it('the catalogue meets the official catalogue shape (lkod-validator catalog.shacl): title and description in cs, datasets, one publisher IRI', () => {
    const shape = readFileSync(join(fixtures, 'shacl', 'lkod-validator-catalog-2024-05-28.shacl.ttl'), 'utf8');
    for (const p of ['dcterms:title', 'dcterms:description', 'dcat:dataset', 'dcterms:publisher']) expect(shape).toContain(`sh:path ${p}`);
    const ts = rdf.triples(json('katalog.jsonld'));
    const cat = ts.find((t) => t.p.endsWith('#type') && t.o.v === 'http://www.w3.org/ns/dcat#Catalog')!.s;
    const of = (p: string): Triple['o'][] => ts.filter((t) => t.s.v === cat.v && t.p === p).map((t) => t.o);
    for (const p of ['http://purl.org/dc/terms/title', 'http://purl.org/dc/terms/description']) {
      const langs = of(p).map((o) => (o.t === 'lit' ? o.lang : undefined));
      expect(langs).toContain('cs');
      expect(new Set(langs).size).toBe(langs.length); // sh:uniqueLang
    }
    expect(of('http://www.w3.org/ns/dcat#dataset').length).toBeGreaterThan(0);
    expect(of('http://www.w3.org/ns/dcat#dataset').every((o) => o.t === 'iri')).toBe(true);
    expect(of('http://purl.org/dc/terms/publisher')).toEqual([{ t: 'iri', v: 'https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/70891508' }]);
  });
});
