// Hub capability: release builder and signer, content-addressed blobs, per-site latest pointers, poke channel,
// enrolment and telemetry intake. The admin UI (server/admin/) drives it through HubApi.
import { HubErrors } from './errors.ts';
import { join } from 'node:path';
import { Counter, Gauge } from 'prom-client';
import type { BaseDeps, Capability } from '../platform/capability.ts';
import { isLoopbackUrl } from '../platform/admin-auth.ts';
import { ConfigError } from '../platform/errors.ts';
import type { Config } from '../config-schema.ts';
import type { HubApi } from './types.ts';
import { createBlobStore } from './blobs.ts';
import { loadKeyring } from './keys.ts';
import { createPoker } from './poke.ts';
import { hubFastPath, createHubRouter, type OutboxIntake } from './routes.ts';

export type { OutboxIntake } from './routes.ts';
import { createHubService, type HubService } from './service.ts';
import { createHubStore } from './store.ts';
import { createHubFeeds, type HubFeeds } from './feeds.ts';

export type { HubFeeds } from './feeds.ts';
export type { FeedStatus } from './feed-status.ts';

export type { HubApi, PublishInput, SiteStatus, FigureRow } from './types.ts';
export { newPrivateKeyPem, loadKeyring } from './keys.ts';
export { SITE_ID } from './service.ts';

export interface HubDeps extends BaseDeps {
  config: Config;
  /** other capabilities' parts of the site outbox, by key (feedback) */
  outboxIntake?: Record<string, OutboxIntake>;
}

export type HubCoreApi = HubApi & HubService['api'];

/** Builds the core without HTTP (also used by `peron hub site add`). */
export function createHubCore(deps: Pick<HubDeps, 'db' | 'log' | 'clock' | 'config'>, onReleased?: (r: { siteId: string; version: number }[]) => void): HubService {
  const { config } = deps;
  return createHubService({
    store: createHubStore(deps.db),
    blobs: createBlobStore(join(config.dataDir, 'hub', 'blobs', 'sha256')),
    keyring: loadKeyring(config.hub, config.dataDir),
    clock: deps.clock,
    log: deps.log,
    releaseTtlHours: config.hub.releaseTtlHours,
    enrolTokenHours: config.hub.enrolTokenHours,
    publicUrl: config.hub.publicUrl,
    onReleased,
  });
}

export function createHub(deps: HubDeps): { capability: Capability; api: HubCoreApi; service: HubService; broadcast: (text: string) => number; feeds: HubFeeds } {
  const hubToken = deps.config.hub.adminToken ?? deps.config.http.adminToken;
  if (!hubToken && !isLoopbackUrl(deps.config.hub.publicUrl)) {
    throw new ConfigError(`hub.publicUrl ${deps.config.hub.publicUrl} is reachable from the network: set hub.adminToken, or the machine APIs (publish, figures) would be open behind a reverse proxy`, { field: 'hub.adminToken' });
  }
  const log = deps.log.child({ cap: 'hub' });
  let poker: ReturnType<typeof createPoker> | undefined;
  const releases = new Counter({ name: 'peron_hub_releases_total', help: 'site releases signed and stored', registers: [deps.metrics] });
  const service = createHubCore({ ...deps, log }, (r) => {
    releases.inc(r.length);
    poker?.poke(r);
  });
  poker = createPoker({ authenticate: service.authenticate, log });
  new Gauge({
    name: 'peron_hub_poke_connections',
    help: 'sites holding the poke WebSocket',
    registers: [deps.metrics],
    collect() {
      this.set(poker!.connected());
    },
  });
  const blobs = createBlobStore(join(deps.config.dataDir, 'hub', 'blobs', 'sha256'));
  const feeds = createHubFeeds(deps, service, log);
  let timer: NodeJS.Timeout | undefined;
  const housekeeping = () => {
    try {
      service.refreshExpiring();
      service.purge(deps.config.hub.heartbeatRetentionDays);
    } catch (err) {
      log.error({ err }, 'hub housekeeping failed');
    }
  };
  const capability: Capability = {
    name: 'hub', errors: HubErrors,
    router: createHubRouter(service, { adminToken: deps.config.hub.adminToken, now: () => deps.clock.now(), outboxIntake: deps.outboxIntake }),
    fastPath: hubFastPath(service, blobs),
    start({ server }) {
      poker!.attach(server);
      housekeeping();
      const every = Math.min(3_600_000, (deps.config.hub.releaseTtlHours * 3_600_000) / 8);
      timer = setInterval(housekeeping, Math.max(1000, every));
      timer.unref();
      feeds.schedule.start();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await feeds.schedule.stop();
      await poker!.close();
    },
  };
  return { capability, api: service.api, service, broadcast: (text) => poker?.broadcast(text) ?? 0, feeds };
}
export { HubErrors } from './errors.ts';
