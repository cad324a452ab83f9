// Architecture check (STYLE.md "index.ts is its only door"): code in one capability imports another's values only via its index.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = dirname(fileURLToPath(import.meta.url));
const CAPS = ['captive', 'radius', 'departures', 'kiosk', 'hub', 'sync', 'admin', 'content', 'opendata'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

describe('capability doors', () => {
  it('imports no value from another capability except through its index.ts (location sections feed the content schema)', () => {
    const bypasses: string[] = [];
    for (const cap of CAPS)
      for (const f of files(join(root, cap))) {
        const src = readFileSync(f, 'utf8');
        for (const m of src.matchAll(/^import (?!type )[^;]*? from '(\.[^']+)';/gms)) {
          const target = relative(root, join(dirname(f), m[1])).split(sep);
          if (target.length < 2 || !CAPS.includes(target[0]) || target[0] === cap) continue;
          if (target.at(-1) === 'index.ts' && target.length === 2) continue;
          if (cap === 'content' && target.at(-1) === 'location-section.ts') continue;
          bypasses.push(`${relative(root, f)} → ${target.join('/')}`);
        }
      }
    expect(bypasses).toEqual([]);
  });
});
