// The Turtle variant's RDF: the official example's triples from our expansion equal the N-Triples jsonld.js produced
// from it (test/fixtures, blank nodes compared by content), the Turtle writer's output carries the same triples, and
// the catalogue is checked against the official catalogue SHACL shape (by test/helpers/turtle-shacl.ts until a SHACL
// engine is installed, NEEDS.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { createJsonLdToRdf, toNTriples, toTurtle } from './rdf.ts';
import { catalogRecord, LIBERECKY_KRAJ } from './dcat.ts';
import { parseTurtle, shaclValidate } from '../../test/helpers/turtle-shacl.ts';

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

  it('the Turtle reads back as the same triples', () => {
    for (const doc of ['katalog.jsonld', 'wifi-pripojeni-nadrazi.jsonld']) {
      const ts = rdf.triples(json(doc));
      expect(canonical(toNTriples(parseTurtle(toTurtle(ts, rdf.prefixes)))), doc).toEqual(canonical(toNTriples(ts)));
    }
  });

  it('the official catalogue SHACL shape (lkod-validator): the example and Peron\'s catalogue conform, broken ones do not', () => {
    const shapes = parseTurtle(readFileSync(join(fixtures, 'shacl', 'lkod-validator-catalog-2024-05-28.shacl.ttl'), 'utf8'));
    expect(shaclValidate(shapes, rdf.triples(json('katalog.jsonld')))).toEqual([]);
    const settings = { publicUrl: 'https://hub.kraj.test', publisher: LIBERECKY_KRAJ, contactName: { cs: 'Krajský úřad' }, contactEmail: 'data@kraj.test', title: { cs: 'Katalog', en: 'Catalogue' }, description: { cs: 'Popis', en: 'Description' } };
    expect(shaclValidate(shapes, rdf.triples(catalogRecord(settings, ['wifi-vyuziti'])))).toEqual([]);
    const paths = (doc: Record<string, unknown>) => shaclValidate(shapes, rdf.triples(doc)).map((r) => r.path.replace(/^.*[/#]/, ''));
    expect(paths(catalogRecord(settings, []))).toEqual(['dataset']);
    expect(paths({ ...catalogRecord(settings, ['x']), poskytovatel: [LIBERECKY_KRAJ, 'https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/00000001'] })).toEqual(['publisher']);
    expect(paths({ ...catalogRecord(settings, ['x']), název: undefined })).toEqual(['title']);
    expect(paths({ ...catalogRecord(settings, ['x']), typ: 'Datová sada' })).toEqual(['type']); // no dcat:Catalog at all
  });
});
