// The county feed profile as the hub runs it: the refresher and its schedule, the feeds' status (admin page, fleet
// page), the freshness gauges on /metrics and the warnings in the log.
import { join } from 'node:path';
import { Gauge } from 'prom-client';
import { loadLocation } from '../content/index.ts';
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import { createBlobStore } from './blobs.ts';
import { createFeedRefresher, type FeedRefresher } from './feed-refresh.ts';
import { scheduleFeedRefresh } from './feed-schedule.ts';
import { feedStatuses, type FeedStatus } from './feed-status.ts';
import { createFeedStore } from './feed-store.ts';
import { createFeedsAdminRouter, type FeedsAdminHooks } from './feeds-admin.ts';
import type { HubService } from './service.ts';

export interface HubFeeds {
  refresher: FeedRefresher;
  schedule: ReturnType<typeof scheduleFeedRefresh>;
  status(): FeedStatus[];
  /** the feeds that warrant a warning now (fleet page) */
  warnings(): FeedStatus[];
  /** the admin page /admin/timetables, mounted after the admin UI (session, CSRF) */
  adminCapability(hooks: FeedsAdminHooks): Capability;
}

export function createHubFeeds(deps: BaseDeps & { config: Config }, service: HubService, log: BaseDeps['log']): HubFeeds {
  const { config } = deps;
  const feeds = config.hub.feeds;
  const stationsOf = (locationId: string) => {
    try {
      return (service.locationOf(locationId) ?? loadLocation(config.locationsDir, locationId)).departures.stations;
    } catch (err) {
      log.warn({ err, locationId }, 'no stations for a feed location');
      return [];
    }
  };
  const flog = log.child({ part: 'feeds' });
  const refresher = createFeedRefresher({
    feeds,
    dataDir: config.dataDir,
    blobs: createBlobStore(join(config.dataDir, 'hub', 'blobs', 'sha256')),
    store: createFeedStore(deps.db),
    service,
    stationsOf,
    clock: deps.clock,
    log: flog,
    onDone: (id) => {
      const s = status().find((x) => x.id === id);
      if (s?.warning === 'ending' || s?.warning === 'ended') flog.warn({ feed: id, lastDate: s.lastDate, daysLeft: s.daysLeft }, 'feed calendar runs out soon: check the upstream feed');
    },
  });
  const schedule = scheduleFeedRefresh({ feeds, refresher, clock: deps.clock, log: flog });
  const status = () => feedStatuses({ feeds, states: refresher.states(), now: deps.clock.now(), warningDays: config.hub.feedWarningDays, nextAt: schedule.nextAt, busy: refresher.busy() });

  new Gauge({
    name: 'peron_hub_feed_days_left',
    help: 'days from today to the last day of the feed\'s calendar (negative: ended); absent without a good feed',
    labelNames: ['feed'],
    registers: [deps.metrics],
    collect() {
      this.reset();
      for (const s of status()) if (s.daysLeft !== null) this.set({ feed: s.id }, s.daysLeft);
    },
  });
  new Gauge({
    name: 'peron_hub_feed_refresh_failed',
    help: '1 when the feed\'s last refresh failed (the sites keep the last good feed)',
    labelNames: ['feed'],
    registers: [deps.metrics],
    collect() {
      this.reset();
      for (const s of status()) this.set({ feed: s.id }, s.lastError ? 1 : 0);
    },
  });
  new Gauge({
    name: 'peron_hub_feed_last_success_seconds',
    help: 'when the feed was last fetched and checked successfully (Unix seconds)',
    labelNames: ['feed'],
    registers: [deps.metrics],
    collect() {
      this.reset();
      for (const s of status()) if (s.lastSuccessAt !== null) this.set({ feed: s.id }, Math.floor(s.lastSuccessAt / 1000));
    },
  });

  return {
    refresher,
    schedule,
    status,
    warnings: () => status().filter((s) => s.warning !== null),
    adminCapability: (hooks) => ({ name: 'hub-feeds-admin', router: createFeedsAdminRouter({ status, refresh: refresher.refresh, hooks, log: flog }) }),
  };
}
