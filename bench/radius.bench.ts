// `npm run bench:radius`: Peron's RADIUS server against FreeRADIUS 3 on the same loopback, loaded by the same
// Node load generator (a window of requests in flight over BENCH_SOCKETS source ports, so SO_REUSEPORT spreads
// them over Peron's workers): MAC-auth Access-Requests with Message-Authenticator, then accounting (Peron: durable
// SQLite commits before each answer; FreeRADIUS: its detail file, which it does not fsync, and FreeRADIUS writing
// through rlm_sql to SQLite, which commits each request: equal durability). For each count of BENCH_WORKERS
// (default "1,2") Peron runs with site.workers = that count and FreeRADIUS gets as many cores (taskset); where the
// box has a core left, the load generator runs on the others (BENCH_PIN=0: no pinning).
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTR, CODE, encodeRequest, encodeUserPassword, int, octets, text } from '../server/radius/codec.ts';
import { cpuSplit, pinnedCommand, treeCpuSeconds } from './proc-cpu.ts';

const SECRET = 'bench-secret-4711';
const KEY = Buffer.from(SECRET);
const MACS = Number(process.env.BENCH_MACS ?? 10_000);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 10_000);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 64);
const PIN = process.env.BENCH_PIN !== '0';
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 8);
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number).filter((n) => n >= 1);
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

/** A FreeRADIUS 3 configuration of its own in dir; accounting into its detail file or through rlm_sql into SQLite. */
function freeradiusConfig(dir: string, auth: number, acct: number, store: 'detail' | 'sql') {
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
${store === 'sql' ? sqlModule(dir) : ''}
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
    update request {
      &Acct-Unique-Session-Id := "%{Acct-Session-Id}"
    }
  }
  accounting {
    ${store}
  }
  post-auth {
  }
}
`,
  );
}

/** rlm_sql on SQLite with Debian's schema and queries (each request its own transaction: durable when answered). */
function sqlModule(dir: string): string {
  const base = '/etc/freeradius/3.0/mods-config/sql/main/sqlite';
  return `  expr {
  }
  sql {
    dialect = "sqlite"
    driver = "rlm_sql_sqlite"
    sqlite {
      filename = "${dir}/radacct.sqlite"
      busy_timeout = 5000
      bootstrap = "${base}/schema.sql"
    }
    radius_db = "radius"
    acct_table1 = "radacct"
    acct_table2 = "radacct"
    postauth_table = "radpostauth"
    authcheck_table = "radcheck"
    groupcheck_table = "radgroupcheck"
    authreply_table = "radreply"
    groupreply_table = "radgroupreply"
    usergroup_table = "radusergroup"
    delete_stale_sessions = yes
    client_table = "nas"
    group_attribute = "SQL-Group"
    pool {
      start = 4
      min = 2
      max = 16
      spare = 8
      uses = 0
      retry_delay = 30
      lifetime = 0
      idle_timeout = 60
    }
    $INCLUDE ${base}/queries.conf
  }`;
}

interface Result { name: string; done: number; lost: number; rps: number; p50: number; p99: number; accepts: number; lat: number[] }

/** Keeps `window` requests in flight over `sockets` source ports for `ms`, measuring each round trip. */
async function load(name: string, port: number, kind: 'auth' | 'acct', ms: number, window: number, sockets = SOCKETS): Promise<Result> {
  const lat: number[] = [];
  let lost = 0;
  let accepts = 0;
  let seq = 0;
  let stopAt = 0;
  let open = 0;
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
  /** One source port with its own identifier space: what one NAS (or one worker's share of it) sends. */
  const start = async (perSocket: number) => {
    const sock = dgram.createSocket({ type: 'udp4', lookup: (a: string, _f: unknown, cb: (e: null, a: string, f: number) => void) => cb(null, a, 4) } as dgram.SocketOptions);
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const inflight = new Map<number, bigint>();
    const timers = new Map<number, NodeJS.Timeout>();
    open++;
    let closed = false;
    const fire = (id: number) => {
      if (Date.now() >= stopAt) {
        if (inflight.size === 0 && !closed) {
          closed = true;
          sock.close();
          if (--open === 0) finish();
        }
        return;
      }
      inflight.set(id, process.hrtime.bigint());
      sock.send(build(id), port, '127.0.0.1');
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
    return () => {
      for (let i = 0; i < perSocket; i++) fire(i);
    };
  };
  const n = Math.max(1, Math.min(sockets, window));
  const starters = await Promise.all(Array.from({ length: n }, (_, i) => start(Math.floor(window / n) + (i < window % n ? 1 : 0))));
  const started = Date.now();
  stopAt = started + ms;
  await new Promise<void>((resolve) => {
    finish = resolve;
    for (const go of starters) go();
  });
  const elapsed = (Date.now() - started) / 1000;
  lat.sort((x, y) => x - y);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return { name, done: lat.length, lost, rps: lat.length / elapsed, p50: q(0.5), p99: q(0.99), accepts, lat };
}

async function waitReady(port: number) {
  for (let i = 0; i < 100; i++) {
    const r = await load('probe', port, 'auth', 1, 1, 1).catch(() => null);
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

interface Phase extends Result { cpuUs: number }

/** Alternates the two servers in rounds so a change in the shared machine's load hits both alike. */
async function compare(kind: 'auth' | 'acct', servers: { name: string; port: number; pid: number }[], rounds: number): Promise<Phase[]> {
  const acc = servers.map((s) => ({ s, lat: [] as number[], done: 0, lost: 0, accepts: 0, secs: 0, cpu: 0 }));
  for (let r = 0; r < rounds; r++) {
    for (const a of acc) {
      const cpu0 = treeCpuSeconds(a.s.pid);
      const t0 = Date.now();
      const res = await load(a.s.name, a.s.port, kind, PHASE_MS / rounds, WINDOW);
      a.secs += (Date.now() - t0) / 1000;
      a.cpu += treeCpuSeconds(a.s.pid) - cpu0;
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

interface Server { name: string; port: number; acctPort: number; pid: number }

function started(p: ChildProcess, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    p.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
    p.once('exit', (c) => reject(new Error(`${what} exited ${c}`)));
  });
}

/** Peron with `workers` site workers, FreeRADIUS (detail) and FreeRADIUS (rlm_sql, SQLite) on as many cores. */
async function measure(workers: number, work: string, rounds: number): Promise<Phase[]> {
  const dir = join(work, `w${workers}`);
  const procs: ChildProcess[] = [];
  const split = PIN ? cpuSplit(workers, cpus().length) : null;
  const serverCpus = split?.server ?? null;
  try {
    const [fa, fc, sa, sc, pa, pc] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    freeradiusConfig(join(dir, 'freeradius'), fa, fc, 'detail');
    freeradiusConfig(join(dir, 'freeradius-sql'), sa, sc, 'sql');
    mkdirSync(join(dir, 'peron'), { recursive: true });
    // the load generator (this process, all its threads) on the cores the servers do not use, or everywhere
    execSync(`taskset -apc ${split?.load ?? `0-${cpus().length - 1}`} ${process.pid}`, { stdio: 'ignore' });
    console.log(`\n${workers} worker${workers > 1 ? 's' : ''}: Peron site.workers=${workers}; FreeRADIUS ${split ? `and Peron on CPU ${split.server}, load generator on CPU ${split.load}` : 'and Peron unpinned (no core left for the load generator)'}`);
    const peron = spawn(...pinnedCommand(serverCpus, process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), join(import.meta.dirname, 'radius-peron-server.ts'), join(dir, 'peron'), String(pa), String(pc), String(MACS), SECRET, String(workers)]), { stdio: ['ignore', 'pipe', 'inherit'] });
    procs.push(peron);
    await started(peron, 'peron bench server');
    // BENCH_FLOOR=1: also a bare Node UDP echo server (no RADIUS work at all), the floor for any Node server here
    let floor: Server | null = null;
    if (process.env.BENCH_FLOOR === '1') {
      const [ea, ec] = [await freePort(), await freePort()];
      const echo = spawn(...pinnedCommand(serverCpus, process.execPath, [join(import.meta.dirname, 'radius-echo-server.ts'), String(ea), String(ec)]), { stdio: ['ignore', 'pipe', 'inherit'] });
      procs.push(echo);
      await started(echo, 'echo server');
      floor = { name: 'node-echo', port: ea, acctPort: ec, pid: echo.pid! };
    }
    const freeradius = (name: string, conf: string) => {
      const fr = spawn(...pinnedCommand(serverCpus, 'freeradius', ['-f', '-d', join(dir, conf), '-l', 'stdout']), { stdio: ['ignore', 'pipe', 'ignore'] });
      procs.push(fr);
      let out = '';
      fr.stdout!.on('data', (d) => (out = (out + d).slice(-4000)));
      fr.once('exit', (c) => c && console.error(`${name} exited ${c}: ${out}`));
      return fr;
    };
    const fr = freeradius('freeradius', 'freeradius');
    const frSql = freeradius('freeradius-sql', 'freeradius-sql');
    await Promise.all([waitReady(pa), waitReady(fa), waitReady(sa)]);
    const only = process.env.BENCH_ONLY;
    const pick = (list: Server[]) => list.filter((s) => !only || s.name.startsWith(only) || s.name === 'node-echo');
    const p: Server = { name: 'peron', port: pa, acctPort: pc, pid: peron.pid! };
    const f: Server = { name: 'freeradius', port: fa, acctPort: fc, pid: fr.pid! };
    const q: Server = { name: 'freeradius-sql', port: sa, acctPort: sc, pid: frSql.pid! };
    const results = await compare('auth', pick([p, f, ...(floor ? [floor] : [])]), rounds);
    results.push(...(await compare('acct', pick([p, f, q, ...(floor ? [floor] : [])]).map((s) => ({ ...s, port: s.acctPort })), rounds)));
    const rows = (db: string) => execSync(`sqlite3 ${db} 'SELECT COUNT(*) FROM radacct'`, { encoding: 'utf8' }).trim();
    try {
      console.log(`bench: FreeRADIUS rlm_sql wrote ${rows(join(dir, 'freeradius-sql', 'radacct.sqlite'))} sessions to SQLite`);
    } catch {
      // sqlite3 (the CLI) is not installed: the count is only a check
    }
    const threads = (pid: number) => readdirSync(`/proc/${pid}/task`).length;
    console.log(`bench: threads: Peron ${workers > 1 ? `owner + ${workers} worker processes` : `1 process, ${threads(peron.pid!)} threads`}; FreeRADIUS 1 process, ${threads(fr.pid!)} threads`);
    return results;
  } finally {
    for (const pr of procs) await stop(pr);
  }
}

const fmt = (r: Phase) =>
  `${r.name.padEnd(26)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   ${r.cpuUs.toFixed(0).padStart(4)} µs CPU/req   (${r.done} answered, ${r.lost} lost, ${r.accepts} accepts)`;

async function main() {
  ensureFreeradius();
  const work = mkdtempSync(join(tmpdir(), 'peron-bench-radius-'));
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  console.log(`bench: ${MACS} guest MACs, window ${WINDOW} in flight over ${SOCKETS} source ports, ${PHASE_MS / 1000} s per server and phase in ${rounds} alternating rounds, ${cpus().length} cores, workers ${WORKERS.join(', ')}`);
  const all = new Map<number, Phase[]>();
  try {
    for (const w of WORKERS) all.set(w, await measure(w, work, rounds));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  for (const [w, results] of all) {
    console.log(`\n${w} worker(s):`);
    for (const r of results) console.log(fmt(r));
    const by = (n: string) => results.find((r) => r.name === n);
    const ratio = (phase: string, peer: string, goal: string) => {
      const p = by(`peron ${phase}`);
      const f = by(`${peer} ${phase}`);
      if (p && f) console.log(`${phase.padEnd(10)} Peron/${peer.padEnd(15)} throughput ${(p.rps / f.rps).toFixed(2)}×   p99 ${(p.p99 / f.p99).toFixed(2)}×   p50 ${(p.p50 / f.p50).toFixed(2)}×   CPU per request ${(p.cpuUs / f.cpuUs).toFixed(2)}×${goal}`);
    };
    ratio('auth', 'freeradius', '   (goal ≥ 1.2×, p99 ≤ 1×)');
    ratio('accounting', 'freeradius-sql', '   (goal ≥ 1.2×: equal durability)');
    ratio('accounting', 'freeradius', '   (detail file, not fsynced)');
    const p = by('peron auth');
    const e = by('node-echo auth');
    if (p && e) console.log(`auth       Peron CPU per request above the bare Node UDP echo: ${(p.cpuUs - e.cpuUs).toFixed(0)} µs (echo ${e.cpuUs.toFixed(0)} µs)`);
  }
  const [w0, ...rest] = WORKERS;
  for (const w of rest) {
    for (const phase of ['auth', 'accounting']) {
      const a = all.get(w0)?.find((r) => r.name === `peron ${phase}`);
      const b = all.get(w)?.find((r) => r.name === `peron ${phase}`);
      if (a && b) console.log(`scaling ${phase}: Peron ${w0} → ${w} workers ${(b.rps / a.rps).toFixed(2)}× (${Math.round(1e6 / b.cpuUs)} req/s per fully used core at ${b.cpuUs.toFixed(0)} µs CPU each)`);
    }
  }
}

await main();
