// The departures engine of a site: keeps one station index per feed (swapped atomically), answers boards and
// tells subscribers when boards change. Getting timetables in is feed-imports.ts, realtime is realtime-sources.ts.
import { EventEmitter } from 'node:events';
import { Gauge } from 'prom-client';
import type { BaseDeps } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService } from '../content/index.ts';
import { isLang } from '../platform/i18n.ts';
import { computeBoard, type EngineState } from './board.ts';
import { DEMO_FEED_ID } from './demo-feed.ts';
import { createFeedImports } from './feed-imports.ts';
import { createRealtimeSources, type RealtimeState } from './realtime-sources.ts';
import { buildIndex, type FeedIndex } from './station-index.ts';
import { createDeparturesStore } from './store.ts';
import { localDay } from './time.ts';
import type { Board, BoardQuery, ChangeEvent, DeparturesService } from './types.ts';

export type { RealtimeState } from './realtime-sources.ts';

export interface EngineDeps extends BaseDeps {
  config: Config;
  content: ContentService;
  /**
   * A worker process of a multi-process site: never imports or polls (the owner does); it builds its index from
   * SQLite and takes the owner's realtime bytes (site-cluster.ts).
   */
  replica?: boolean;
}

export interface FeedStatus {
  feed: string;
  loaded: boolean;
  source: string | null;
  importedAt: string | null;
  firstDate: string | null;
  lastDate: string | null;
  stopTimes: number;
  lastError: string | null;
  realtime: { url: string; fresh: boolean; timestamp: string | null; error: string | null }[];
}

export function createEngine(deps: EngineDeps) {
  const log = deps.log.child({ cap: 'departures' });
  const cfg = deps.config.departures;
  const store = createDeparturesStore(deps.db);
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let indexes = new Map<string, FeedIndex>();
  let dataVersion = 1;
  const importErrors = new Map<string, string>();
  const timers: NodeJS.Timeout[] = [];
  /** feeds announced by a hub release before their first import (a board names them as missing, not silently) */
  const extraFeeds = new Set<string>();

  const gStopTimes = new Gauge({ name: 'peron_departures_feed_stop_times', help: 'stop_times in the loaded feed', labelNames: ['feed'], registers: [deps.metrics] });
  const gDays = new Gauge({ name: 'peron_departures_feed_days_left', help: 'days until the feed\'s service ends', labelNames: ['feed'], registers: [deps.metrics] });

  const emit = (reason: ChangeEvent['reason']) => {
    if (reason !== 'tick') dataVersion++;
    realtime.invalidate();
    const e: ChangeEvent = { reason, dataVersion };
    for (const fn of events.listeners('change') as ((e: ChangeEvent) => void)[]) {
      try { fn(e); } catch (err) { log.error({ err }, 'departures change listener failed'); }
    }
  };

  const realtime = createRealtimeSources({
    feeds: cfg.feeds,
    staleAfterSeconds: cfg.staleAfterSeconds,
    indexes: () => indexes,
    clock: deps.clock,
    log,
    metrics: deps.metrics,
    changed: () => emit('realtime'),
  });

  for (const s of store.statuses()) if (!s.ok && s.error) importErrors.set(s.feed, s.error);

  /** Builds the index of one feed from the database and swaps it in; readers keep the old map until then. */
  function activate(feed: string) {
    const t0 = performance.now();
    const data = store.loadFeed(feed);
    const next = new Map(indexes);
    if (data) next.set(feed, buildIndex(data, store.loadIndexArrays(feed)));
    else next.delete(feed);
    indexes = next;
    if (data) {
      gStopTimes.set({ feed }, data.stats.stopTimes);
      warnExpiry(feed, data.lastDay, data.timezone);
    }
    realtime.reindex(feed);
    log.info({ feed, ms: Math.round(performance.now() - t0) }, 'departure index swapped in');
  }

  const imports = createFeedImports({
    config: deps.config,
    store,
    dbPath: deps.db.memory ? null : deps.db.name,
    clock: deps.clock,
    log,
    importErrors,
    hasIndex: (feed) => indexes.has(feed),
    imported(feed) {
      activate(feed);
      emit('timetable');
    },
  });

  const warned = new Map<string, number>();
  /** Logs once a day while a feed's service ends within expiryWarningDays (G18: short feeds must be refreshed). */
  function warnExpiry(feed: string, lastDay: number, tz: string) {
    const today = localDay(tz, deps.clock.now());
    gDays.set({ feed }, lastDay - today);
    if (lastDay - today < cfg.expiryWarningDays && warned.get(feed) !== today) {
      warned.set(feed, today);
      log.warn({ feed, lastDate: new Date(lastDay * 86_400_000).toISOString().slice(0, 10), daysLeft: lastDay - today }, 'feed service runs out soon; import a newer feed');
    }
  }

  function loadAll() {
    for (const m of store.feeds()) {
      try { activate(m.feed); } catch (err) { log.error({ err, feed: m.feed }, 'cannot build the departure index of a stored feed'); }
    }
  }

  const state: EngineState = {
    get indexes() { return indexes; },
    overlay: (feed) => realtime.overlayInfo(feed),
    importErrors,
    get dataVersion() { return dataVersion; },
  };

  const service: DeparturesService = {
    board(q: BoardQuery = {}): Board {
      const loc = deps.content.current().location;
      const lang = q.lang && isLang(q.lang) ? q.lang : 'cs';
      return computeBoard(
        state,
        {
          now: deps.clock.now(),
          tz: loc.timezone,
          stations: loc.departures.stations,
          limit: loc.departures.limit,
          windowMinutes: cfg.windowMinutes,
          lookbackMinutes: cfg.lookbackMinutes,
          expiryWarningDays: cfg.expiryWarningDays,
          t: (key, vars) => deps.i18n.t(lang, key, vars),
          lang,
          viaCount: loc.departures.via?.count,
          viaStops: loc.departures.via?.stops,
          duplicates: loc.departures.duplicates,
          knownFeeds: new Set([...indexes.keys(), ...cfg.feeds.map((f) => f.id), ...importErrors.keys(), ...extraFeeds]),
        },
        q,
      );
    },
    onChange(fn) {
      events.on('change', fn);
      return () => { events.off('change', fn); };
    },
  };

  /** A feed imported by another process (`peron import-gtfs` next to a running site) is picked up here. */
  function checkStoredFeeds(): boolean {
    let changed = false;
    for (const m of store.feeds()) {
      const ix = indexes.get(m.feed);
      if (imports.running(m.feed) || (ix && ix.data.importedAt === m.importedAt)) continue;
      try { activate(m.feed); changed = true; log.info({ feed: m.feed }, 'feed changed in the database; index rebuilt'); } catch (err) { log.error({ err, feed: m.feed }, 'cannot build the departure index of a stored feed'); }
    }
    return changed;
  }

  let lastDay = -1;
  function tick() {
    if (checkStoredFeeds()) emit('timetable');
    realtime.checkFreshness();
    const day = localDay('Europe/Prague', deps.clock.now());
    if (lastDay >= 0 && day !== lastDay) {
      // the index covers every service day, so a rollover needs no rebuild; the demo moves its calendar with today
      if (cfg.feeds.length === 0 && !deps.replica) void imports.ensureDemo().catch((err) => log.error({ err }, 'demo feed refresh failed'));
      for (const [feed, ix] of indexes) warnExpiry(feed, ix.lastDay, ix.tz);
    }
    lastDay = day;
    emit('tick');
  }

  loadAll();
  /** whether the current hub release carries feeds: then they replace the demo feed */
  const releaseFeeds = () => Object.keys(deps.content.current().files).some((n) => n.startsWith('gtfs/'));
  deps.content.onChange((snap) => {
    emit('content');
    if (!deps.replica && releaseFeeds()) void imports.importReleaseFeeds(snap.files).then(() => { if (indexes.has(DEMO_FEED_ID)) { store.removeFeed(DEMO_FEED_ID); activate(DEMO_FEED_ID); emit('timetable'); } });
  });


  function tickEachMinute() {
    // the first tick just after the next wall-clock minute, then every minute (boards change on the minute)
    const first = setTimeout(() => {
      tick();
      const every = setInterval(tick, 60_000);
      every.unref?.();
      timers.push(every);
    }, 60_000 - (Date.now() % 60_000) + 50);
    first.unref?.();
    timers.push(first);
  }
  return {
    service,
    store,
    importSource: imports.importSource,
    pollRealtime: () => realtime.pollAll(),
    checkFreshness: () => realtime.checkFreshness(),
    tick,
    status(): FeedStatus[] {
      const metas = new Map(store.feeds().map((m) => [m.feed, m]));
      const ids = new Set([...metas.keys(), ...cfg.feeds.map((f) => f.id), ...importErrors.keys()]);
      return [...ids].sort().map((feed) => {
        const m = metas.get(feed);
        return {
          feed,
          loaded: indexes.has(feed),
          source: m?.source ?? null,
          importedAt: m ? new Date(m.importedAt).toISOString() : null,
          firstDate: m?.stats.firstDate ?? null,
          lastDate: m?.stats.lastDate ?? null,
          stopTimes: m?.stats.stopTimes ?? 0,
          lastError: importErrors.get(feed) ?? null,
          realtime: realtime.status(feed),
        };
      });
    },
    /** what the owner sends to worker processes after a realtime change */
    realtimeState: (): RealtimeState[] => realtime.state(),
    /** a worker process takes the owner's realtime messages */
    applyRealtime(list: RealtimeState[]) {
      realtime.apply(list);
      realtime.checkFreshness();
    },
    /** a worker process: the owner imported a feed, rebuild from SQLite now rather than at the next tick */
    reloadStored() {
      if (checkStoredFeeds()) emit('timetable');
    },
    async start() {
      if (deps.replica) {
        tickEachMinute();
        return;
      }
      if (releaseFeeds()) await imports.importReleaseFeeds(deps.content.current().files);
      else if (cfg.feeds.length === 0) {
        try { await imports.ensureDemo(); } catch (err) { log.error({ err }, 'demo feed import failed'); }
      } else void imports.refreshConfigured();
      await realtime.pollAll();
      realtime.checkFreshness();
      if (realtime.count()) timers.push(setInterval(() => void realtime.pollAll(), cfg.realtimePollSeconds * 1000));
      if (cfg.feeds.some((f) => /^https?:\/\//.test(f.source))) timers.push(setInterval(() => void imports.refreshConfigured(), 15 * 60_000));
      tickEachMinute();
      for (const t of timers) t.unref?.();
    },
    stop() {
      for (const t of timers) { clearInterval(t); clearTimeout(t); }
      timers.length = 0;
    },
    indexes: () => indexes,
  };
}

export type DeparturesEngine = ReturnType<typeof createEngine>;
