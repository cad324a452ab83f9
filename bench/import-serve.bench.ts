// `npm run bench:import` (issue 14): a real `peron site` (site.workers = each of BENCH_WORKERS, default "0" = one
// per core) under a paced load, not a saturating one: BENCH_RATE portal pages/s over 8 keep-alive connections and
// as many RADIUS Access-Requests/s (Message-Authenticator, unknown MACs: rejected after the acceptance lookup).
// Latency is measured from each request's scheduled moment (a late send counts against the server). Phases:
// idle for BENCH_DURATION seconds; while `peron import-gtfs` imports the 2 M stop_times feed of bench:departures
// into the running site's database (the CLI process, its worker thread); and until every serving process has
// swapped the new feed's index in (the site notices the stored feed at its next minute tick).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTR, CODE, encodeRequest, encodeUserPassword, int, octets, text } from '../server/radius/codec.ts';
import { bigFeedZip } from './big-feed.ts';

const root = join(import.meta.dirname, '..');
const IDLE_S = Number(process.env.BENCH_DURATION ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const CONNECTIONS = 8;
const WORKERS = (process.env.BENCH_WORKERS ?? '0').split(',').map(Number).filter((n) => n >= 0);
const SECRET = 'bench-secret-4711';
const KEY = Buffer.from(SECRET);
const FEED = 'big';

type Phase = 'idle' | 'import' | 'swap' | 'off';
let phase: Phase = 'off';
const samples: Record<'portal' | 'radius', Record<Phase, number[]>> = {
  portal: { idle: [], import: [], swap: [], off: [] },
  radius: { idle: [], import: [], swap: [], off: [] },
};
let lost = 0;
let failed = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(kind: 'tcp' | 'udp'): Promise<number> {
  if (kind === 'udp') {
    const s = dgram.createSocket('udp4');
    return new Promise((r) => s.bind(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }));
  }
  return new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => r(p)); }); });
}

function get(port: number, path: string, agent: http.Agent | false, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Whether every serving process answering /api/departures has the feed loaded (fresh connections spread them). */
async function feedLoaded(port: number, feed: string, tries: number): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    const r = await get(port, '/api/departures', false).catch(() => null);
    const feeds = r ? ((JSON.parse(r.body) as { feeds?: { feed: string; loaded: boolean }[] }).feeds ?? []) : [];
    if (!feeds.some((f) => f.feed === feed && f.loaded)) return false;
  }
  return true;
}

async function until(what: string, ms: number, ok: () => Promise<boolean>) {
  const end = Date.now() + ms;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > end) throw new Error(`bench: ${what} not within ${ms / 1000} s`);
    await sleep(250);
  }
}

/** Each of 8 keep-alive connections sends one portal page every CONNECTIONS/RATE seconds, on schedule. */
function portalLoad(port: number, running: () => boolean): Promise<void>[] {
  const every = (CONNECTIONS * 1000) / RATE;
  return Array.from({ length: CONNECTIONS }, async (_, c) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let due = performance.now() + (c * every) / CONNECTIONS;
    while (running()) {
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const at = phase;
      try {
        const r = await get(port, '/', agent, { 'accept-language': 'cs' });
        if (r.status !== 200) failed++;
        samples.portal[at].push(performance.now() - due);
      } catch {
        failed++;
      }
      due += every;
    }
    agent.destroy();
  });
}

/** One Access-Request every 1/RATE s from one NAS socket; an answer not back within 2 s counts as lost. */
async function radiusLoad(port: number, running: () => boolean): Promise<void> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const inflight = new Map<number, { due: number; at: Phase }>();
  sock.on('message', (msg) => {
    const s = inflight.get(msg[1]);
    if (!s) return;
    inflight.delete(msg[1]);
    samples.radius[s.at].push(performance.now() - s.due);
  });
  const every = 1000 / RATE;
  let due = performance.now();
  for (let n = 0; running(); n++) {
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const id = n & 255;
    if (inflight.has(id)) { lost++; inflight.delete(id); }
    const mac = 'fe' + (n % 1e6).toString(16).padStart(10, '0');
    const auth = randomBytes(16);
    const pkt = encodeRequest(CODE.AccessRequest, id, [text(ATTR.UserName, mac), octets(ATTR.UserPassword, encodeUserPassword(mac, KEY, auth)), text(ATTR.CallingStationId, mac.toUpperCase().match(/../g)!.join('-')), text(ATTR.NasIdentifier, 'bench-ap'), int(ATTR.NasPort, n & 0xffff)], KEY, { withMa: true, authenticator: auth });
    inflight.set(id, { due, at: phase });
    sock.send(pkt, port, '127.0.0.1');
    due += every;
  }
  await sleep(2000);
  lost += inflight.size;
  sock.close();
}

function stats(a: number[]) {
  const s = [...a].sort((x, y) => x - y);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { n: s.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: s[s.length - 1] ?? NaN };
}

const stopProc = (p: ChildProcess) => new Promise<void>((r) => { if (p.exitCode !== null || p.signalCode) return r(); p.once('exit', () => r()); p.kill('SIGTERM'); });

/** Processes still alive whose command line names dir (the site's owner and workers, the import CLI). */
function leftOver(dir: string): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir); } catch { return false; }
  }).map(Number);
}

async function measure(workers: number, zip: string, stopTimes: number) {
  const dir = mkdtempSync(join(tmpdir(), 'peron-bench-import-'));
  const [port, authPort, acctPort] = [await freePort('tcp'), await freePort('udp'), await freePort('udp')];
  const procs: ChildProcess[] = [];
  for (const k of Object.keys(samples) as ('portal' | 'radius')[]) for (const p of Object.keys(samples[k]) as Phase[]) samples[k][p] = [];
  lost = failed = 0;
  let load = true;
  try {
    const site = spawn(process.execPath, [join(root, 'bin/peron.js'), 'site', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dir, '--log-level', 'info', '--set', `site.workers=${workers}`, '--set', 'radius.host=127.0.0.1', '--set', `radius.authPort=${authPort}`, '--set', `radius.acctPort=${acctPort}`, '--set', `http.publicUrl=http://127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production', PERON_RADIUS_CLIENTS: JSON.stringify([{ name: 'bench', address: '127.0.0.1', secret: SECRET }]) } });
    procs.push(site);
    // the site logs at info, as in production; kept: errors, and each process's swap-in of the big feed's index
    const swaps: string[] = [];
    let rest = '';
    site.stdout!.on('data', (d) => {
      const lines = (rest + d).split('\n');
      rest = lines.pop()!;
      for (const l of lines) {
        let e: { level?: number; msg?: string; feed?: string; ms?: number; worker?: number } = {};
        try { e = JSON.parse(l); } catch { /* not a log record */ }
        if (e.msg === 'departure index swapped in' && e.feed === FEED) swaps.push(`${e.worker === undefined ? 'owner' : `worker ${e.worker}`} ${e.ms} ms`);
        else if ((e.level ?? 0) >= 50) console.log(l);
      }
    });
    await until('the site with its demo feed', 60_000, () => get(port, '/api/departures', false).then((r) => /"loaded":true/.test(r.body)));
    console.log(`\nsite.workers=${workers} (${(workers || cpus().length) > 1 ? `${workers || cpus().length} worker processes + owner` : 'one process'}), ${RATE} portal pages/s over ${CONNECTIONS} keep-alive connections + ${RATE} Access-Requests/s; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    const running = () => load;
    const loads = [...portalLoad(port, running), radiusLoad(authPort, running)];
    await sleep(1000); // warm-up (JIT, connections), not counted
    phase = 'idle';
    await sleep(IDLE_S * 1000);
    phase = 'import';
    const t0 = performance.now();
    const cli = spawn(process.execPath, [join(root, 'bin/peron.js'), 'import-gtfs', FEED, zip, '--data-dir', dir, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
    procs.push(cli);
    let out = '';
    cli.stdout!.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => cli.once('exit', r));
    const importMs = performance.now() - t0;
    if (code !== 0) throw new Error(`peron import-gtfs exited ${code}: ${out}`);
    phase = 'swap';
    const t1 = performance.now();
    await until(`the ${FEED} feed in every serving process`, 120_000, () => feedLoaded(port, FEED, 2 * (workers || cpus().length)));
    const swapMs = performance.now() - t1;
    phase = 'off';
    load = false;
    await Promise.all(loads);
    console.log(`peron import-gtfs of ${stopTimes.toLocaleString('en')} stop_times into the running site's database: ${(importMs / 1000).toFixed(1)} s (${out.split('\n').find((l) => l.startsWith('imported')) ?? '?'}); every serving process had swapped it in ${(swapMs / 1000).toFixed(1)} s later (at its minute tick; index build on the serving thread: ${swaps.join(', ')})`);
    const label = `${(stopTimes / 1e6).toFixed(1)} M stop_times import`;
    for (const k of ['portal', 'radius'] as const) {
      const idle = stats(samples[k].idle);
      for (const p of ['import', 'swap'] as const) {
        const s = stats(samples[k][p]);
        const what = p === 'import' ? `during ${label}` : 'while the new index is swapped in';
        console.log(`${k === 'portal' ? 'portal' : 'RADIUS'} ${what}: p50 ${s.p50.toFixed(2)} ms p90 ${s.p90.toFixed(2)} ms p99 ${s.p99.toFixed(2)} ms max ${s.max.toFixed(1)} ms, ${s.n} requests (idle p50 ${idle.p50.toFixed(2)} p99 ${idle.p99.toFixed(2)} max ${idle.max.toFixed(1)} ms) — goal p99 < 10 ms: ${s.p99 < 10 ? 'met' : 'NOT met'}`);
      }
    }
    console.log(`(${failed} portal errors, ${lost} Access-Requests unanswered within 2 s; load average now ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores — the box is shared, so tails include other jobs)`);
  } finally {
    load = false;
    for (const p of procs) await stopProc(p);
    await sleep(500);
    const left = leftOver(dir);
    if (left.length) console.log(`bench: processes left running: ${left.join(', ')}`);
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`bench:import on ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (a shared machine: other jobs' load shows in the tails)`);
const feed = bigFeedZip();
for (const w of WORKERS) await measure(w, feed.zip, feed.stopTimes);
