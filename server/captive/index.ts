// Captive portal capability: OS probes and the cached portal page in a fast path, Connect and the online page
// in express, controller adapters (UAM, openNDS FAS, none), and the acceptance store RADIUS consults.
import { CaptiveErrors } from './errors.ts';
import { repeat } from '../platform/repeat.ts';
import { Counter } from 'prom-client';
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService } from '../content/index.ts';
import type { DeparturesService } from '../departures/index.ts';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { ConfigError } from '../platform/errors.ts';
import { rateLimitedLog, type Logger } from '../platform/log.ts';
import { METRICS } from '../platform/metric-names.ts';
import { createAcceptances, type AcceptancePeers, type Acceptances } from './acceptances.ts';
import { createController } from './controllers/index.ts';
import { createFastPath } from './fast-path.ts';
import { createFormTokens } from './form-token.ts';
import { createPages } from './pages.ts';
import type { CountyAlertView } from '../protocol/index.ts';
import { createRateLimiter } from '../platform/rate-limit.ts';
import { proxyTrust } from '../platform/proxy-trust.ts';
import { createCaptiveRouter } from './routes.ts';
import { signpostTarget } from './topics.ts';
import { createCaptiveStore } from './store.ts';
import { regionalFeeds } from './view.ts';

export type { AcceptanceService } from './types.ts';
export type { Acceptances, Recorded, AcceptanceEvent, AcceptancePeers } from './acceptances.ts';
export { FRESH_CONNECT_MS, UAM_LOGIN_TTL_MS } from './acceptances.ts';
export { uamChapResponse, uamPapPassword, uamPapDecode, uamKey, uamMd } from './controllers/uam.ts';
export { CAPPORT_PATH } from './capport.ts';
export { PROBES } from './probes.ts';
export { createFormTokens } from './form-token.ts';

export interface CaptiveDeps extends BaseDeps {
  config: Config;
  content: ContentService;
  departures: DeparturesService;
  /** where the "none" controller reads the ARP table (tests) */
  arpFile?: string;
  /** the other processes of a multi-process site (site.workers > 1) */
  peers?: AcceptancePeers;
  /** the county-wide alert in force here (shown on every portal page when the location has no emergency of its own) */
  countyAlert?: () => CountyAlertView | null;
  /** run the hourly purge here (false in the worker processes of a multi-process site: the owner purges) */
  timers?: boolean;
}

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * openNDS at fas_secure_enabled 3 or 4 sends travellers to https://<fas>: on Peron's http port that is a TLS
 * ClientHello (first byte 0x16, RFC 8446 §5.1), which Node's parser refuses as a bad request. Say so in the log
 * (a TLS client cannot be shown a page); every other client error gets Node's default answer.
 */
function tlsOnHttpPort(log: Logger) {
  const warn = rateLimitedLog(log, 60_000, 1);
  return (err: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex) => {
    if (err.rawPacket?.[0] === 0x16) {
      warn('tls', { code: 'CAPTIVE_CONTROLLER_MISCONFIGURED' }, 'a TLS handshake reached the portal http port: openNDS fas_secure_enabled 3/4 sends travellers to https; Peron speaks FAS level 1 over http: set fas_secure_enabled 1');
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if ((socket as Socket).writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  };
}

export function createCaptive(deps: CaptiveDeps): { capability: Capability; acceptances: Acceptances } {
  const { config, content } = deps;
  const c = config.captive;
  if (c.controller === 'uam' && !c.uamSecret) throw new ConfigError('controller "uam" needs captive.uamSecret (CoovaChilli uamsecret)', { field: 'captive.uamSecret' });
  if (c.controller === 'opennds' && !c.fasKey) throw new ConfigError('controller "opennds" needs captive.fasKey (openNDS faskey)', { field: 'captive.fasKey' });

  if (c.controller === 'opennds' && !c.gatewayAddresses.length) throw new ConfigError('controller "opennds" needs captive.gatewayAddresses (the gateways Connect may send browsers to)', { field: 'captive.gatewayAddresses' });
  const log = deps.log.child({ cap: 'captive' });
  const store = createCaptiveStore(deps.db);
  const acceptances = createAcceptances({ store, content, privacy: deps.privacy, retentionDays: c.retentionDays, peers: deps.peers });
  const controller = createController(config, { arpFile: deps.arpFile ?? c.arpFile });
  const tokens = createFormTokens(deps.privacy);
  const limiter = createRateLimiter(c.rateLimitPerMinute);
  const publicUrl = config.http.publicUrl.replace(/\/$/, '');

  let regionalCache: { version: string; feeds: ReturnType<typeof regionalFeeds> } | null = null;
  const regional = () => {
    const snap = content.current();
    if (!regionalCache || regionalCache.version !== snap.version || regionalCache.feeds === undefined) regionalCache = { version: snap.version, feeds: regionalFeeds(snap, log) };
    return regionalCache.feeds;
  };
  // Connect redirects to the controller (http://uamip:uamport/logon, http://gateway/opennds_auth/): CSP
  // form-action also governs where a form submission may be redirected.
  const formTargets = controller.name === 'none' ? [] : ['http:', 'https:'];
  const pages = createPages({ content, departures: deps.departures, render: deps.render, i18n: deps.i18n, log, clock: deps.clock, formTargets, regional, countyAlert: deps.countyAlert ?? (() => null) });

  const views = new Counter({ name: METRICS.portalViews, help: 'portal pages served (probe redirects excluded)', labelNames: ['location', 'lang'] as const, registers: [deps.metrics] });
  const connects = new Counter({ name: METRICS.portalConnects, help: 'Connects recorded (terms accepted)', labelNames: ['location'] as const, registers: [deps.metrics] });
  const clicks = new Counter({ name: METRICS.signpostClicks, help: 'signpost links followed (/go/<id> redirected to the configured URL)', labelNames: ['location', 'link'] as const, registers: [deps.metrics] });
  const locationId = () => content.current().location.id;

  const offContent = content.onChange(() => {
    regionalCache = null;
    pages.invalidate();
  });
  const offDepartures = deps.departures.onChange(() => pages.invalidate());

  const common = { publicUrl, trustProxy: proxyTrust(config), acceptances, pages, tokens, privacy: deps.privacy, clock: deps.clock, locationId, views, sessionLengthKnown: controller.sessionLengthKnown };
  const fastPath = createFastPath(common);
  const router = createCaptiveRouter({ ...common, controller, i18n: deps.i18n, log, limiter, connects, clicks, signpostTarget: (id) => signpostTarget(content.current(), id) });

  const purge = repeat('acceptance purge', PURGE_INTERVAL_MS, () => {
    const n = acceptances.purge(deps.clock.now());
    limiter.sweep(deps.clock.now());
    if (n) log.info({ purged: n, retentionDays: c.retentionDays }, 'acceptance records past retention deleted');
  }, log);

  return {
    acceptances,
    capability: {
      name: 'captive', errors: CaptiveErrors,
      router,
      fastPath,
      start({ server }) {
        if (controller.name === 'opennds') server.on('clientError', tlsOnHttpPort(log));
        log.info({ capportUrl: `${publicUrl}/api/captive`, portal: `${publicUrl}/`, controller: controller.name }, 'captive portal ready; provision the RFC 8910 URL (DHCP option 114) over HTTPS');
        if (deps.timers === false) return;
        purge.start();
      },
      stop() {
        purge.stop();
        offContent();
        offDepartures();
      },
    },
  };
}
export { CaptiveErrors } from './errors.ts';
