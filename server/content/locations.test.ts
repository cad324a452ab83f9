import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { loadAllLocations, loadLocation, loadLocationFile } from './locations.ts';

const dir = join(repoRoot, 'locations');

function brokenCopy(edit: (yaml: string) => string): string {
  const d = mkdtempSync(join(tmpdir(), 'peron-loc-'));
  const f = join(d, 'liberec-hlavni-nadrazi.yaml');
  writeFileSync(f, edit(readFileSync(join(dir, 'liberec-hlavni-nadrazi.yaml'), 'utf8')));
  return f;
}

describe('location files', () => {
  it('ships the four county stations, each valid, with names in four languages', () => {
    const all = loadAllLocations(dir);
    const ids = all.map((l) => l.id);
    for (const id of ['liberec-hlavni-nadrazi', 'liberec-autobusove-nadrazi', 'jablonec-nad-nisou', 'ceska-lipa-hlavni-nadrazi']) expect(ids).toContain(id);
    for (const l of all) {
      expect(Object.keys(l.names).sort()).toEqual(['cs', 'de', 'en', 'pl']);
      expect(l.terms.version).toBeTruthy();
      expect(l.tiles.some((t) => t.phone === '112')).toBe(true);
    }
    expect(new Set(all.map((l) => l.kind)).size).toBeGreaterThan(1);
  });

  it('names the file, line and field of a missing translation', () => {
    const f = brokenCopy((y) => y.replace('  pl: Liberec, dworzec główny\n', ''));
    expect(() => loadLocationFile(f)).toThrow(`${f}:5: names.pl: Invalid input: expected string, received undefined`);
  });

  it('names the line of an unknown key', () => {
    const f = brokenCopy((y) => y.replace('timezone: Europe/Prague', 'timezone: Europe/Prague\ncolour: red'));
    expect(() => loadLocationFile(f)).toThrow(new RegExp(`${f}:\\d+: colour: unknown key "colour"`));
  });

  it('rejects a tile link that is not http(s)', () => {
    const f = brokenCopy((y) => y.replace('url: https://www.cd.cz/', 'url: "javascript:alert(1)"'));
    expect(() => loadLocationFile(f)).toThrow(/tiles\.0\.url/);
  });

  it('reports YAML syntax errors with the line', () => {
    const f = brokenCopy((y) => y.replace('kind: railway-station', 'kind: [railway-station'));
    expect(() => loadLocationFile(f)).toThrow(/liberec-hlavni-nadrazi\.yaml:\d+: invalid YAML/);
  });

  it('refuses an unknown location id and lists the known ones', () => {
    expect(() => loadLocation(dir, 'praha-hlavni-nadrazi')).toThrow(/unknown location "praha-hlavni-nadrazi" \(known: .*liberec-hlavni-nadrazi/);
  });
});
