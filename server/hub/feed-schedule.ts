// When the hub refreshes its feeds: the first check shortly after start, then a feed is due once `refreshHours` have
// passed since its last attempt, or an hour after a failed one (kept in hub_feed_state, so a restart keeps the
// rhythm). Timers are unref'd and stopped at close; the refresher's queue runs one refresh at a time.
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { HubFeed } from './config.ts';
import type { FeedRefresher } from './feed-refresh.ts';

const HOUR = 3_600_000;

/** never tried: at start; after a failure: within the hour; else `refreshHours` after the last attempt */
export function nextRefreshAt(f: HubFeed, lastAttemptAt: number | null, startedAt: number, failed = false): number {
  if (lastAttemptAt === null) return startedAt;
  return lastAttemptAt + Math.min(f.refreshHours, failed ? 1 : Infinity) * HOUR;
}

export function scheduleFeedRefresh(o: { feeds: HubFeed[]; refresher: FeedRefresher; clock: Clock; log: Logger; firstDelayMs?: number; tickMs?: number }) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let startedAt = o.clock.now();

  async function tick() {
    const now = o.clock.now();
    const last = new Map(o.refresher.states().map((s) => [s.id, s]));
    const busy = o.refresher.busy();
    for (const f of o.feeds) {
      if (stopped) return;
      if (busy.running === f.id || busy.waiting.includes(f.id)) continue;
      const s = last.get(f.id);
      if (nextRefreshAt(f, s?.lastAttemptAt ?? null, startedAt, s?.lastError != null) > now) continue;
      try {
        await o.refresher.refresh(f.id);
      } catch (err) {
        o.log.error({ err, feed: f.id }, 'feed refresh crashed');
      }
    }
  }

  function arm(ms: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().finally(() => arm(o.tickMs ?? 60_000));
    }, ms);
    timer.unref();
  }

  return {
    start() {
      if (!o.feeds.length) return;
      stopped = false;
      startedAt = o.clock.now();
      arm(o.firstDelayMs ?? 5_000);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await o.refresher.idle();
    },
    /** when each feed is next due */
    nextAt: (f: HubFeed, lastAttemptAt: number | null, failed = false) => nextRefreshAt(f, lastAttemptAt, startedAt, failed),
  };
}
