// The multi-process site (site.workers > 1): one owner process for what must be single, N worker processes
// serving the hot paths (probes, portal, Connect, departures, RADIUS) on the same ports with SO_REUSEPORT.
//
// Processes, not worker threads: a worker must be killable on its own (SIGKILL, OOM, a native fault in
// better-sqlite3) while the others keep serving, and each keeps its own event loop, heap and GC pauses. Threads
// share no JS heap either, so they would not serve more; their smaller start-up cost does not matter for a
// server that starts once. (A side-by-side measurement of the two is not done yet: README "Several cores".)
//
// The owner runs the departures engine (imports, realtime), the sync agent, the kiosk display hub and its ws,
// the purge and reaper timers and telemetry, and listens on an internal loopback port. Workers:
// - answer probes, portal pages, Connect, /online, /terms, departures, /api/radius and RADIUS auth + accounting;
// - proxy every other HTTP request to the owner (the client's address carried in a header only the owner's
//   per-boot key makes it believe), and hand each WebSocket upgrade's socket to the owner over IPC, so the
//   display boards talk to the one hub directly and the owner sees their real address;
// - tell the owner of each acceptance and answer the Connect only once every other worker acknowledged it
//   (their MAC index and probe memo are updated before the client can ask again);
// - get the owner's content releases, purges, imports and realtime bytes over IPC.
// Accounting: each worker commits its own group (one transaction per event-loop tick, synchronous=FULL) to the
// shared WAL database before it answers; SQLite serialises the writers (busy_timeout).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { createSiteApp, type RunningApp, type SiteServices } from './app.ts';
import type { Config } from './config-schema.ts';
import type { AcceptanceEvent } from './captive/index.ts';
import type { RealtimeState } from './departures/index.ts';
import type { RadiusStats } from './radius/index.ts';
import type { Logger } from './platform/log.ts';

/** site.workers: 0 = one per core. */
export function workerCount(config: Config): number {
  return config.site.workers === 0 ? availableParallelism() : config.site.workers;
}

type MetricJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

/** Owner → worker messages. */
export type ToWorker =
  | { t: 'init'; config: Config; location: unknown; source: string; files: Record<string, Uint8Array>; realtime: RealtimeState[]; ownerPort: number; key: string; index: number }
  | { t: 'accepted'; n: number; ev: AcceptanceEvent }
  | { t: 'purged'; before: number; now: number }
  | { t: 'content'; location: unknown; source: string; files: Record<string, Uint8Array> }
  | { t: 'departures'; reason: string; realtime: RealtimeState[] }
  | { t: 'ask'; n: number; what: 'metrics' | 'stats' }
  | { t: 'ack'; n: number };

/** Worker → owner messages. */
export type ToOwner =
  | { t: 'ready'; ports: { http: number; auth: number; acct: number } }
  | { t: 'accepted'; n: number; ev: AcceptanceEvent }
  | { t: 'ack'; n: number }
  | { t: 'answer'; n: number; value: unknown }
  | { t: 'upgrade'; method: string; url: string; headers: http.IncomingHttpHeaders; rawHeaders: string[]; head: Uint8Array };

export interface WorkerStats {
  pid: number;
  http: number;
  radius: RadiusStats;
}

interface Member {
  index: number;
  proc: ChildProcess;
  ready: boolean;
  lastMetrics: MetricJson | null;
}

const ACK_TIMEOUT_MS = 1_000;
const workerEntry = fileURLToPath(new URL('./site-worker.ts', import.meta.url));

export interface SiteCluster extends RunningApp, SiteServices {
  /** the worker processes now serving */
  workerPids(): number[];
  /** per-worker request counts (tests: prove the spread) */
  workerStats(): Promise<WorkerStats[]>;
  /** the public ports the workers bound */
  ports(): { http: number; auth: number; acct: number };
}

export function createSiteCluster(opts: { config: Config; log: Logger; workers: number }): SiteCluster {
  const { config, log } = opts;
  const key = randomBytes(16).toString('hex');
  const members = new Map<number, Member>();
  let seq = 0;
  /** acceptances sent to workers, by number: the workers that have not acknowledged yet (a dead one is removed) */
  const waiting = new Map<number, { left: Set<Member>; done: () => void }>();
  const answers = new Map<number, (v: unknown) => void>();
  /** counters of workers that died, as last seen: /metrics and telemetry stay monotonic */
  const retired: MetricJson[] = [];
  let closing = false;
  let ports = { http: config.http.port, auth: config.radius.authPort, acct: config.radius.acctPort };
  let host = config.http.host;

  const live = () => [...members.values()].filter((m) => m.proc.connected);
  const send = (m: Member, msg: ToWorker, handle?: Socket) => {
    try {
      if (m.proc.connected) m.proc.send(msg, handle as never);
    } catch (err) {
      log.warn({ err, worker: m.index }, 'message to a worker failed');
    }
  };

  /** Tell every worker but `except`; resolves when all acknowledged (or after ACK_TIMEOUT_MS: a hung worker). */
  function publish(ev: AcceptanceEvent, except?: Member): Promise<void> {
    const to = live().filter((m) => m !== except);
    if (to.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const n = ++seq;
      const timer = setTimeout(() => {
        waiting.delete(n);
        log.warn({ acceptance: ev.id }, 'a worker did not acknowledge an acceptance in time');
        resolve();
      }, ACK_TIMEOUT_MS);
      waiting.set(n, { left: new Set(to), done: () => { clearTimeout(timer); resolve(); } });
      for (const m of to) send(m, { t: 'accepted', n, ev });
    });
  }

  /** `m` has acknowledged acceptance `n` (or died): the Connect is answered once no live worker is left to tell */
  function settle(n: number, m: Member) {
    const w = waiting.get(n);
    if (!w || !w.left.delete(m) || w.left.size > 0) return;
    waiting.delete(n);
    w.done();
  }

  function ask(m: Member, what: 'metrics' | 'stats'): Promise<unknown> {
    return new Promise((resolve) => {
      const n = ++seq;
      const timer = setTimeout(() => { answers.delete(n); resolve(null); }, ACK_TIMEOUT_MS);
      answers.set(n, (v) => { clearTimeout(timer); resolve(v); });
      send(m, { t: 'ask', n, what });
    });
  }

  async function aggregated() {
    const own = await owner.deps.metrics.getMetricsAsJSON();
    const fromWorkers = await Promise.all(live().filter((m) => m.ready).map(async (m) => {
      const j = (await ask(m, 'metrics')) as MetricJson | null;
      if (j) m.lastMetrics = j;
      return j ?? m.lastMetrics;
    }));
    return AggregatorRegistry.aggregate([own, ...fromWorkers.filter((j): j is MetricJson => !!j), ...retired]);
  }

  const owner = createSiteApp({
    config,
    log,
    cluster: {
      kind: 'owner',
      forwardKey: key,
      peers: { recorded: (ev) => publish(ev), purged: (before, now) => { for (const m of live()) send(m, { t: 'purged', before, now }); } },
      metricsText: async () => (await aggregated()).metrics(),
      totals: async (name) => (await aggregated()).getSingleMetric(name)?.get(),
    },
  });
  const engine = owner.departuresEngine;
  const filesOf = (f: Readonly<Record<string, Buffer>>) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, new Uint8Array(v)]));
  owner.content.onChange((snap) => {
    const msg = { t: 'content' as const, location: snap.location, source: snap.source, files: filesOf(snap.files) }; // copied once, not per worker
    for (const m of live()) send(m, msg);
  });
  owner.departuresEngine.service.onChange((e) => {
    if (e.reason === 'tick' || e.reason === 'content') return;
    const realtime = e.reason === 'realtime' ? engine.realtimeState() : [];
    for (const m of live()) send(m, { t: 'departures', reason: e.reason, realtime });
  });

  function onMessage(m: Member, msg: ToOwner, handle: unknown, onReady: (p: typeof ports) => void) {
    switch (msg.t) {
      case 'ready':
        m.ready = true;
        onReady(msg.ports);
        return;
      case 'accepted':
        owner.acceptances.seen(msg.ev);
        void publish(msg.ev, m).then(() => send(m, { t: 'ack', n: msg.n }));
        return;
      case 'ack': {
        settle(msg.n, m);
        return;
      }
      case 'answer':
        answers.get(msg.n)?.(msg.value);
        answers.delete(msg.n);
        return;
      case 'upgrade': {
        const socket = handle as Socket | undefined;
        if (!socket || !owner.server) return;
        const req = new http.IncomingMessage(socket);
        req.method = msg.method;
        req.url = msg.url;
        req.headers = msg.headers;
        req.rawHeaders = msg.rawHeaders;
        req.httpVersion = '1.1';
        req.httpVersionMajor = 1;
        req.httpVersionMinor = 1;
        owner.server.emit('upgrade', req, socket, Buffer.from(msg.head));
        return;
      }
    }
  }

  function spawnWorker(index: number, workerPorts: typeof ports): Promise<typeof ports> {
    const proc = fork(workerEntry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: process.env });
    const m: Member = { index, proc, ready: false, lastMetrics: null };
    members.set(index, m);
    return new Promise((resolve, reject) => {
      proc.on('message', (msg: ToOwner, handle) => onMessage(m, msg, handle, resolve));
      proc.once('exit', (code, signal) => {
        if (members.get(index) === m) members.delete(index);
        if (m.lastMetrics) retired.push(m.lastMetrics.filter((x) => String(x.type) === 'counter'));
        for (const n of [...waiting.keys()]) settle(n, m); // a dead worker acknowledges nothing more
        if (!m.ready) reject(new Error(`site worker ${index} exited before it listened (code ${code}, signal ${signal})`));
        if (closing) return;
        log.error({ worker: index, pid: proc.pid, code, signal }, 'site worker died; starting a new one');
        setTimeout(() => void spawnWorker(index, ports).catch((err) => log.error({ err, worker: index }, 'site worker restart failed')), m.ready ? 100 : 2_000).unref();
      });
      const snap = owner.content.current();
      const cfg = { ...config, http: { ...config.http, port: workerPorts.http, host }, radius: { ...config.radius, authPort: workerPorts.auth, acctPort: workerPorts.acct } };
      send(m, { t: 'init', config: cfg, location: snap.location, source: snap.source, files: filesOf(snap.files), realtime: engine.realtimeState(), ownerPort: ownerPort, key, index });
    });
  }

  let ownerPort = 0;
  const cluster: SiteCluster = Object.assign(Object.create(null) as object, owner, {
    async listen(port = config.http.port, h = config.http.host): Promise<number> {
      host = h;
      // the owner first: it migrates the database, creates the privacy key and imports the demo feed
      ownerPort = await owner.listen(0, '127.0.0.1');
      // the first worker binds the configured ports (0 = any); the others join the ports it got
      ports = await spawnWorker(0, { ...ports, http: port });
      await Promise.all(Array.from({ length: opts.workers - 1 }, (_, i) => spawnWorker(i + 1, ports)));
      const poll = setInterval(() => void aggregated().catch(() => undefined), 10_000);
      poll.unref();
      log.info({ workers: opts.workers, ownerPort, ports }, 'site workers serving');
      return ports.http;
    },
    async close() {
      closing = true;
      await Promise.all(live().map((m) => new Promise<void>((r) => {
        m.proc.once('exit', () => r());
        m.proc.kill('SIGTERM');
        setTimeout(() => { m.proc.kill('SIGKILL'); }, 3_000).unref();
      })));
      await owner.close();
    },
    workerPids: () => live().filter((m) => m.ready).map((m) => m.proc.pid!),
    async workerStats() {
      return (await Promise.all(live().filter((m) => m.ready).map((m) => ask(m, 'stats')))).filter((s): s is WorkerStats => !!s);
    },
    ports: () => ({ ...ports }),
    // the UDP ports are the workers' (the owner binds none)
    radius: { ...owner.radius, server: { ...owner.radius.server, ports: () => ({ auth: ports.auth, acct: ports.acct }) } },
  }) as SiteCluster;
  return cluster;
}
