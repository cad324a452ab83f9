// The Peron side of `npm run bench:radius`: a real site server (createSiteApp: portal, RADIUS, departures, boards,
// sync agent) in its own process on a real site SQLite file (WAL, synchronous=FULL). RADIUS consults the portal's
// real acceptance store; the file is first filled through the portal's own `acceptances.record()` with a month
// of realistic Connects: every bench MAC accepted within the remember window, plus older Connects by the same
// and by other devices (past the window, so rejected). Prints "ready <auth> <acct>" when listening.
// BENCH_PROFILE=<file.cpuprofile>: a CPU profile of the load phases only (seeding excluded), written at SIGTERM.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { createSiteApp } from '../server/app.ts';
import { configSchema, type Config } from '../server/config-schema.ts';
import { loadConfig } from '../server/platform/config.ts';
import { openDb } from '../server/platform/db.ts';

const [dataDir, auth, acct, macCount, secret, workerArg] = process.argv.slice(2);
const MACS = Number(macCount);
const WORKERS = Number(workerArg ?? 1);
const config = loadConfig({
  schema: configSchema,
  env: {},
  flags: {
    dataDir,
    'http.port': 0,
    'log.level': 'warn',
    'radius.host': '127.0.0.1',
    'radius.authPort': Number(auth),
    'radius.acctPort': Number(acct),
    'radius.clients': [{ name: 'bench', address: '127.0.0.1', secret }],
    ...(process.env.BENCH_DUP_SIZE ? { 'radius.duplicateCacheSize': Number(process.env.BENCH_DUP_SIZE) } : {}),
  },
}) as Config;
const db = openDb(join(dataDir, 'site.sqlite'), 'site');
const app = createSiteApp({ config, db });

const benchMac = (i: number) => '00' + i.toString(16).padStart(10, '0');
const otherMac = (i: number) => 'ff' + i.toString(16).padStart(10, '0');
const HOUR = 3_600_000;
const now = Date.now();
const langs = ['cs', 'en', 'de', 'pl'] as const;
const connect = (mac: string, i: number, at: number) =>
  app.acceptances.record({ lang: langs[i % 4], controller: 'none', mac, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, session: { nasid: 'bench-ap', called: '00-17-0F-20-18-40' } }, at);
// One transaction for the seeding only (each record() alone would be one fsync); RADIUS sees the committed rows.
db.transaction(() => {
  for (let i = 0; i < MACS; i++) {
    connect(benchMac(i), i, now - 29 * 24 * HOUR + ((i * 7919) % (27 * 24 * HOUR))); // an older visit, past the window
    connect(benchMac(i), i, now - ((i * 104729) % (20 * HOUR)) - 60_000); // today's Connect: let in
  }
  for (let i = 0; i < MACS; i++) connect(otherMac(i % 1_000_000), i, now - 2 * 24 * HOUR - ((i * 7919) % (25 * 24 * HOUR))); // gone
})();
const rows = (db.prepare('SELECT COUNT(*) FROM captive_acceptances').pluck().get() as number) ?? 0;

// workers > 1: the seeded file is served by the real multi-process site (owner + workers on SO_REUSEPORT ports)
const cluster = WORKERS > 1 ? await (async () => {
  await app.close();
  const { createSiteCluster } = await import('../server/site-cluster.ts');
  const { createLogger } = await import('../server/platform/log.ts');
  const c = createSiteCluster({ config: { ...config, site: { ...config.site, workers: WORKERS } }, log: createLogger({ level: 'warn', format: 'json' }), workers: WORKERS });
  await c.listen(0, '127.0.0.1');
  return c;
})() : null;
if (!cluster) await app.listen(0, '127.0.0.1');
const ports = cluster ? cluster.ports() : app.radius.server.ports();
process.stderr.write(`peron: site server (${cluster ? `createSiteCluster, ${WORKERS} workers` : 'createSiteApp'}), ${rows} acceptance rows in ${join(dataDir, 'site.sqlite')}\n`);
const profileFile = process.env.BENCH_PROFILE;
const inspector = profileFile ? new Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
process.stdout.write(`ready ${ports.auth} ${ports.acct}\n`);
process.on('SIGTERM', async () => {
  if (inspector) writeFileSync(profileFile!, JSON.stringify((await inspector.post('Profiler.stop')).profile));
  // CPU seconds per thread: the main (event-loop) thread vs V8's GC/compiler helpers and libuv's pool
  const threads = readdirSync('/proc/self/task').map((t) => {
    const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
    const f = stat.split(') ')[1].split(' ');
    return { name: stat.slice(stat.indexOf('(') + 1, stat.indexOf(')')), cpu: (Number(f[11]) + Number(f[12])) / 100 };
  });
  process.stderr.write(`peron CPU by thread (s): ${threads.filter((t) => t.cpu > 0).map((t) => `${t.name} ${t.cpu.toFixed(2)}`).join(', ')}\n`);
  if (cluster) {
    const per = await cluster.workerStats();
    process.stderr.write(`peron per worker: ${per.map((w) => `pid ${w.pid} ${w.radius.received} received`).join(', ')}\n`);
    await cluster.close();
  } else {
    process.stderr.write(`peron stats ${JSON.stringify(app.radius.server.stats())}\n`);
    await app.close();
  }
  process.exit(0);
});
