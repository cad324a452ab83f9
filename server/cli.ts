// The `peron` command line: a table of commands (each capability adds its own) and the shared flag parsing.
// Start-up cost rule: this file and every */commands.ts import only types and node: built-ins at the top; what a
// command needs (zod, the config schema, SQLite, express …) is imported inside its run(). So `peron --help` loads
// no dependency at all (≈ 0.1 s instead of 0.7 s; `npm run bench:startup`).
import type { Config } from './config-schema.ts';
import { join } from 'node:path';
import { departuresCommands } from './departures/commands.ts';
import { radiusCommands } from './radius/commands.ts';
import { hubCommands } from './hub/commands.ts';
import { syncCommands } from './sync/commands.ts';
import { adminCommands } from './admin/commands.ts';

export type { CliContext, Command } from './platform/command.ts';
import type { CliContext, Command } from './platform/command.ts';

/** Flags every command understands, mapped onto config paths (they override file and env). */
export const GLOBAL_FLAGS: Record<string, { path: string; help: string }> = {
  location: { path: 'location', help: 'location id to serve (a file in locations/)' },
  port: { path: 'http.port', help: 'HTTP port (of the hub with `peron hub`)' },
  host: { path: 'http.host', help: 'HTTP bind address' },
  'data-dir': { path: 'dataDir', help: 'folder for databases and content' },
  'log-level': { path: 'log.level', help: 'fatal|error|warn|info|debug|trace|silent' },
};

const coreCommands: Command[] = [
  {
    name: ['site'],
    summary: "run a station's site server: captive portal, RADIUS, departures, display boards, sync agent",
    help: 'Serves the location given by --location (default liberec-hlavni-nadrazi) on --port (default 8080).',
    async run(_args, ctx) {
      const { runSite } = await import('./run.ts');
      await runSite(await ctx.config());
    },
  },
  {
    name: ['hub'],
    summary: "run the county hub: admin UI, signed releases, sites' telemetry",
    async run(_args, ctx) {
      const { runHub } = await import('./run.ts');
      await runHub(await ctx.config());
    },
  },
  {
    name: ['config'],
    args: '[--doc]',
    summary: 'print the effective configuration (secrets masked), or with --doc every key with its env name',
    async run(_args, ctx) {
      if (ctx.flags.doc) {
        ctx.out((await configDoc()).join('\n'));
        return 0;
      }
      const { maskSecrets } = await import('./platform/config.ts');
      ctx.out(JSON.stringify(maskSecrets(await ctx.config()), null, 2));
      return 0;
    },
  },
  {
    name: ['db', 'migrate'],
    args: '[--hub]',
    summary: 'create or upgrade the site (or hub) database and exit',
    async run(_args, ctx) {
      const config = await ctx.config();
      const { openDb, migrate } = await import('./platform/db.ts');
      const role = ctx.flags.hub ? 'hub' : 'site';
      const db = openDb(join(config.dataDir, `${role}.sqlite`), role);
      const applied = migrate(db, role);
      db.close();
      ctx.out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return 0;
    },
  },
];

export const commands: Command[] = [...coreCommands, ...departuresCommands, ...radiusCommands, ...hubCommands, ...syncCommands, ...adminCommands];

export function parseArgs(argv: string[]): { words: string[]; flags: Record<string, string | boolean>; sets: Record<string, string> } {
  const words: string[] = [];
  const flags: Record<string, string | boolean> = {};
  const sets: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      let value: string | boolean;
      if (eq > 0) value = a.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--') && (name in GLOBAL_FLAGS || name === 'set' || name === 'config' || name === 'expect-key')) value = argv[++i];
      else value = true;
      if (name === 'set' && typeof value === 'string') {
        const [k, ...rest] = value.split('=');
        sets[k] = rest.join('=');
      } else flags[name] = value;
    } else if (a === '-h') flags.help = true;
    else words.push(a);
  }
  return { words, flags, sets };
}

export function usage(): string {
  const lines = [
    'peron — captive-portal Wi-Fi site server and county hub (Liberec Region public Wi-Fi)',
    '',
    'Usage: peron <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${[...c.name, c.args ?? ''].join(' ').trim().padEnd(38)} ${c.summary}`),
    '',
    'Options (every command):',
    '  --config <file.yaml>                   configuration file (also env PERON_CONFIG)',
    ...Object.entries(GLOBAL_FLAGS).map(([k, v]) => `  ${('--' + k + ' <value>').padEnd(38)} ${v.help}`),
    '  --set <key>=<value>                    set any configuration key, e.g. --set radius.authPort=11812',
    '  --help                                 this text, or a command\'s own with `peron <command> --help`',
    '',
    'Configuration: defaults < file < env PERON_* < flags. `peron config --doc` lists every key.',
  ];
  return lines.join('\n');
}

/** For a command group (`peron radius`, `peron hub site`): its own commands, or undefined when there is none. */
export function groupUsage(words: string[]): string | undefined {
  const members = commands.filter((c) => c.name.length > words.length && words.every((w, i) => c.name[i] === w));
  if (words.length === 0 || members.length === 0) return undefined;
  return [
    `Usage: peron ${words.join(' ')} <command> [options]`,
    '',
    'Commands:',
    ...members.map((c) => `  ${[...c.name, c.args ?? ''].join(' ').trim().padEnd(38)} ${c.summary}`),
    '',
    'Options of every command: `peron --help`.',
  ].join('\n');
}

export function findCommand(words: string[]): { cmd: Command; rest: string[] } | undefined {
  const sorted = [...commands].sort((a, b) => b.name.length - a.name.length);
  for (const cmd of sorted) {
    if (cmd.name.every((w, i) => words[i] === w)) return { cmd, rest: words.slice(cmd.name.length) };
  }
  return undefined;
}

/** The table of every configuration key (the README's configuration reference is this output, checked by a test). */
export async function configDoc(): Promise<string[]> {
  const { configSchema, repoRoot } = await import('./config-schema.ts');
  const { configLeaves } = await import('./platform/config.ts');
  const lines = ['| key | env | default | description |', '|---|---|---|---|'];
  for (const leaf of configLeaves(configSchema)) {
    const d = (leaf.schema as unknown as { _zod: { def: { defaultValue?: unknown } } })._zod.def.defaultValue;
    const def = typeof d === 'function' ? (d as () => unknown)() : d;
    // paths inside this checkout are shown relative to it, so the table is the same on every machine
    const shown = def === undefined ? '' : '`' + JSON.stringify(def).replaceAll(repoRoot, '<repo>') + '`';
    lines.push(`| \`${leaf.path.join('.')}\` | \`${leaf.env}\` | ${shown} | ${leaf.description.replace(/\|/g, '\\|')} |`);
  }
  return lines;
}

/**
 * A public URL left at its default follows the port the server really listens on (`peron site --port 9000`
 * redirects probes to http://localhost:9000/, not to the default port).
 */
function withDerivedUrls(load: (extra: Record<string, unknown>) => Config): Config {
  const c = load({});
  const extra: Record<string, unknown> = {};
  if (c.http.publicUrl === 'http://localhost:8080' && c.http.port !== 8080 && c.http.port !== 0) extra['http.publicUrl'] = `http://localhost:${c.http.port}`;
  if (c.hub.publicUrl === 'http://localhost:8090' && c.hub.port !== 8090 && c.hub.port !== 0) extra['hub.publicUrl'] = `http://localhost:${c.hub.port}`;
  return Object.keys(extra).length ? load(extra) : c;
}

export function makeContext(argv: string[], env: Record<string, string | undefined>, io = { out: (s: string) => console.log(s), err: (s: string) => console.error(s) }) {
  const { words, flags, sets } = parseArgs(argv);
  const flagPaths: Record<string, unknown> = { ...sets };
  // `peron hub --port` is the hub's port (hub.port); everywhere else --port is the site's HTTP port
  const pathOf = (k: string) => (k === 'port' && words[0] === 'hub' && words.length === 1 ? 'hub.port' : GLOBAL_FLAGS[k].path);
  for (const [k, v] of Object.entries(flags)) if (GLOBAL_FLAGS[k] && typeof v === 'string') flagPaths[pathOf(k)] = v;
  let cached: Promise<Config> | undefined;
  const load = async () => {
    const [{ configSchema }, { loadConfig }] = await Promise.all([import('./config-schema.ts'), import('./platform/config.ts')]);
    return withDerivedUrls((extra) =>
      loadConfig({
        schema: configSchema,
        file: typeof flags.config === 'string' ? flags.config : env.PERON_CONFIG,
        env,
        flags: { ...flagPaths, ...extra },
      }) as Config,
    );
  };
  const ctx: CliContext = {
    config: () => (cached ??= load()),
    env,
    flags,
    out: io.out,
    err: io.err,
  };
  return { words, ctx };
}

