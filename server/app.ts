// createSiteApp / createHubApp: build the shared dependencies once and mount each capability for the role.
import http, { type Server } from 'node:http';
import type { Socket } from 'node:net';
import compression from 'compression';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { configSchema, type Config } from './config-schema.ts';
import type { Capability, BaseDeps } from './platform/capability.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { openDb, type DB } from './platform/db.ts';
import { openDbRecovering } from './platform/db-recovery.ts';
import { errorCatalog, AppError, PlatformErrors } from './platform/errors.ts';
import { requireAdmin } from './platform/admin-auth.ts';
import { proxyTrust, type TrustFn } from './platform/proxy-trust.ts';
import { createI18n, LANGUAGES, negotiateLang, type I18n } from './platform/i18n.ts';
import { createLogger, silentLogger, type Logger } from './platform/log.ts';
import { createPrivacy, loadPrivacyKey, safeEqual } from './platform/privacy.ts';
import { createRenderer } from './platform/render.ts';
import { createContentService, loadCountyDefault, loadLocation, type ContentService } from './content/index.ts';
import { createCaptive, type AcceptancePeers, type Acceptances } from './captive/index.ts';
import { createRadius, type Radius } from './radius/index.ts';
import { createDepartures, type DeparturesEngine, type DeparturesService } from './departures/index.ts';
import { createKiosk } from './kiosk/index.ts';
import { createAlertReader, createSync, type AlertReceiver, type SyncStatus } from './sync/index.ts';
import { createHub, type HubApi, type HubCoreApi, type HubFeeds } from './hub/index.ts';
import { createAdmin, locals as adminLocals, renderPage as adminPage, type PreviewSiteFactory } from './admin/index.ts';
import { createFeedbackHub, createFeedbackSite } from './feedback/index.ts';
import { createOpendataHub, createOpendataSite, monthlyDownloads, type HubDatasets } from './opendata/index.ts';
import { createAlertsHubCapability, type AlertsHub } from './alerts/index.ts';
import { join } from 'node:path';

export interface AppOptions {
  config: Config;
  /** an open database; default: <dataDir>/<role>.sqlite */
  db?: DB;
  log?: Logger;
  clock?: Clock;
  i18n?: I18n;
}

/**
 * The part one process plays in a multi-process site (site.workers > 1, server/site-cluster.ts). Absent: the
 * whole site in this one process, as always.
 */
export type ClusterRole =
  | {
      kind: 'owner';
      peers: AcceptancePeers;
      /** the text of /metrics: the sum over every process */
      metricsText: () => Promise<string>;
      /** one metric summed over every process (telemetry's hourly figures) */
      totals: (name: string) => Promise<unknown>;
      /** requests proxied by a worker carry the client's address in x-peron-client, believed only with this key */
      forwardKey: string;
    }
  | {
      kind: 'worker';
      peers: AcceptancePeers;
      /** a request no worker route answers (kiosk, sync, admin, /metrics): served by the owner */
      fallback: (req: http.IncomingMessage, res: http.ServerResponse) => void;
      /** a WebSocket upgrade (display boards): handed to the owner */
      upgrade: (req: http.IncomingMessage, socket: Socket, head: Buffer) => void;
    };

export interface RunningApp {
  app: Express;
  deps: BaseDeps;
  capabilities: Capability[];
  /** the HTTP handler: fast paths first, then express */
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  server?: Server;
  /** resolves with the bound port */
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

function baseDeps(opts: AppOptions, role: 'site' | 'hub'): BaseDeps {
  const log = opts.log ?? createLogger({ level: opts.config.log.level });
  // the site checks its database at start and recovers from a corrupt one instead of a restart loop
  const db = opts.db ?? (role === 'site' ? openDbRecovering(join(opts.config.dataDir, 'site.sqlite'), 'site', log) : openDb(join(opts.config.dataDir, `${role}.sqlite`), role));
  const i18n = opts.i18n ?? createI18n();
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const privacy = createPrivacy(loadPrivacyKey(db, opts.config.privacy.hashKey));
  return { db, log, clock: opts.clock ?? systemClock, i18n, render: createRenderer(i18n), metrics, privacy };
}

const BASELINE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

interface AssembleOptions {
  trustProxy: TrustFn | false;
  adminToken?: string;
  /** worker process: unknown paths go to the owner instead of a 404, /metrics too */
  fallback?: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  upgrade?: (req: http.IncomingMessage, socket: Socket, head: Buffer) => void;
  metricsText?: () => Promise<string>;
  reusePort?: boolean;
  forwardKey?: string;
}

function assemble(deps: BaseDeps, caps: Capability[], opts: AssembleOptions): RunningApp {
  checkErrors(deps, caps);
  const app = express();
  app.disable('x-powered-by');
  const trust = opts.trustProxy;
  // the same rule as the portal's client address: right-most hop not in http.trustedProxies
  app.set('trust proxy', trust ? (addr: string) => trust(addr) : false);
  // Baseline for every express response (error pages, small HTML pages): no script, no framing, no sniffing,
  // no referrer. Routes with richer needs (portal, board, admin, departures) set their own policy over it.
  app.use((_req, res, next) => {
    res.set({ 'content-security-policy': BASELINE_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    next();
  });
  // HTML pages compressed when the client accepts it (the portal page on the fast path has its own splice,
  // platform/gzip-splice.ts); downloads keep their exact Content-Length and strong ETag, so only HTML is touched
  app.use(compression({ threshold: 1024, filter: (_req, res) => /^text\/html/.test(String(res.getHeader('content-type') ?? '')) }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // counters name NAS clients, displays and process details: operators only (bearer token, or loopback)
  if (!opts.fallback)
    app.get('/metrics', requireAdmin(opts.adminToken), async (_req, res) => {
      res.type(deps.metrics.contentType).send(await (opts.metricsText ?? (() => deps.metrics.metrics()))());
    });
  for (const c of caps) if (c.router) app.use(c.router);
  const fallback = opts.fallback;
  if (fallback) app.use((req: Request, res: Response) => fallback(req, res));
  app.use((_req, _res, next) => next(new AppError(PlatformErrors.NOT_FOUND)));
  app.use(errorHandler(deps));

  const fast = caps.filter((c) => c.fastPath).map((c) => c.fastPath!);
  const forwardKey = opts.forwardKey;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (forwardKey !== undefined && req.headers['x-peron-key'] !== undefined) {
      // a worker's proxy opens one connection per request, so the socket's address is this request's client
      if (safeEqual(String(req.headers['x-peron-key']), forwardKey)) Object.defineProperty(req.socket, 'remoteAddress', { value: String(req.headers['x-peron-client'] ?? ''), configurable: true });
      delete req.headers['x-peron-key'];
      delete req.headers['x-peron-client'];
    }
    for (const f of fast) {
      try {
        if (f(req, res)) return;
      } catch (err) {
        deps.log.error({ err }, 'fast path failed; falling back to express');
        if (res.headersSent) return;
      }
    }
    app(req as Request, res as Response);
  };

  const running: RunningApp = {
    app,
    deps,
    capabilities: caps,
    handler,
    async listen(port = 0, host = '127.0.0.1') {
      const server = http.createServer(handler);
      server.keepAliveTimeout = 65_000;
      running.server = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host, reusePort: opts.reusePort === true }, () => resolve());
      });
      for (const c of caps) await c.start?.({ server });
      const upgrade = opts.upgrade;
      if (upgrade) server.on('upgrade', (req, duplex, head) => upgrade(req, duplex as Socket, head));
      else
      // Last upgrade listener: a WebSocket upgrade no capability answered (ws writes its 101 or refusal
      // synchronously) is refused, so such sockets cannot pile up open forever.
      server.on('upgrade', (_req, duplex) => {
        const socket = duplex as Socket;
        if (!socket.destroyed && !socket.writableEnded && socket.bytesWritten === 0 && socket.writableLength === 0)
          socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      });
      const addr = server.address();
      return typeof addr === 'object' && addr ? addr.port : port;
    },
    async close() {
      for (const c of [...caps].reverse()) {
        try {
          await c.stop?.();
        } catch (err) {
          deps.log.error({ err, cap: c.name }, 'stop failed');
        }
      }
      if (running.server) {
        running.server.closeAllConnections?.();
        await new Promise<void>((r) => running.server!.close(() => r()));
      }
      deps.db.close();
    },
  };
  return running;
}

/** Every error code the app can answer with: defined once, with a message in every language (else it does not start). */
function checkErrors(deps: BaseDeps, caps: Capability[]): void {
  const has = (key: string) => LANGUAGES.every((l) => deps.i18n.t(l, key) !== key.slice(key.indexOf(':') + 1));
  errorCatalog([PlatformErrors, ...caps.map((c) => c.errors)], has);
}

function errorHandler(deps: BaseDeps) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const appErr =
      err instanceof AppError
        ? err
        : (err as { type?: string; status?: number }).status === 400 || (err as { type?: string }).type === 'entity.parse.failed'
          ? new AppError(PlatformErrors.BAD_REQUEST, 'malformed request', { cause: err })
          : (err as { status?: number }).status === 413
            ? new AppError(PlatformErrors.BAD_REQUEST, 'request too large', { cause: err })
            : new AppError(PlatformErrors.INTERNAL, 'internal error', { cause: err });
    if (appErr.status >= 500) deps.log.error({ err, code: appErr.code }, 'request failed');
    if (res.headersSent) return;
    const lang = negotiateLang({ explicit: req.query?.lang, acceptLanguage: req.headers['accept-language'] });
    const message = deps.i18n.t(lang, appErr.key);
    res.status(appErr.status);
    if (req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json') {
      // an error may carry machine-readable details for API clients (which field was refused and why) and more
      // top-level fields (the outcome of a disconnect)
      res.json({ ...appErr.body, error: { code: appErr.code, message, ...appErr.details } });
      return;
    }
    res.type('html').send(deps.render.render('errors/error.njk', lang, { status: appErr.status, code: appErr.code, message }));
  };
}

export interface SiteServices {
  content: ContentService;
  /** the sync agent's status (also GET /api/sync/status) */
  sync: () => SyncStatus;
  /** the portal's acceptance records (what RADIUS consults) */
  acceptances: Acceptances;
  /** the RADIUS servers (bound ports, stats) and session admin */
  radius: Radius;
  /** the departures engine (imports, realtime); the owner of a multi-process site hands its state to workers */
  departuresEngine: DeparturesEngine;
}

/** Everything a station needs: portal, RADIUS, departures, display boards, sync agent. */
export function createSiteApp(opts: AppOptions & { content?: ContentService; departures?: DeparturesService; cluster?: ClusterRole }): RunningApp & SiteServices {
  const deps = baseDeps(opts, 'site');
  const { config } = opts;
  const content = opts.content ?? createContentService(loadLocation(config.locationsDir, config.location), 'file', loadCountyDefault(config.locationsDir));
  const role = opts.cluster;
  if (role?.kind === 'worker') {
    // a worker process serves the hot paths only: probes, portal, Connect, departures, RADIUS (site-cluster.ts)
    // the county alert state the owner verified and stored (re-read at most once a second)
    const countyAlert = createAlertReader(deps.db, deps.clock, () => content.current().location.id);
    const departures = createDepartures({ ...deps, config, content, replica: true, countyAlert });
    const departuresService = opts.departures ?? departures.service;
    const captive = createCaptive({ ...deps, config, content, departures: departuresService, peers: role.peers, timers: false, countyAlert });
    const radius = createRadius({ ...deps, config, content, acceptances: captive.acceptances, cluster: { udp: true, housekeeping: false } });
    const caps = [captive.capability, departures.capability, radius.capability];
    const running = assemble(deps, caps, { trustProxy: proxyTrust(config), adminToken: config.http.adminToken, fallback: role.fallback, upgrade: role.upgrade, reusePort: true });
    const sync = (): SyncStatus => {
      throw new Error('the sync agent runs in the owner process');
    };
    return Object.assign(running, { content, sync, acceptances: captive.acceptances, radius, departuresEngine: departures.engine });
  }
  // county alerts: the sync agent receives them (created below); pages and boards ask through this relay
  let alerts: AlertReceiver | undefined;
  const countyListeners = new Set<() => void>();
  const county = {
    current: () => alerts?.current() ?? null,
    onChange: (fn: () => void) => (countyListeners.add(fn), () => void countyListeners.delete(fn)),
  };
  const departures = createDepartures({ ...deps, config, content, countyAlert: county.current });
  const departuresService = opts.departures ?? departures.service;
  const captive = createCaptive({ ...deps, config, content, departures: departuresService, peers: role?.peers, countyAlert: county.current });
  const radius = createRadius({ ...deps, config, content, acceptances: captive.acceptances, cluster: role ? { udp: false, housekeeping: true } : undefined });
  const kiosk = createKiosk({ ...deps, config, content, departures: departuresService, county });
  // the owner of a multi-process site: telemetry's figures are the sum over the workers
  const syncMetrics = role?.kind === 'owner' ? Object.assign(Object.create(deps.metrics) as Registry, { getSingleMetric: (name: string) => ({ get: () => role.totals(name) }) }) : deps.metrics;
  const feedback = createFeedbackSite({ ...deps, config, content });
  const sync = createSync({ ...deps, metrics: syncMetrics, config, content, outboxParts: [feedback.outboxPart] });
  feedback.setNudge(() => sync.telemetry.nudge());
  alerts = sync.alerts;
  sync.alerts.onChange(() => { for (const fn of countyListeners) fn(); });
  const opendata = createOpendataSite({ ...deps, config, content, engine: departures.engine });
  const caps = [captive.capability, departures.capability, kiosk.capability, radius.capability, sync.capability, feedback.capability, opendata.capability];
  return Object.assign(assemble(deps, caps, { trustProxy: proxyTrust(config), adminToken: config.http.adminToken, metricsText: role?.kind === 'owner' ? role.metricsText : undefined, forwardKey: role?.kind === 'owner' ? role.forwardKey : undefined }), { content, sync: sync.status, acceptances: captive.acceptances, radius, departuresEngine: departures.engine });
}

/** The admin's live preview: a real site app on a draft (in-memory database, RADIUS off, throw-away data dir). */
function previewSiteFactory(hubConfig: Config): PreviewSiteFactory {
  return async (location, files) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'peron-preview-'));
    const config = configSchema.parse({
      dataDir,
      location: location.id,
      locationsDir: hubConfig.locationsDir,
      http: { host: '127.0.0.1', port: 0, publicUrl: 'http://127.0.0.1' },
      log: { level: 'silent' },
      radius: { enabled: false, authPort: 0, acctPort: 0 },
      departures: hubConfig.departures,
      kiosk: hubConfig.kiosk,
    });
    const content = createContentService(location, 'preview', loadCountyDefault(hubConfig.locationsDir));
    if (Object.keys(files).length) content.replace(location, 'preview', files);
    const app = createSiteApp({ config, content, db: openDb(':memory:', 'site'), log: silentLogger() });
    const close = async () => {
      await app.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    };
    try {
      return { port: await app.listen(0, '127.0.0.1'), close };
    } catch (err) {
      await close();
      throw err;
    }
  };
}

/** The county hub: admin UI, releases, telemetry intake. */
export function createHubApp(opts: AppOptions & { hub?: HubApi }): RunningApp & { hub: HubCoreApi; opendata: HubDatasets; alerts: AlertsHub; timetables: HubFeeds } {
  const deps = baseDeps(opts, 'hub');
  let feedback: ReturnType<typeof createFeedbackHub> | undefined;
  let opendata: ReturnType<typeof createOpendataHub> | undefined;
  const hub = createHub({ ...deps, config: opts.config, outboxIntake: { feedback: (site, payload) => feedback!.intake(site, payload) } });
  const admin = createAdmin({
    ...deps,
    config: opts.config,
    previewSite: previewSiteFactory(opts.config),
    hub: opts.hub ?? hub.api,
    feedbackPerDay: (q) => feedback!.perDay(q),
    counts: () => hub.service.counts(),
    timetableWarnings: () => hub.feeds.warnings(),
    releaseFiles: (locationId) => {
      if (!opendata) return {};
      opendata.datasets.buildAll(); // a publication carries the datasets as of now (the last good on a failure)
      return opendata.datasets.releaseFiles(locationId); // those the catalogue shows at this location
    },
  });
  const page = adminPage(deps.render);
  feedback = createFeedbackHub({
    ...deps,
    config: opts.config,
    siteLocation: (siteId) => hub.api.sites().find((s) => s.siteId === siteId)?.locationId,
    admin: {
      user: (res) => adminLocals(res).session?.user,
      lang: (res) => adminLocals(res).lang,
      page,
      audit: (e) => admin.audit.record(e),
      users: admin.users,
    },
  });
  opendata = createOpendataHub({
    ...deps,
    config: opts.config,
    sources: {
      figures: () => hub.api.figures(),
      regional: () => {
        const files: Record<string, Buffer> = {};
        for (const id of new Set(hub.api.sites().map((s) => s.locationId).concat(admin.drafts.list().map((d) => d.location.id)))) Object.assign(files, admin.feeds.filesFor(id));
        return { files, sources: admin.feeds.status().map((f) => f.source.url) };
      },
      downloads: () => monthlyDownloads(hub.service.counts()),
    },
    counts: () => hub.service.counts(),
    admin: {
      user: (res) => adminLocals(res).session?.user,
      lang: (res) => adminLocals(res).lang,
      page,
      audit: (e) => admin.audit.record(e),
      locations: () => [...new Set(hub.api.sites().map((s) => s.locationId).concat(admin.drafts.list().map((d) => d.location.id)))],
    },
  });
  const alerts = createAlertsHubCapability({
    ...deps,
    config: opts.config,
    authenticate: hub.service.authenticate,
    key: hub.service.activeKey,
    broadcast: hub.broadcast,
    admin: {
      user: (res) => adminLocals(res).session?.user,
      page,
      audit: (e) => admin.audit.record(e),
      locations: () => admin.drafts.list().map((d) => ({ id: d.location.id, name: d.location.names.cs })),
    },
  });
  const timetables = hub.feeds.adminCapability({
    user: (res) => adminLocals(res).session?.user,
    page,
    audit: (e) => admin.audit.record(e),
    locations: () => admin.drafts.list().map((d) => ({ id: d.location.id, name: d.location.names.cs })),
  });
  return Object.assign(assemble(deps, [hub.capability, admin.capability, feedback.capability, opendata.capability, alerts.capability, timetables], { trustProxy: proxyTrust(opts.config), adminToken: opts.config.hub.adminToken ?? opts.config.http.adminToken }), { hub: hub.api, opendata: opendata.datasets, alerts: alerts.hub, timetables: hub.feeds });
}
