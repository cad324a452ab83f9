// A hub and sites in one test process, each on its own throw-away data dir and loopback port, plus a
// man-in-the-middle proxy that can tamper with what the hub serves.
import http from 'node:http';
import { vi } from 'vitest';
import net from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { createHubApp, createSiteApp, type RunningApp, type SiteServices } from '../../server/app.ts';
import { loadLocation, type Location } from '../../server/content/index.ts';
import type { HubApi, HubCoreApi, HubFeeds } from '../../server/hub/index.ts';
import type { AlertsHub } from '../../server/alerts/index.ts';
import { createAuth } from '../../server/admin/auth.ts';
import { createAudit } from '../../server/admin/audit.ts';
import { createAdminStore } from '../../server/admin/store.ts';
import { systemClock, type Clock } from '../../server/platform/clock.ts';
import { findCommand, makeContext } from '../../server/cli.ts';
import { keyIdOf, PAYLOAD_TYPE, pae, type Envelope } from '../../server/protocol/index.ts';
import { sign } from 'node:crypto';
import { testConfig } from './config.ts';

export const FAST_SYNC = { 'sync.pokeDelayMaxMs': 30, 'sync.retryBaseMs': 50, 'sync.retryMaxMs': 400, 'sync.heartbeatSeconds': 1 };

export interface TestHub {
  url: string;
  port: number;
  dataDir: string;
  app: RunningApp & { hub: HubCoreApi; alerts: AlertsHub; timetables: HubFeeds };
  api: HubCoreApi;
  /** creates a user straight in the hub's database (what `peron hub user add` does) */
  addUser(email: string, password: string, role: 'county-admin' | 'editor', locations?: string[]): Promise<void>;
  close(): Promise<void>;
  /** stops and starts again on the same port and data dir, optionally with other config */
  restart(flags?: Record<string, unknown>): Promise<void>;
}

/** The one test hub: a real hub app on a throw-away data dir. `opts.hub` puts a stand-in behind the admin UI
 * (admin-hub.ts recordingHub: canned sites and figures, a publish that fails on demand). */
export async function startTestHub(flags: Record<string, unknown> = {}, opts: { clock?: Clock; hub?: HubApi } = {}): Promise<TestHub> {
  const config = testConfig({ 'admin.passwordCost': 10, ...flags });
  const app = createHubApp({ config, clock: opts.clock, hub: opts.hub });
  const port = await app.listen(0, '127.0.0.1');
  const hub: TestHub = {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir: config.dataDir,
    app,
    api: app.hub,
    async addUser(email, password, role, locations = []) {
      const clock = opts.clock ?? systemClock;
      const store = createAdminStore(hub.app.deps.db);
      const audit = createAudit({ store, clock });
      await createAuth({ store, clock, config: config.admin, audit: (e) => audit.record(e) }).addUser({ email, password, role, locations }, 'test');
    },
    close: () => hub.app.close(),
    async restart(more = {}) {
      await hub.app.close().catch(() => undefined);
      const c = testConfig({ ...flags, ...more, dataDir: config.dataDir });
      hub.app = createHubApp({ config: c, clock: opts.clock, hub: opts.hub });
      hub.api = hub.app.hub;
      await hub.app.listen(port, '127.0.0.1');
    },
  };
  return hub;
}

export interface TestFleetSite {
  url: string;
  dataDir: string;
  app: RunningApp & SiteServices;
  close(): Promise<void>;
  status(): Promise<Record<string, any>>;
  pull(): Promise<string>;
}

/** Runs `peron site enrol` through the real CLI command table against the hub. */
export async function enrolViaCli(dataDir: string, hubUrl: string, token: string): Promise<{ code: number | void; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const argv = ['site', 'enrol', hubUrl, token, '--data-dir', dataDir, '--log-level', 'silent', ...(hubUrl.startsWith('http:') ? ['--insecure'] : [])];
  const { words, ctx } = makeContext(argv, {}, { out: (s) => out.push(s), err: (s) => err.push(s) });
  const found = findCommand(words)!;
  const code = await found.cmd.run(found.rest, ctx);
  return { code, out, err };
}

export async function startFleetSite(flags: Record<string, unknown>, opts: { clock?: Clock } = {}): Promise<TestFleetSite> {
  const config = testConfig({ ...FAST_SYNC, ...flags });
  const app = createSiteApp({ config, clock: opts.clock });
  const port = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    dataDir: config.dataDir,
    app,
    close: () => app.close(),
    status: async () => (await fetch(`${url}/api/sync/status`)).json() as Promise<Record<string, any>>,
    pull: async () => ((await (await fetch(`${url}/api/sync/pull`, { method: 'POST' })).json()) as { result: string }).result,
  };
}

/** Registers a site at the hub and enrols a fresh data dir through the CLI; returns the data dir. */
export async function enrolledDataDir(hub: TestHub, siteId: string, locationId: string): Promise<string> {
  const dataDir = testConfig().dataDir;
  const { token } = hub.api.addSite(siteId, locationId);
  const r = await enrolViaCli(dataDir, hub.url, token);
  if (r.code !== 0) throw new Error(`enrolment failed: ${r.err.join('\n')}`);
  return dataDir;
}

/** Waits until fn returns something truthy (vi.waitFor retries until the callback stops throwing). */
export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  let last: unknown;
  try {
    return await vi.waitFor(
      async () => {
        const v = await fn();
        last = v;
        if (!v) throw new Error(`not yet: ${what}`);
        return v;
      },
      { timeout: timeoutMs, interval: 25 },
    );
  } catch (err) {
    throw new Error(`timed out waiting for ${what} (last: ${last === undefined ? (err as Error).message : JSON.stringify(last)})`);
  }
}

export function withAnnouncement(location: Location, text: string): Location {
  return { ...location, announcements: [{ id: `a-${text.length}-${Date.now()}`, text: { cs: text, en: text, de: text, pl: text }, priority: 'important' }] };
}

export function baseLocation(locationsDir: string, id: string): Location {
  return loadLocation(locationsDir, id);
}

export type ProxyMode =
  | { kind: 'pass' }
  | { kind: 'tamper-blob' }
  | { kind: 'bad-signature' }
  | { kind: 'unsigned' }
  | { kind: 'foreign-key' }
  | { kind: 'replay'; envelope: string }
  | { kind: 'other-site'; siteId: string };

/** An HTTP proxy in front of the hub (WebSocket upgrades piped through) that rewrites what the site receives. */
export async function startTamperProxy(hubPort: number) {
  let current: ProxyMode = { kind: 'pass' };
  const foreign = generateKeyPairSync('ed25519');
  const fetchHub = (path: string) => fetch(`http://127.0.0.1:${hubPort}${path}`);
  const server = http.createServer(async (req, res) => {
    const mode = current;
    try {
      const url = req.url ?? '/';
      const latest = /^\/sites\/([^/]+)\/latest$/.exec(url);
      if (latest && mode.kind !== 'pass' && mode.kind !== 'tamper-blob') {
        let body: string;
        if (mode.kind === 'replay') body = mode.envelope;
        else {
          const r = await fetchHub(mode.kind === 'other-site' ? `/sites/${mode.siteId}/latest` : url);
          body = await r.text();
          const env = JSON.parse(body) as Envelope;
          if (mode.kind === 'bad-signature') {
            const m = JSON.parse(Buffer.from(env.payload, 'base64').toString());
            m.version += 100;
            env.payload = Buffer.from(JSON.stringify(m)).toString('base64');
          } else if (mode.kind === 'unsigned') env.signatures = [];
          else if (mode.kind === 'foreign-key') {
            const m = JSON.parse(Buffer.from(env.payload, 'base64').toString());
            m.version += 100;
            const payload = Buffer.from(JSON.stringify(m));
            env.payload = payload.toString('base64');
            env.signatures = [{ keyid: keyIdOf(foreign.publicKey), sig: sign(null, pae(PAYLOAD_TYPE, payload), foreign.privateKey).toString('base64') }];
          }
          if (mode.kind !== 'other-site') body = JSON.stringify(env);
        }
        const etag = `"proxy-${Buffer.from(body).length}-${body.slice(-24).replace(/[^A-Za-z0-9]/g, '')}"`;
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, { ETag: etag });
          res.end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag });
        res.end(body);
        return;
      }
      const headers: Record<string, string> = {};
      if (req.headers['if-none-match']) headers['if-none-match'] = String(req.headers['if-none-match']);
      const r = await fetch(`http://127.0.0.1:${hubPort}${url}`, { method: req.method, headers });
      let buf = Buffer.from(await r.arrayBuffer());
      if (mode.kind === 'tamper-blob' && url.startsWith('/blobs/') && buf.length > 0) {
        buf = Buffer.from(buf);
        buf[buf.length - 2] ^= 0x20;
      }
      const out: Record<string, string> = {};
      for (const h of ['etag', 'content-type', 'cache-control']) if (r.headers.get(h)) out[h] = r.headers.get(h)!;
      res.writeHead(r.status, out);
      res.end(buf);
    } catch (err) {
      res.writeHead(502);
      res.end(String(err));
    }
  });
  server.on('upgrade', (req, socket, head) => {
    const up = net.connect(hubPort, '127.0.0.1', () => {
      up.write(`${req.method} ${req.url} HTTP/1.1\r\n` + Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n') + '\r\n\r\n');
      up.write(head);
      socket.pipe(up).pipe(socket);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    set(m: ProxyMode) {
      current = m;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** fetch that retries once when a kept-alive socket to a restarted server turns out to be closed. */
export async function fetchFresh(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err;
    return fetch(url, init);
  }
}
