// The departures engine of a site: imports feeds (demo, files, daily URL downloads), keeps one station index per
// feed (swapped atomically), polls realtime, answers boards and tells subscribers when boards change.
import { writeFileAtomicSync } from '../platform/atomic-file.ts';
import { fetchLimited } from '../platform/http-fetch.ts';
import { EventEmitter } from 'node:events';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Gauge } from 'prom-client';
import type { BaseDeps } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService } from '../content/index.ts';
import { isLang } from '../platform/i18n.ts';
import { computeBoard, type EngineState, type OverlayInfo } from './board.ts';
import { DEMO_FEED_ID, demoFeedFiles, demoSignature } from './demo-feed.ts';
import type { ImportLimits } from './feed-source.ts';
import { FeedError } from './gtfs-import.ts';
import { importFeedInWorker, type ImportSource } from './import-runner.ts';
import { buildOverlay, decodeFeedMessage, mergeOverlays, type Overlay } from './realtime.ts';
import { buildIndex, type FeedIndex } from './station-index.ts';
import { createDeparturesStore } from './store.ts';
import { localDay } from './time.ts';
import type { Board, BoardQuery, ChangeEvent, DeparturesService } from './types.ts';
import type { FeedStats } from './feed-data.ts';

/** A GTFS zip or a GTFS-Realtime message larger than this is refused (the county's largest feeds are far smaller). */
const MAX_GTFS_BYTES = 512 * 1024 * 1024;
const MAX_REALTIME_BYTES = 32 * 1024 * 1024;

export interface EngineDeps extends BaseDeps {
  config: Config;
  content: ContentService;
  /**
   * A worker process of a multi-process site: never imports or polls (the owner does); it builds its index from
   * SQLite and takes the owner's realtime bytes (site-cluster.ts).
   */
  replica?: boolean;
}

/** The raw realtime messages of one process, to hand to the worker processes. */
export interface RealtimeState { url: string; raw: Uint8Array; digest: string; lastOk: number }

interface RtSource {
  feed: string;
  url: string;
  overlay: Overlay | null;
  raw: Uint8Array | null;
  digest: string;
  lastOk: number;
  error: string | null;
  wasFresh: boolean;
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
  const rt: RtSource[] = cfg.feeds.flatMap((f) => f.realtime.map((url) => ({ feed: f.id, url, overlay: null, raw: null, digest: '', lastOk: 0, error: null, wasFresh: false })));
  const timers: NodeJS.Timeout[] = [];
  let merged = new Map<string, { key: string; info: OverlayInfo }>();
  const running = new Set<string>();
  /** feeds announced by a hub release before their first import (a board names them as missing, not silently) */
  const extraFeeds = new Set<string>();

  const gStopTimes = new Gauge({ name: 'peron_departures_feed_stop_times', help: 'stop_times in the loaded feed', labelNames: ['feed'], registers: [deps.metrics] });
  const gRtAge = new Gauge({ name: 'peron_departures_realtime_age_seconds', help: 'age of the newest realtime data per feed', labelNames: ['feed'], registers: [deps.metrics] });
  const gDays = new Gauge({ name: 'peron_departures_feed_days_left', help: 'days until the feed\'s service ends', labelNames: ['feed'], registers: [deps.metrics] });

  const emit = (reason: ChangeEvent['reason']) => {
    if (reason !== 'tick') dataVersion++;
    merged = new Map();
    const e: ChangeEvent = { reason, dataVersion };
    for (const fn of events.listeners('change') as ((e: ChangeEvent) => void)[]) {
      try { fn(e); } catch (err) { log.error({ err }, 'departures change listener failed'); }
    }
  };

  for (const s of store.statuses()) if (!s.ok && s.error) importErrors.set(s.feed, s.error);

  /** Builds the index of one feed from the database and swaps it in; readers keep the old map until then. */
  function activate(feed: string) {
    const data = store.loadFeed(feed);
    const next = new Map(indexes);
    if (data) next.set(feed, buildIndex(data, store.loadIndexArrays(feed)));
    else next.delete(feed);
    indexes = next;
    if (data) {
      gStopTimes.set({ feed }, data.stats.stopTimes);
      warnExpiry(feed, data.lastDay, data.timezone);
    }
    for (const s of rt) if (s.feed === feed && s.raw) rebuildOverlay(s);
  }

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

  const limits: ImportLimits = {
    maxLineChars: cfg.import.maxLineChars,
    maxEntryBytes: cfg.import.maxEntryMB * 1024 * 1024,
    maxTotalBytes: cfg.import.maxTotalMB * 1024 * 1024,
    maxCompressionRatio: cfg.import.maxCompressionRatio,
  };
  const dbPath = deps.db.memory ? null : deps.db.name;

  /**
   * Imports a feed in a worker thread (parse everything, then one transaction there); the serving thread only
   * rebuilds the station index afterwards. On any error the previous feed stays.
   */
  async function runImport(feed: string, source: ImportSource, signature: string | null): Promise<FeedStats> {
    if (running.has(feed)) throw new FeedError('an import of this feed is already running');
    running.add(feed);
    const t0 = Date.now();
    try {
      const r = await importFeedInWorker(source, dbPath, limits, { feed, signature, now: deps.clock.now() });
      if (r.data) store.replaceFeed(r.data, r.ix);
      store.recordStatus(feed, deps.clock.now(), true, null);
      importErrors.delete(feed);
      activate(feed);
      log.info({ feed, ms: Date.now() - t0, stopTimes: r.stats.stopTimes, from: r.stats.firstDate, to: r.stats.lastDate, warnings: r.stats.warnings.slice(0, 5) }, 'feed imported');
      emit('timetable');
      return r.stats;
    } catch (err) {
      const msg = (err as Error).message;
      store.recordStatus(feed, deps.clock.now(), false, msg);
      importErrors.set(feed, msg);
      log.error({ feed, error: msg }, 'feed import failed; the previous feed stays in use');
      throw err instanceof FeedError ? err : new FeedError(msg, undefined, undefined, { cause: err });
    } finally {
      running.delete(feed);
    }
  }

  async function download(url: string, feed: string): Promise<string> {
    const dir = join(deps.config.dataDir, 'gtfs');
    mkdirSync(dir, { recursive: true });
    let body: Buffer;
    try {
      body = await fetchLimited(url, { timeoutMs: 120_000, maxBytes: MAX_GTFS_BYTES, userAgent: 'peron-site (timetable)' });
    } catch (err) {
      throw new FeedError(`download failed: ${(err as Error).message}`, url);
    }
    const file = join(dir, `${feed}.zip`);
    writeFileAtomicSync(file, body);
    return file;
  }

  /** Imports from a zip, a folder or a URL (downloaded into dataDir/gtfs/ first). */
  async function importSource(feed: string, source: string): Promise<FeedStats> {
    let path = source;
    let signature: string | null = null;
    if (/^https?:\/\//.test(source)) path = await download(source, feed);
    try {
      const st = statSync(path);
      signature = `${st.size}-${st.mtimeMs}`;
    } catch { /* openSource names the missing file */ }
    return runImport(feed, { kind: 'path', path, label: /^https?:\/\//.test(source) ? source : undefined }, signature);
  }

  async function ensureDemo() {
    const today = localDay('Europe/Prague', deps.clock.now());
    const sig = demoSignature(today);
    const have = store.feeds().find((f) => f.feed === DEMO_FEED_ID);
    if (have?.signature === sig && indexes.has(DEMO_FEED_ID)) return;
    await runImport(DEMO_FEED_ID, { kind: 'memory', label: 'demo', files: demoFeedFiles(today) }, sig);
  }

  /** Config feeds: local files are imported when new or changed, URLs when older than refreshHours. */
  async function refreshConfigured() {
    for (const f of cfg.feeds) {
      const have = store.feeds().find((m) => m.feed === f.id);
      const isUrl = /^https?:\/\//.test(f.source);
      let due = !have;
      if (have && isUrl) due = deps.clock.now() - have.importedAt > f.refreshHours * 3_600_000;
      if (have && !isUrl) {
        try { const st = statSync(f.source); due = have.signature !== `${st.size}-${st.mtimeMs}`; } catch { due = false; }
      }
      if (!due) continue;
      try { await importSource(f.id, f.source); } catch { /* logged and recorded; the previous feed stays */ }
    }
  }

  function rebuildOverlay(s: RtSource) {
    try {
      const msg = decodeFeedMessage(s.raw!);
      s.overlay = buildOverlay(msg, indexes.get(s.feed), deps.clock.now());
    } catch (err) {
      s.error = (err as Error).message;
    }
  }

  function isFresh(s: RtSource, now: number): boolean {
    return !!s.overlay && now - s.overlay.timestamp <= cfg.staleAfterSeconds * 1000;
  }

  /** Reads one realtime source; a bad file is logged and the last good overlay kept. */
  async function pollSource(s: RtSource): Promise<boolean> {
    let buf: Uint8Array;
    try {
      if (/^https?:\/\//.test(s.url)) {
        buf = await fetchLimited(s.url, { timeoutMs: 15_000, maxBytes: MAX_REALTIME_BYTES, userAgent: 'peron-site (realtime)' });
      } else buf = readFileSync(s.url);
      const digest = createHash('sha1').update(buf).digest('hex');
      if (digest === s.digest) { s.error = null; return false; }
      const msg = decodeFeedMessage(buf);
      s.overlay = buildOverlay(msg, indexes.get(s.feed), deps.clock.now());
      s.raw = buf;
      s.digest = digest;
      s.lastOk = deps.clock.now();
      s.error = null;
      return true;
    } catch (err) {
      const m = (err as Error).message;
      if (m !== s.error) log.warn({ feed: s.feed, source: s.url.replace(/\?.*$/, ''), error: m }, 'realtime source unreadable; keeping the last good data');
      s.error = m;
      return false;
    }
  }

  async function pollRealtime() {
    let changed = false;
    for (const s of rt) if (await pollSource(s)) changed = true;
    if (changed) emit('realtime');
  }

  function overlayInfo(feed: string): OverlayInfo {
    const now = deps.clock.now();
    const srcs = rt.filter((s) => s.feed === feed);
    if (srcs.length === 0) return { overlay: null, configured: false, fresh: false };
    const fresh = srcs.filter((s) => isFresh(s, now));
    const key = srcs.map((s) => `${s.digest}:${fresh.includes(s)}`).join(',');
    const cached = merged.get(feed);
    if (cached && cached.key === key) return cached.info;
    const info: OverlayInfo = {
      overlay: fresh.length ? mergeOverlays(fresh.map((s) => s.overlay!)) : srcs.find((s) => s.overlay) ? mergeOverlays(srcs.filter((s) => s.overlay).map((s) => s.overlay!)) : null,
      configured: true,
      fresh: fresh.length > 0,
    };
    merged.set(feed, { key, info });
    return info;
  }

  const state: EngineState = {
    get indexes() { return indexes; },
    overlay: overlayInfo,
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

  /** Staleness changes without new data: a tick notices it so boards drop "live" honestly. */
  function checkFreshness() {
    const now = deps.clock.now();
    let changed = false;
    for (const s of rt) {
      const f = isFresh(s, now);
      if (f !== s.wasFresh) { s.wasFresh = f; changed = true; }
      if (s.overlay) gRtAge.set({ feed: s.feed }, Math.round((now - s.overlay.timestamp) / 1000));
    }
    if (changed) emit('realtime');
  }

  /** A feed imported by another process (`peron import-gtfs` next to a running site) is picked up here. */
  function checkStoredFeeds(): boolean {
    let changed = false;
    for (const m of store.feeds()) {
      const ix = indexes.get(m.feed);
      if (running.has(m.feed) || (ix && ix.data.importedAt === m.importedAt)) continue;
      try { activate(m.feed); changed = true; log.info({ feed: m.feed }, 'feed changed in the database; index rebuilt'); } catch (err) { log.error({ err, feed: m.feed }, 'cannot build the departure index of a stored feed'); }
    }
    return changed;
  }

  let lastDay = -1;
  function tick() {
    if (checkStoredFeeds()) emit('timetable');
    checkFreshness();
    const day = localDay('Europe/Prague', deps.clock.now());
    if (lastDay >= 0 && day !== lastDay) {
      // the index covers every service day, so a rollover needs no rebuild; the demo moves its calendar with today
      if (cfg.feeds.length === 0 && !deps.replica) void ensureDemo().catch((err) => log.error({ err }, 'demo feed refresh failed'));
      for (const [feed, ix] of indexes) warnExpiry(feed, ix.lastDay, ix.tz);
    }
    lastDay = day;
    emit('tick');
  }

  loadAll();
  deps.content.onChange(() => emit('content'));


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
    importSource,
    pollRealtime,
    checkFreshness,
    tick,
    status(): FeedStatus[] {
      const metas = new Map(store.feeds().map((m) => [m.feed, m]));
      const ids = new Set([...metas.keys(), ...cfg.feeds.map((f) => f.id), ...importErrors.keys()]);
      const now = deps.clock.now();
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
          realtime: rt.filter((s) => s.feed === feed).map((s) => ({ url: s.url.replace(/\?.*$/, ''), fresh: isFresh(s, now), timestamp: s.overlay ? new Date(s.overlay.timestamp).toISOString() : null, error: s.error })),
        };
      });
    },
    /** what the owner sends to worker processes after a realtime change */
    realtimeState(): RealtimeState[] {
      return rt.filter((s) => s.raw).map((s) => ({ url: s.url, raw: s.raw!, digest: s.digest, lastOk: s.lastOk }));
    },
    /** a worker process takes the owner's realtime messages */
    applyRealtime(list: RealtimeState[]) {
      let changed = false;
      for (const r of list) {
        const s = rt.find((x) => x.url === r.url);
        if (!s || s.digest === r.digest) continue;
        s.raw = r.raw;
        s.digest = r.digest;
        s.lastOk = r.lastOk;
        s.error = null;
        rebuildOverlay(s);
        changed = true;
      }
      if (changed) emit('realtime');
      checkFreshness();
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
      if (cfg.feeds.length === 0) {
        try { await ensureDemo(); } catch (err) { log.error({ err }, 'demo feed import failed'); }
      } else void refreshConfigured();
      await pollRealtime();
      checkFreshness();
      if (rt.length) timers.push(setInterval(() => void pollRealtime(), cfg.realtimePollSeconds * 1000));
      if (cfg.feeds.some((f) => /^https?:\/\//.test(f.source))) timers.push(setInterval(() => void refreshConfigured(), 15 * 60_000));
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
