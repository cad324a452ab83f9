// `npm run bench:departures`: Peron's GTFS import and "next 20 departures at a station" against node-gtfs (npm `gtfs`)
// in one run, on the Plzeň feed and on a 2-million-stop_times feed cloned from it; plus the site's RSS with it loaded.
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDb } from '../server/platform/db.ts';
import { PLZEN, scaledFeed, unzipTo, work } from './big-feed.ts';
import { openSource } from '../server/departures/feed-source.ts';
import { parseFeed } from '../server/departures/gtfs-import.ts';
import { createDeparturesStore } from '../server/departures/store.ts';
import { buildIndex, computeIndexArrays } from '../server/departures/station-index.ts';
import { computeBoard } from '../server/departures/board.ts';

const root = join(import.meta.dirname, '..');
const deps = join(root, 'bench', '.deps');
const QUERY_DATE = 20260304;
mkdirSync(work, { recursive: true });

function ensureNodeGtfs() {
  if (existsSync(join(deps, 'node_modules', 'gtfs', 'package.json'))) return;
  console.log('installing node-gtfs into bench/.deps (its better-sqlite3 build takes a while) …');
  execSync(`npm install --prefix ${JSON.stringify(deps)} --no-save --no-audit --no-fund gtfs`, { stdio: 'inherit' });
}

async function peronImport(path: string, dbFile: string): Promise<number> {
  rmSync(dbFile, { force: true });
  rmSync(dbFile + '-wal', { force: true });
  rmSync(dbFile + '-shm', { force: true });
  const db = openDb(dbFile, 'site');
  const t0 = performance.now();
  const src = await openSource(path);
  const data = await parseFeed(src, { feed: 'plzen', source: path });
  createDeparturesStore(db).replaceFeed(data, computeIndexArrays(data)); // as the site does: the index is built at import
  const ms = performance.now() - t0;
  src.close();
  db.close();
  return ms;
}

// node-gtfs is loaded from bench/.deps, never from the project's dependencies
async function nodeGtfs() {
  return (await import(pathToFileURL(join(deps, 'node_modules', 'gtfs', 'dist', 'index.js')).href)) as {
    importGtfs(c: unknown): Promise<void>;
    openDb(c: unknown): unknown;
    closeDb(db: unknown): void;
    getStoptimes(q: unknown, f?: unknown, s?: unknown, o?: unknown): { trip_id: string; departure_time: string }[];
  };
}

async function gtfsImport(path: string, dbFile: string): Promise<number> {
  const g = await nodeGtfs();
  rmSync(dbFile, { force: true });
  const db = g.openDb({ sqlitePath: dbFile });
  const t0 = performance.now();
  await g.importGtfs({ db, agencies: [{ path }], verbose: false, logFunction: () => {} });
  const ms = performance.now() - t0;
  g.closeDb(db);
  return ms;
}

function pct(a: number[], p: number) {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function busiestStop(dbFile: string): string {
  const db = openDb(dbFile, 'site');
  const data = createDeparturesStore(db).loadFeed('plzen')!;
  const n = new Map<number, number>();
  for (const t of data.trips) {
    const st = t.stopTimes;
    for (let k = 0; k < st.length; k += 6) n.set(st[k + 1], (n.get(st[k + 1]) ?? 0) + 1);
  }
  db.close();
  const best = [...n].sort((a, b) => b[1] - a[1])[0][0];
  return data.stops[best].id;
}

function times(n: number): number[] {
  // departure moments spread over 05:00–22:00 local on the query date (CET, +01:00)
  return Array.from({ length: n }, (_, i) => Date.parse(`2026-03-04T05:00:00+01:00`) + ((i * 7919) % (17 * 60)) * 60_000);
}

function peronQuery(dbFile: string, stop: string, iterations: number) {
  const db = openDb(dbFile, 'site');
  const t0 = performance.now();
  const store = createDeparturesStore(db);
  const ix = buildIndex(store.loadFeed('plzen')!, store.loadIndexArrays('plzen'));
  const buildMs = performance.now() - t0;
  db.close();
  const state = { indexes: new Map([['plzen', ix]]), overlay: () => ({ overlay: null, configured: false, fresh: false }), importErrors: new Map(), dataVersion: 1 };
  const ctx = { now: 0, tz: 'Europe/Prague', stations: [{ feed: 'plzen', stopIds: [stop] }], limit: 20, windowMinutes: 180, lookbackMinutes: 120, expiryWarningDays: 3, t: (k: string) => k, lang: 'cs' };
  const lat: number[] = [], cpu: number[] = [];
  let got = 0;
  for (const at of times(iterations)) {
    const c = process.cpuUsage();
    const s = performance.now();
    const b = computeBoard(state, { ...ctx, now: at }, { limit: 20 });
    lat.push(performance.now() - s);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
    got += b.departures.length;
  }
  return { buildMs, p50: pct(lat, 50), p99: pct(lat, 99), cpu99: pct(cpu, 99), avgDeps: got / iterations };
}

async function gtfsQuery(dbFile: string, stop: string, iterations: number) {
  const g = await nodeGtfs();
  const db = g.openDb({ sqlitePath: dbFile });
  const lat: number[] = [], cpu: number[] = [];
  let got = 0;
  const hms = (ms: number) => new Date(ms + 3_600_000).toISOString().slice(11, 19);
  for (const at of times(iterations)) {
    const c = process.cpuUsage();
    const s = performance.now();
    // node-gtfs needs two calls for a correct board (its README: trips of the previous service day after 24:00)
    const today = g.getStoptimes({ stop_id: stop, date: QUERY_DATE, start_time: hms(at), end_time: hms(at + 3 * 3_600_000) }, [], [['departure_timestamp', 'ASC']], { db });
    const prev = g.getStoptimes({ stop_id: stop, date: QUERY_DATE - 1, start_time: String(24 + Number(hms(at).slice(0, 2))) + hms(at).slice(2) }, [], [['departure_timestamp', 'ASC']], { db });
    const next = [...prev, ...today].slice(0, 20);
    lat.push(performance.now() - s);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
    got += next.length;
  }
  g.closeDb(db);
  return { p50: pct(lat, 50), p99: pct(lat, 99), cpu99: pct(cpu, 99), avgDeps: got / iterations };
}

function rssChild(dataDir: string, stop: string) {
  const out = execFileSync(process.execPath, ['--expose-gc', join(root, 'bench', 'departures-rss.ts'), dataDir, 'plzen', stop, '2026-03-04T07:30:00+01:00'], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { loadMs: number; departures: number; rssMB: number; heapMB: number; maxRssMB: number };
}

const f1 = (x: number) => x.toFixed(1);
const f3 = (x: number) => x.toFixed(3);

async function main() {
  ensureNodeGtfs();
  console.log(`machine: ${(await import('node:os')).cpus().length} CPUs, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} (shared; wall-clock tails include preemption)`);
  const plzenDir = join(work, 'plzen');
  unzipTo(PLZEN, plzenDir);
  const bigDir = join(work, 'plzen-2m');
  console.log('preparing the 2 M stop_times feed …');
  const bigN = scaledFeed(plzenDir, bigDir);

  const smallPeron = await peronImport(plzenDir, join(work, 'peron-plzen.sqlite'));
  const smallGtfs = await gtfsImport(plzenDir, join(work, 'gtfs-plzen.sqlite'));
  console.log(`import Plzeň (132 436 stop_times): Peron ${f1(smallPeron)} ms, node-gtfs ${f1(smallGtfs)} ms, ratio ${f1(smallGtfs / smallPeron)}×`);

  const bigData = join(work, 'site-2m');
  mkdirSync(bigData, { recursive: true });
  const bigPeron = await peronImport(bigDir, join(bigData, 'site.sqlite'));
  const bigGtfs = await gtfsImport(bigDir, join(work, 'gtfs-2m.sqlite'));
  console.log(`import ${bigN.toLocaleString('en')} stop_times: Peron ${f1(bigPeron)} ms, node-gtfs ${f1(bigGtfs)} ms, ratio ${f1(bigGtfs / bigPeron)}×`);

  const stop = busiestStop(join(work, 'peron-plzen.sqlite'));
  for (const [label, peronDb, gtfsDb] of [
    ['Plzeň', join(work, 'peron-plzen.sqlite'), join(work, 'gtfs-plzen.sqlite')],
    ['2 M', join(bigData, 'site.sqlite'), join(work, 'gtfs-2m.sqlite')],
  ] as const) {
    const p = peronQuery(peronDb, stop, 5000);
    const g = await gtfsQuery(gtfsDb, stop, 100);
    console.log(
      `next 20 at stop ${stop} (${label}): Peron p50 ${f3(p.p50)} ms p99 ${f3(p.p99)} ms (CPU-time p99 ${f3(p.cpu99)} ms; index load ${f1(p.buildMs)} ms, ${f1(p.avgDeps)} rows) · ` +
        `node-gtfs getStoptimes p50 ${f3(g.p50)} ms p99 ${f3(g.p99)} ms (CPU-time p99 ${f3(g.cpu99)} ms; ${f1(g.avgDeps)} rows) · ratio p50 ${f1(g.p50 / p.p50)}× p99 ${f1(g.p99 / p.p99)}×`,
    );
  }
  const m = rssChild(bigData, stop);
  console.log(`site server with the 2 M feed loaded: start ${f1(m.loadMs)} ms, RSS ${f1(m.rssMB)} MB, peak RSS ${f1(m.maxRssMB)} MB, heap ${f1(m.heapMB)} MB (goal < 300 MB); board over HTTP: ${m.departures} departures`);
}

await main();
