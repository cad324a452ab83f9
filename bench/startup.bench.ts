// `npm run bench:startup`: how fast the `peron` command answers and how fast a station's site server serves its
// first portal page after start (goals: `peron --help` < 0.3 s, start → first portal answer < 1 s on the demo).
// The alternatives in the same run: the same `--help` from a `tsc` build to JavaScript (what a compiled dist/
// would cost — the choice between type stripping and a build), and a bare `node -e 0` (the floor).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/helpers/kiosk-site-process.ts';

const root = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

function timeRuns(args: string[], cwd = root): number[] {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out.sort((a, b) => a - b);
}
const med = (xs: number[]) => xs[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) => xs[Math.floor(xs.length * 0.9)];


/** Spawns `peron site` on a fresh data dir and polls / until it answers 200: milliseconds from spawn. */
async function startToFirstPage(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'peron-startup-'));
  const [port, auth, acct] = [await freePort(), await freePort(), await freePort()];
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin/peron.js'), 'site', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, '--log-level', 'warn',
    '--set', `radius.authPort=${auth}`, '--set', `radius.acctPort=${acct}`], { stdio: 'ignore' });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - t0;
      } catch {
        /* not listening yet */
      }
      if (performance.now() - t0 > 30_000) throw new Error('site did not answer within 30 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A tsc build of server/ and bin/ into a temp folder (imports rewritten from .ts to .js). */
function tscBuild(): string {
  const out = mkdtempSync(join(tmpdir(), 'peron-dist-'));
  const cfg = join(out, 'tsconfig.build.json');
  writeFileSync(cfg, JSON.stringify({
    extends: join(root, 'tsconfig.json'),
    compilerOptions: { typeRoots: [join(root, 'node_modules/@types')], noEmit: false, outDir: out, rootDir: root, rewriteRelativeImportExtensions: true, allowImportingTsExtensions: true, sourceMap: false },
    include: [join(root, 'server/**/*.ts')], exclude: [join(root, 'server/**/*.test.ts')],
  }));
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', cfg], { stdio: 'inherit' });
  cpSync(join(root, 'package.json'), join(out, 'package.json'));
  writeFileSync(join(out, 'help.js'), "const { main } = await import('./server/main.js');\nawait main(['--help'], process.env);\n");
  return out;
}

console.log(`machine: load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}, node ${process.versions.node}, ${RUNS} runs each`);
const floor = timeRuns(['-e', '0']);
const help = timeRuns([join(root, 'bin/peron.js'), '--help']);
const dist = tscBuild();
let built: number[];
try {
  built = timeRuns([join(dist, 'help.js')], dist);
} finally {
  rmSync(dist, { recursive: true, force: true });
}
const starts: number[] = [];
for (let i = 0; i < Math.min(RUNS, 7); i++) starts.push(await startToFirstPage());
starts.sort((a, b) => a - b);
const row = (name: string, xs: number[]) => console.log(`${name.padEnd(42)} median ${med(xs).toFixed(0).padStart(5)} ms   p90 ${p90(xs).toFixed(0).padStart(5)} ms`);
row('node -e 0 (floor)', floor);
row('peron --help (type stripping, shipped)', help);
row('peron --help (tsc build to JavaScript)', built);
row('peron site: spawn → first portal 200', starts);
console.log(`goals: --help < 300 ms: ${med(help) < 300 ? 'met' : 'NOT met'}; start → first page < 1000 ms: ${med(starts) < 1000 ? 'met' : 'NOT met'}; stripping/build ${(med(help) / med(built)).toFixed(2)}×`);
