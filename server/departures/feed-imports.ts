// How timetables get into the site's database: the demo feed (its calendar around today), configured files (when
// new or changed) and URLs (downloaded into dataDir/gtfs/ when older than refreshHours), each imported in a worker
// thread (parse everything, then one transaction there). On any error the previous feed stays and the error is
// recorded for the board and /api/departures/status.
import { createHash } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../platform/atomic-file.ts';
import { fetchLimited } from '../platform/http-fetch.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { Config } from '../config-schema.ts';
import { DEMO_FEED_ID, demoFeedFiles, demoSignature } from './demo-feed.ts';
import type { ImportLimits } from './feed-source.ts';
import type { FeedStats } from './feed-data.ts';
import { FeedError } from './gtfs-import.ts';
import { importFeedInWorker, type ImportSource } from './import-runner.ts';
import type { DeparturesStore } from './store.ts';
import { localDay } from './time.ts';

/** A GTFS zip larger than this is refused (the county's largest feeds are far smaller). */
const MAX_GTFS_BYTES = 512 * 1024 * 1024;

export interface FeedImportsDeps {
  config: Config;
  store: DeparturesStore;
  /** the database file the import worker writes to (null: in memory, written here) */
  dbPath: string | null;
  clock: Clock;
  log: Logger;
  importErrors: Map<string, string>;
  /** the feed is in the database: rebuild its index and tell the boards */
  imported(feed: string): void;
  /** whether the demo feed is loaded in the index already */
  hasIndex(feed: string): boolean;
}

export function createFeedImports(deps: FeedImportsDeps) {
  const cfg = deps.config.departures;
  const { store, log } = deps;
  const running = new Set<string>();
  const limits: ImportLimits = {
    maxLineChars: cfg.import.maxLineChars,
    maxEntryBytes: cfg.import.maxEntryMB * 1024 * 1024,
    maxTotalBytes: cfg.import.maxTotalMB * 1024 * 1024,
    maxCompressionRatio: cfg.import.maxCompressionRatio,
  };

  /** Imports a feed in a worker thread; the serving thread only rebuilds the station index afterwards. */
  async function runImport(feed: string, source: ImportSource, signature: string | null): Promise<FeedStats> {
    if (running.has(feed)) throw new FeedError('an import of this feed is already running');
    running.add(feed);
    const t0 = Date.now();
    try {
      const r = await importFeedInWorker(source, deps.dbPath, limits, { feed, signature, now: deps.clock.now() });
      if (r.data) store.replaceFeed(r.data, r.ix);
      store.recordStatus(feed, deps.clock.now(), true, null);
      deps.importErrors.delete(feed);
      log.info({ feed, ms: Date.now() - t0, stopTimes: r.stats.stopTimes, from: r.stats.firstDate, to: r.stats.lastDate, warnings: r.stats.warnings.slice(0, 5) }, 'feed imported');
      deps.imported(feed);
      return r.stats;
    } catch (err) {
      const msg = (err as Error).message;
      store.recordStatus(feed, deps.clock.now(), false, msg);
      deps.importErrors.set(feed, msg);
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

  /**
   * Feeds delivered in a hub release (`gtfs/<feed>.zip`, verified by sync): each one not yet imported (by its
   * sha256) is written to dataDir/gtfs/ and imported; a failed import keeps the previous feed and its error.
   */
  async function importReleaseFeeds(files: Readonly<Record<string, Buffer>>): Promise<void> {
    for (const [name, buf] of Object.entries(files)) {
      const m = /^gtfs\/([a-z0-9-]+)\.zip$/.exec(name);
      if (!m || running.has(m[1])) continue;
      const feed = m[1];
      const signature = `release:${createHash('sha256').update(buf).digest('hex')}`;
      if (store.feeds().find((f) => f.feed === feed)?.signature === signature) continue;
      const dir = join(deps.config.dataDir, 'gtfs');
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `release-${feed}.zip`);
      writeFileAtomicSync(path, buf);
      try { await runImport(feed, { kind: 'path', path, label: `hub release (${name})` }, signature); } catch { /* recorded; the previous feed stays */ }
    }
  }

  return {
    runImport,
    importReleaseFeeds,
    importSource,
    /** whether an import of the feed is running in this process */
    running: (feed: string) => running.has(feed),
    async ensureDemo() {
      const today = localDay('Europe/Prague', deps.clock.now());
      const sig = demoSignature(today);
      const have = store.feeds().find((f) => f.feed === DEMO_FEED_ID);
      if (have?.signature === sig && deps.hasIndex(DEMO_FEED_ID)) return;
      await runImport(DEMO_FEED_ID, { kind: 'memory', label: 'demo', files: demoFeedFiles(today) }, sig);
    },
    /** Config feeds: local files are imported when new or changed, URLs when older than refreshHours. */
    async refreshConfigured() {
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
    },
  };
}
