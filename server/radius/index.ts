// RADIUS capability: auth and accounting UDP servers, the guest policy, accounting sessions with a reaper and
// retention purge, the CoA/Disconnect client and its admin API.
import { RadiusErrors } from './errors.ts';
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService } from '../content/index.ts';
import type { AcceptanceService } from '../captive/index.ts';
import { createNasTable } from './nas.ts';
import { createRadiusStore } from './store.ts';
import { createAccountingWriter } from './accounting.ts';
import { createSessionIds } from './session-id.ts';
import { createRadiusServer, type RadiusServer } from './server.ts';
import { createRadiusMetrics } from './metrics.ts';
import { createSessionAdmin, type SessionAdmin } from './sessions.ts';
import { createRadiusRouter } from './routes.ts';
import { isLang } from '../platform/i18n.ts';
import { createAuthLog } from './auth-log.ts';

export { RadiusErrors } from './errors.ts';
export type { RadiusServer, RadiusStats } from './server.ts';
export type { SessionAdmin, OpenSession } from './sessions.ts';

export interface RadiusDeps extends BaseDeps {
  config: Config;
  content: ContentService;
  acceptances: AcceptanceService;
  /** multi-process site (site.workers > 1): workers bind the UDP ports with SO_REUSEPORT, the owner reaps */
  cluster?: { udp: boolean; housekeeping: boolean };
}

export interface Radius {
  capability: Capability;
  server: RadiusServer;
  sessions: SessionAdmin;
  /** closes sessions silent for 3 × interim and purges closed ones past retention; returns the counts */
  housekeeping(): { reaped: number; purged: number };
}

export function createRadius(deps: RadiusDeps): Radius {
  const cfg = deps.config.radius;
  const log = deps.log.child({ cap: 'radius' });
  const nas = createNasTable(cfg.clients);
  const store = createRadiusStore(deps.db);
  const writer = createAccountingWriter(store);
  const sessionIds = createSessionIds(deps.privacy);
  const replies = new Map<string, string>(); // Reply-Message per language and reason
  const server = createRadiusServer({
    nas,
    writer,
    sessionIds,
    acceptances: deps.acceptances,
    metrics: createRadiusMetrics(deps.metrics),
    log,
    clock: deps.clock,
    hashMac: deps.privacy.hashMac,
    profile: () => deps.content.current().location.guestProfile,
    replyMessage: (reason) => {
      const l = deps.content.current().location.languages[0];
      const lang = isLang(l) ? l : 'cs';
      const k = `${lang}:${reason}`;
      let m = replies.get(k);
      if (m === undefined) replies.set(k, (m = deps.i18n.t(lang, reason === 'randomized_mac' ? 'radius:reply.randomizedMac' : 'radius:reply.rejected')));
      return m;
    },
    dupTtlMs: cfg.duplicateCacheSeconds * 1000,
    dupMax: cfg.duplicateCacheSize,
    authLog: createAuthLog({
      log,
      now: deps.clock.now,
      hashMac: deps.privacy.hashMac,
      hashIp: deps.privacy.hashIp,
      perSecond: cfg.authLogPerSecond,
      burst: cfg.authLogBurst,
    }),
    reusePort: deps.cluster !== undefined,
  });
  const sessions = createSessionAdmin({ store, nas, now: deps.clock.now, timeoutMs: cfg.coaTimeoutMs, retries: cfg.coaRetries });
  const housekeeping = () => {
    const now = deps.clock.now();
    return { reaped: store.reap(now), purged: store.purge(now - cfg.retentionDays * 86_400_000) };
  };
  let timer: NodeJS.Timeout | undefined;
  const capability: Capability = {
    name: 'radius', errors: RadiusErrors,
    router: createRadiusRouter(sessions, { adminToken: deps.config.http.adminToken }),
    async start() {
      if (!cfg.enabled) return;
      if (deps.cluster?.udp !== false) await server.start(cfg.host, cfg.authPort, cfg.acctPort);
      if (deps.cluster?.housekeeping === false) return;
      timer = setInterval(() => {
        try {
          const r = housekeeping();
          if (r.reaped || r.purged) log.info(r, 'RADIUS sessions reaped / purged');
        } catch (err) {
          log.error({ err }, 'RADIUS housekeeping failed');
        }
      }, cfg.reaperIntervalSeconds * 1000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await server.stop();
    },
  };
  return { capability, server, sessions, housekeeping };
}
