// Architecture check (STYLE.md "index.ts is its only door"): code in one capability reaches another only through
// its index.ts — for every import form: value and type imports, re-exports, side-effect and dynamic `import()`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = dirname(fileURLToPath(import.meta.url));
/** every folder of server/ is a capability, except the shared platform and the SQL migrations */
const CAPS = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && !['platform', 'migrations'].includes(e.name)).map((e) => e.name);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/** the relative module specifiers of a source file, by every form that loads or names a module */
export function specifiers(src: string): string[] {
  const forms = [
    /^\s*import\s+(?:type\s+)?[^;'"]*?\sfrom\s*'(\.[^']+)'/gms, // import x / { x } / type { x } / * as x from '…'
    /^\s*export\s+(?:type\s+)?[^;'"]*?\sfrom\s*'(\.[^']+)'/gms, // export { x } / * from '…'
    /^\s*import\s*'(\.[^']+)'/gm, // import '…' (side effect)
    /\bimport\(\s*'(\.[^']+)'\s*\)/g, // import('…')
    /\bimport\('(\.[^']+)'\)\./g, // type positions: import('…').T
  ];
  return [...new Set(forms.flatMap((re) => [...src.matchAll(re)].map((m) => m[1])))];
}

describe('capability doors', () => {
  it('finds every import form', () => {
    const src = [
      "import { a } from './x/a.ts';",
      "import type { B } from '../y/b.ts';",
      "export { c } from '../z/c.ts';",
      "export type { D } from '../w/d.ts';",
      "import '../v/e.ts';",
      "const { f } = await import('../u/f.ts');",
      "let g: import('../t/g.ts').G;",
      'import {\n  h,\n  i,\n} from \'../s/h.ts\';',
    ].join('\n');
    expect(specifiers(src).sort()).toEqual(['../s/h.ts', '../t/g.ts', '../u/f.ts', '../v/e.ts', '../w/d.ts', '../y/b.ts', '../z/c.ts', './x/a.ts'].sort());
  });

  it('imports nothing from another capability except through its index.ts, nor the app that assembles them (only the composed config and location schemas)', () => {
    expect(CAPS).toEqual(expect.arrayContaining(['captive', 'radius', 'departures', 'kiosk', 'hub', 'sync', 'admin', 'content', 'opendata', 'feedback']));
    const bypasses: string[] = [];
    for (const cap of CAPS)
      for (const f of files(join(root, cap)))
        for (const spec of specifiers(readFileSync(f, 'utf8'))) {
          const target = relative(root, join(dirname(f), spec)).split(sep);
          // the app's own files (app.ts, run.ts …) assemble capabilities: a capability never imports them, only the two
          // schemas composed from every capability's section (config-schema.ts, location-schema.ts)
          if (target.length === 1 && !['config-schema.ts', 'location-schema.ts'].includes(target[0]) && !target[0].startsWith('..')) bypasses.push(`${relative(root, f)} → ${target[0]}`);
          if (target.length < 2 || !CAPS.includes(target[0]) || target[0] === cap) continue;
          if (target.at(-1) === 'index.ts' && target.length === 2) continue;
          bypasses.push(`${relative(root, f)} → ${target.join('/')}`);
        }
    expect(bypasses).toEqual([]);
  });

  it('keeps the command line one-way: commands import the Command type from platform, not cli.ts, and cli.ts never imports main.ts', () => {
    const offenders: string[] = [];
    for (const f of [...files(root)].filter((x) => x.endsWith('commands.ts')))
      if (specifiers(readFileSync(f, 'utf8')).some((s) => /(^|\/)(cli|main)\.ts$/.test(s))) offenders.push(relative(root, f));
    if (specifiers(readFileSync(join(root, 'cli.ts'), 'utf8')).some((s) => s.endsWith('main.ts'))) offenders.push('cli.ts');
    expect(offenders).toEqual([]);
  });
});
