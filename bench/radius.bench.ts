// `npm run bench:radius`: Peron's RADIUS server against FreeRADIUS 3 on the same loopback, loaded by the same
// Node load generator (a window of requests in flight): MAC-auth Access-Requests with Message-Authenticator,
// then accounting (Peron: durable SQLite commits before each answer; FreeRADIUS: its detail file).
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTR, CODE, encodeRequest, encodeUserPassword, int, octets, text } from '../server/radius/codec.ts';

const SECRET = 'bench-secret-4711';
const KEY = Buffer.from(SECRET);
const MACS = Number(process.env.BENCH_MACS ?? 10_000);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 10_000);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 64);
// BENCH_PIN=1: each server on CPU 0 and the load generator on CPU 1, so both servers get the same one-core budget
const PIN = process.env.BENCH_PIN === '1';
const pinned = (cmd: string, args: string[]): [string, string[]] => (PIN ? ['taskset', ['-c', '0', cmd, ...args]] : [cmd, args]);
const mac = (i: number) => '00' + i.toString(16).padStart(10, '0');

function ensureFreeradius() {
  try {
    execSync('command -v freeradius', { stdio: 'ignore', shell: '/bin/sh' });
  } catch {
    console.log('bench: installing freeradius from Debian');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq freeradius >/dev/null', { stdio: 'inherit', shell: '/bin/sh' });
  }
}

async function freePort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const p = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

function freeradiusConfig(dir: string, auth: number, acct: number) {
  for (const d of ['log', 'run', 'radacct']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'dictionary'), '$INCLUDE /usr/share/freeradius/dictionary\n');
  writeFileSync(join(dir, 'acct_users'), '');
  const reply = 'Session-Timeout = 7200, Idle-Timeout = 900, Acct-Interim-Interval = 300, WISPr-Bandwidth-Max-Up = 5000000, WISPr-Bandwidth-Max-Down = 20000000, ChilliSpot-Bandwidth-Max-Up = 5000, ChilliSpot-Bandwidth-Max-Down = 20000, Class = "peron:00000000-0000-0000-0000-000000000000:AAAAAAAAAAA"';
  const users: string[] = [];
  for (let i = 0; i < MACS; i++) users.push(`${mac(i)} Auth-Type := Accept\n\t${reply}\n`);
  writeFileSync(join(dir, 'users'), users.join(''));
  writeFileSync(
    join(dir, 'radiusd.conf'),
    `prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = /usr/sbin
logdir = ${dir}/log
raddbdir = ${dir}
radacctdir = ${dir}/radacct
name = freeradius
confdir = \${raddbdir}
modconfdir = \${confdir}/mods-config
run_dir = ${dir}/run
db_dir = \${raddbdir}
libdir = /usr/lib/freeradius
pidfile = \${run_dir}/radiusd.pid
max_request_time = 30
cleanup_delay = 5
max_requests = 65536
hostname_lookups = no
log {
  destination = stdout
  auth = no
}
security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = yes
}
thread pool {
  start_servers = 4
  max_servers = 16
  min_spare_servers = 2
  max_spare_servers = 8
  max_requests_per_server = 0
}
client local {
  ipaddr = 127.0.0.1
  secret = ${SECRET}
  require_message_authenticator = yes
}
modules {
  files {
    filename = \${confdir}/users
    acctusersfile = \${confdir}/acct_users
  }
  detail {
    filename = \${radacctdir}/detail
    permissions = 0600
    header = "%t"
  }
}
server default {
  listen {
    type = auth
    ipaddr = 127.0.0.1
    port = ${auth}
  }
  listen {
    type = acct
    ipaddr = 127.0.0.1
    port = ${acct}
  }
  authorize {
    files
  }
  authenticate {
  }
  preacct {
  }
  accounting {
    detail
  }
  post-auth {
  }
}
`,
  );
}

interface Result { name: string; done: number; lost: number; rps: number; p50: number; p99: number; accepts: number; lat: number[] }

/** Keeps `window` requests in flight on one socket for `ms`, measuring each round trip. */
async function load(name: string, port: number, kind: 'auth' | 'acct', ms: number, window: number): Promise<Result> {
  const sock = dgram.createSocket({ type: 'udp4', lookup: (a: string, _f: unknown, cb: (e: null, a: string, f: number) => void) => cb(null, a, 4) } as dgram.SocketOptions);
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const inflight = new Map<number, bigint>();
  const lat: number[] = [];
  let lost = 0;
  let accepts = 0;
  let seq = 0;
  let stopAt = 0;
  let finish: () => void = () => undefined;
  const build = (id: number): Buffer => {
    const n = seq++;
    if (kind === 'auth') {
      // 90 % known MACs (accepted), 10 % unknown (rejected)
      const m = n % 10 === 9 ? 'ff' + (n % 1e6).toString(16).padStart(10, '0') : mac((n * 7919) % MACS);
      const auth = randomBytes(16);
      return encodeRequest(CODE.AccessRequest, id, [text(ATTR.UserName, m), octets(ATTR.UserPassword, encodeUserPassword(m, KEY, auth)), text(ATTR.CallingStationId, m.toUpperCase().match(/../g)!.join('-')), text(ATTR.NasIdentifier, 'bench-ap'), int(ATTR.NasPort, n & 0xffff)], KEY, { withMa: true, authenticator: auth });
    }
    const session = Math.floor(n / 4);
    const status = [1, 3, 3, 2][n % 4];
    return encodeRequest(CODE.AccountingRequest, id, [int(ATTR.AcctStatusType, status), text(ATTR.AcctSessionId, `bench-${session}`), text(ATTR.UserName, mac(session % MACS)), text(ATTR.CallingStationId, mac(session % MACS)), text(ATTR.NasIdentifier, 'bench-ap'), int(ATTR.AcctInputOctets, n * 1000), int(ATTR.AcctOutputOctets, n * 3000), int(ATTR.AcctSessionTime, (n % 4) * 300)], KEY, { withMa: false });
  };
  const timers = new Map<number, NodeJS.Timeout>();
  const fire = (id: number) => {
    if (Date.now() >= stopAt) {
      if (inflight.size === 0) finish();
      return;
    }
    const pkt = build(id);
    inflight.set(id, process.hrtime.bigint());
    sock.send(pkt, port, '127.0.0.1');
    timers.set(id, setTimeout(() => {
      lost++;
      inflight.delete(id);
      fire(id);
    }, 2000));
  };
  sock.on('message', (msg) => {
    const id = msg[1];
    const t0 = inflight.get(id);
    if (t0 === undefined) return;
    inflight.delete(id);
    clearTimeout(timers.get(id));
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (msg[0] === CODE.AccessAccept) accepts++;
    fire(id);
  });
  const started = Date.now();
  stopAt = started + ms;
  await new Promise<void>((resolve) => {
    finish = resolve;
    for (let i = 0; i < window; i++) fire(i);
  });
  const elapsed = (Date.now() - started) / 1000;
  sock.close();
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return { name, done: lat.length, lost, rps: lat.length / elapsed, p50: q(0.5), p99: q(0.99), accepts, lat };
}

async function waitReady(port: number) {
  for (let i = 0; i < 100; i++) {
    const r = await load('probe', port, 'auth', 1, 1).catch(() => null);
    if (r && r.done > 0) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error('server did not answer');
}

function stop(p: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (p.exitCode !== null) return r();
    p.once('exit', () => r());
    p.kill('SIGTERM');
  });
}

/** user+system CPU seconds a process (all its threads) has used so far (/proc/<pid>/stat fields 14 and 15) */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

interface Phase extends Result { cpuUs: number }

/** Alternates the two servers in rounds so a change in the shared machine's load hits both alike. */
async function compare(kind: 'auth' | 'acct', servers: { name: string; port: number; pid: number }[], rounds: number): Promise<Phase[]> {
  const acc = servers.map((s) => ({ s, lat: [] as number[], done: 0, lost: 0, accepts: 0, secs: 0, cpu: 0 }));
  for (let r = 0; r < rounds; r++) {
    for (const a of acc) {
      const cpu0 = cpuSeconds(a.s.pid);
      const t0 = Date.now();
      const res = await load(a.s.name, a.s.port, kind, PHASE_MS / rounds, WINDOW);
      a.secs += (Date.now() - t0) / 1000;
      a.cpu += cpuSeconds(a.s.pid) - cpu0;
      a.done += res.done;
      a.lost += res.lost;
      a.accepts += res.accepts;
      for (const x of res.lat) a.lat.push(x);
    }
  }
  return acc.map((a) => {
    a.lat.sort((x, y) => x - y);
    const q = (p: number) => a.lat[Math.min(a.lat.length - 1, Math.floor(p * a.lat.length))] ?? NaN;
    return { name: `${a.s.name} ${kind === 'auth' ? 'auth' : 'accounting'}`, done: a.done, lost: a.lost, accepts: a.accepts, rps: a.done / a.secs, p50: q(0.5), p99: q(0.99), cpuUs: (a.cpu * 1e6) / Math.max(1, a.done), lat: [] };
  });
}

const fmt = (r: Phase) =>
  `${r.name.padEnd(22)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   ${r.cpuUs.toFixed(0).padStart(4)} µs CPU/req   (${r.done} answered, ${r.lost} lost, ${r.accepts} accepts)`;

async function main() {
  ensureFreeradius();
  const work = mkdtempSync(join(tmpdir(), 'peron-bench-radius-'));
  const procs: ChildProcess[] = [];
  let results: Phase[] = [];
  try {
    const [fa, fc, pa, pc] = [await freePort(), await freePort(), await freePort(), await freePort()];
    freeradiusConfig(join(work, 'freeradius'), fa, fc);
    const peronDir = join(work, 'peron');
    mkdirSync(peronDir);
    const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
    console.log(`bench: ${MACS} guest MACs, window ${WINDOW} in flight, ${PHASE_MS / 1000} s per server and phase in ${rounds} alternating rounds${PIN ? ', servers pinned to CPU 0, load generator to CPU 1' : ', no CPU pinning'}`);

    if (PIN) execSync(`taskset -pc 1 ${process.pid}`, { stdio: 'ignore' });
    const peron = spawn(...pinned(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), join(import.meta.dirname, 'radius-peron-server.ts'), peronDir, String(pa), String(pc), String(MACS), SECRET]), { stdio: ['ignore', 'pipe', 'inherit'] });
    procs.push(peron);
    await new Promise<void>((resolve, reject) => {
      peron.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
      peron.once('exit', (c) => reject(new Error(`peron bench server exited ${c}`)));
    });
    // BENCH_FLOOR=1: also a bare Node UDP echo server (no RADIUS work at all), the floor for any Node server here
    const floor = process.env.BENCH_FLOOR === '1' ? await (async () => {
      const [ea, ec] = [await freePort(), await freePort()];
      const echo = spawn(...pinned(process.execPath, [join(import.meta.dirname, 'radius-echo-server.ts'), String(ea), String(ec)]), { stdio: ['ignore', 'pipe', 'inherit'] });
      procs.push(echo);
      await new Promise<void>((resolve, reject) => {
        echo.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
        echo.once('exit', (c) => reject(new Error(`echo server exited ${c}`)));
      });
      return { name: 'node-echo', port: ea, acctPort: ec, pid: echo.pid! };
    })() : null;
    const fr = spawn(...pinned('freeradius', ['-f', '-d', join(work, 'freeradius'), '-l', 'stdout']), { stdio: ['ignore', 'pipe', 'ignore'] });
    procs.push(fr);
    let frErr = '';
    fr.stdout!.on('data', (d) => (frErr += d));
    fr.once('exit', (c) => c && console.error(`freeradius exited ${c}: ${frErr.slice(-2000)}`));
    await Promise.all([waitReady(pa), waitReady(fa)]);

    const only = process.env.BENCH_ONLY;
    const servers = [
      { name: 'peron', port: pa, acctPort: pc, pid: peron.pid! },
      { name: 'freeradius', port: fa, acctPort: fc, pid: fr.pid! },
      ...(floor ? [floor] : []),
    ].filter((s) => !only || s.name === only || s.name === 'node-echo');
    results = await compare('auth', servers, rounds);
    results.push(...(await compare('acct', servers.map((s) => ({ ...s, port: s.acctPort })), rounds)));
    // like with like: FreeRADIUS spreads requests over its thread pool, Peron is one process with one event loop
    const threads = (pid: number) => readdirSync(`/proc/${pid}/task`).length;
    console.log(`bench: processes and threads after the run: ${servers.map((s) => `${s.name} 1 process, ${threads(s.pid)} threads`).join('; ')}`);
  } finally {
    for (const p of procs) await stop(p);
    rmSync(work, { recursive: true, force: true });
  }
  for (const r of results) console.log(fmt(r));
  const by = (n: string) => results.find((r) => r.name === n);
  for (const phase of ['auth', 'accounting']) {
    const p = by(`peron ${phase}`);
    const f = by(`freeradius ${phase}`);
    const e = by(`node-echo ${phase}`);
    if (p && e) console.log(`${phase.padEnd(10)} Peron CPU per request above the bare Node UDP echo: ${(p.cpuUs - e.cpuUs).toFixed(0)} µs (echo ${e.cpuUs.toFixed(0)} µs)`);
    if (!p || !f) continue;
    console.log(`${phase.padEnd(10)} throughput Peron/FreeRADIUS ${(p.rps / f.rps).toFixed(2)}×   p99 Peron/FreeRADIUS ${(p.p99 / f.p99).toFixed(2)}×   p50 ${(p.p50 / f.p50).toFixed(2)}×   CPU per request ${(p.cpuUs / f.cpuUs).toFixed(2)}×`);
  }
}

await main();
