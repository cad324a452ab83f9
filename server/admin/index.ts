// Hub admin UI capability: sign-in, roles, location drafts and their editing, live preview, publishing through
// the hub core (HubApi), the audit log, the fleet view with the county's figures, and regional feeds.
import { AdminErrors } from './errors.ts';
import { repeat } from '../platform/repeat.ts';
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { HubApi } from '../hub/index.ts';
import { ConfigError } from '../platform/errors.ts';
import { createAudit } from './audit.ts';
import type { FeedSource } from './config.ts';
import { createAuth } from './auth.ts';
import { createDrafts } from './drafts.ts';
import { createFeeds } from './feeds/feeds.ts';
import { createAdminMetrics } from './metrics.ts';
import { createPreview, type PreviewSiteFactory } from './preview.ts';
import { createPublisher } from './publish.ts';
import { createAdminRouter, type RouteDeps } from './routes.ts';
import { createAdminStore } from './store.ts';
import { createCountySignpost } from './county.ts';
import { createCountyRouter, type CountyCount } from './county-routes.ts';

export { adminCommands } from './commands.ts';
export { canAccessLocation, isCountyAdmin, visibleLocations } from './auth.ts';
export { locals, renderPage } from './http.ts';

export interface AdminDeps extends BaseDeps {
  /** further release files for a location (the open datasets, server/opendata) */
  releaseFiles?: (locationId: string) => Record<string, Buffer>;
  config: Config;
  hub: HubApi;
  /** starts the real site renderer on a draft, for the live preview */
  previewSite: PreviewSiteFactory;
  /** feedback per site and day, added to the figures CSV */
  feedbackPerDay?: RouteDeps['feedbackPerDay'];
  /** the sites' keyed hourly counts (signpost clicks are click:<link id>) */
  counts?: () => CountyCount[];
  timetableWarnings?: RouteDeps['timetableWarnings'];
}

/** Feed ids must be unique and name known locations: a typo would silently ship nothing, so start-up stops. */
export function checkFeedSources(feeds: readonly FeedSource[], locations: Set<string>) {
  const seen = new Set<string>();
  feeds.forEach((f, i) => {
    if (seen.has(f.id)) throw new ConfigError(`feed id "${f.id}" is used twice`, { field: `admin.feeds.${i}.id` });
    seen.add(f.id);
    if (f.locations === 'all') return;
    const unknown = f.locations.filter((l) => !locations.has(l));
    if (unknown.length) throw new ConfigError(`unknown location "${unknown[0]}" (known: ${[...locations].join(', ')})`, { field: `admin.feeds.${i}.locations` });
  });
}

export function createAdmin(deps: AdminDeps) {
  const log = deps.log.child({ cap: 'admin' });
  const cfg = deps.config.admin;
  const store = createAdminStore(deps.db);
  const audit = createAudit({ store, clock: deps.clock });
  const metrics = createAdminMetrics(deps.metrics);
  const auth = createAuth({ store, clock: deps.clock, config: cfg, audit: (e) => audit.record(e), metrics });
  const drafts = createDrafts({ store, clock: deps.clock, log, audit, locationsDir: deps.config.locationsDir });
  drafts.seed();
  checkFeedSources(cfg.feeds, new Set(drafts.list().map((x) => x.location.id)));
  const feeds = createFeeds({ store, clock: deps.clock, log, sources: cfg.feeds, metrics });
  const preview = createPreview({ log, maxSites: cfg.previewMaxSites, startSite: deps.previewSite });
  const county = createCountySignpost({ db: deps.db, clock: deps.clock, audit, locationsDir: deps.config.locationsDir });
  const publisher = createPublisher({ store, clock: deps.clock, hub: deps.hub, drafts, feeds, audit, releaseFiles: deps.releaseFiles, countyFile: county.file });
  const router = createAdminRouter({
    auth,
    audit,
    drafts,
    feeds,
    preview,
    publisher,
    hub: deps.hub,
    users: () => store.users().map((u) => ({ email: u.email, role: u.role, locations: u.locations })),
    render: deps.render,
    i18n: deps.i18n,
    privacy: deps.privacy,
    now: () => deps.clock.now(),
    secureCookies: deps.config.hub.publicUrl.startsWith('https:'),
    sessionMaxAgeMs: cfg.sessionAbsoluteHours * 3_600_000,
    feedbackPerDay: deps.feedbackPerDay,
    county: county.file,
    countyDoc: () => county.get().county,
    more: [createCountyRouter({ county, drafts, publisher, render: deps.render, i18n: deps.i18n, privacy: deps.privacy, counts: deps.counts })],
    timetableWarnings: deps.timetableWarnings,
  });
  const purgeSessions = repeat('admin session purge', 10 * 60_000, () => auth.purge(), deps.log);
  const capability: Capability = {
    name: 'admin', errors: AdminErrors,
    router,
    start() {
      feeds.start();
      purgeSessions.start({ now: false });
    },
    async stop() {
      purgeSessions.stop();
      await feeds.stop();
      await preview.stop();
    },
  };
  const users = () => store.users().map((u) => ({ email: u.email, role: u.role, locations: u.locations }));
  return { capability, auth, audit, drafts, feeds, preview, publisher, users, county };
}
export { AdminErrors } from './errors.ts';
export type { PreviewSiteFactory } from './preview.ts';
