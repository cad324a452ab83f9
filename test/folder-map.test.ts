// The README's folder map is the tree: every folder of server/ and every top-level folder the project ships is
// named in it, and it names none that does not exist.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const map = readme.slice(readme.indexOf('## Folder map'), readme.indexOf('\n## ', readme.indexOf('## Folder map') + 3));
const dirs = (d: string) => readdirSync(join(root, d), { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules').map((e) => e.name);

describe('README folder map', () => {
  it('names every folder of server/ and of the repository, and only those', () => {
    const named = [...map.matchAll(/^ {0,2}([a-z][a-z0-9-]*)\/ /gm)].map((m) => m[1]);
    const top = dirs('.').filter((d) => !['data', 'coverage'].includes(d));
    const server = dirs('server');
    expect(server.filter((d) => !named.includes(d)), 'server/ folders missing from the map').toEqual([]);
    expect(top.filter((d) => !named.includes(d) && d !== 'server'), 'top-level folders missing from the map').toEqual([]);
    expect(named.filter((d) => !server.includes(d) && !top.includes(d) && d !== 'server'), 'folders in the map that do not exist').toEqual([]);
  });
});
