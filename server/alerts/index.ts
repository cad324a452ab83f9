// County alerts capability (hub): county-wide emergencies issued in the admin UI or taken from CAP 1.2 feeds,
// signed and pushed to every site at once. The site's end lives in sync (alert receiver) and protocol (contract).
import type { KeyObject } from 'node:crypto';
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { AlertsConfig } from './config.ts';
import { AlertErrors } from './errors.ts';
import { createCapFeedReader, type CapFeedReader } from './cap-feed.ts';
import { createAlertsHub, type AlertsHub as AlertsHubCore } from './hub.ts';
import { createAlertsRouter, type AlertsAdminHooks } from './routes.ts';
import { createAlertsStore } from './store.ts';

export { alertsConfig, type AlertsConfig } from './config.ts';
export { AlertErrors } from './errors.ts';
export type { CapFeedStatus } from './cap-feed.ts';
/** the hub's alerts and its CAP feed reader (`cap.readAll()` reads every feed now) */
export type AlertsHub = AlertsHubCore & { cap: CapFeedReader };

export interface AlertsHubCapDeps extends BaseDeps {
  config: { alerts: AlertsConfig };
  authenticate: (authorization: string | undefined) => string | null;
  key: () => { id: string; privateKey: KeyObject };
  broadcast: (text: string) => number;
  admin: AlertsAdminHooks & { audit(e: { actor: string; action: string; before?: unknown; after?: unknown }): void };
}

export function createAlertsHubCapability(deps: AlertsHubCapDeps) {
  const log = deps.log.child({ cap: 'alerts' });
  const cfg = deps.config.alerts;
  const hub = createAlertsHub({
    store: createAlertsStore(deps.db),
    clock: deps.clock,
    log,
    maxHours: cfg.maxHours,
    key: deps.key,
    broadcast: deps.broadcast,
    locations: () => deps.admin.locations().map((l) => l.id),
    audit: (e) => deps.admin.audit(e),
  });
  const cap = createCapFeedReader({ hub, clock: deps.clock, log, config: cfg });
  const capability: Capability = {
    name: 'alerts',
    errors: AlertErrors,
    router: createAlertsRouter(hub, { authenticate: deps.authenticate, admin: deps.admin, maxHours: cfg.maxHours, capStatus: cap.status }),
    start: () => cap.start(),
    stop: () => cap.stop(),
  };
  return { capability, hub: Object.assign(hub, { cap }) as AlertsHub };
}
