// The county feed profile at work: fetches each hub.feeds source (URL with the download bounds, a zip or a folder),
// checks and trims it in a worker thread (departures' checkAndTrimInWorker), stores each location's trimmed feed as a
// content-addressed blob and ships it with releaseFeeds. A failed fetch or check keeps the last good feed and its error.
// Refreshes run one at a time (a queue); the state of every feed is kept in hub_feed_state (feed-store.ts).
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkAndTrimInWorker, DEFAULT_IMPORT_LIMITS } from '../departures/index.ts';
import { fetchLimited } from '../platform/http-fetch.ts';
import { writeFileAtomicSync } from '../platform/atomic-file.ts';
import { zipDeterministic } from '../platform/zip-write.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { ManifestItem } from '../protocol/index.ts';
import type { BlobStore } from './blobs.ts';
import type { HubFeed } from './config.ts';
import type { FeedState, FeedStore } from './feed-store.ts';
import type { HubService } from './service.ts';

export type { FeedState } from './feed-store.ts';

export interface FeedRefresherOptions {
  feeds: HubFeed[];
  dataDir: string;
  blobs: BlobStore;
  store: FeedStore;
  service: Pick<HubService, 'releaseFeeds'>;
  stationsOf: (locationId: string) => { feed: string; stopIds: string[] }[];
  clock: Clock;
  log: Logger;
  /** after every refresh, good or failed */
  onDone?: (id: string) => void;
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file).on('data', (c) => h.update(c)).on('error', reject).on('end', () => resolve(h.digest('hex')));
  });
}

export function createFeedRefresher(o: FeedRefresherOptions) {
  const state = new Map<string, FeedState>(o.feeds.map((f) => [f.id, o.store.load(f.id)]));
  const dir = join(o.dataDir, 'hub', 'feeds');
  let queue: Promise<unknown> = Promise.resolve();
  let running: string | null = null;
  const waiting = new Set<string>();

  async function fetchSource(f: HubFeed): Promise<string> {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${f.id}.source.zip`);
    if (/^https?:\/\//.test(f.source)) {
      writeFileAtomicSync(file, await fetchLimited(f.source, { timeoutMs: f.timeoutSeconds * 1000, maxBytes: f.maxMB * 1024 * 1024, userAgent: 'peron-hub (timetable)' }));
      return file;
    }
    if (!statSync(f.source).isDirectory()) return f.source;
    const files: Record<string, Buffer> = {};
    for (const n of readdirSync(f.source)) files[n] = readFileSync(join(f.source, n));
    writeFileAtomicSync(file, zipDeterministic(files));
    return file;
  }

  async function run(f: HubFeed): Promise<{ siteId: string; version: number }[]> {
    const st = state.get(f.id)!;
    st.lastAttemptAt = o.clock.now();
    const fail = (reason: string, file?: string, line?: number) => {
      st.lastError = { at: o.clock.now(), reason, file, line };
      o.store.save(st);
      o.log.error({ feed: f.id, reason, file, line }, 'feed refresh failed; the last good feed stays');
      return [];
    };
    let zip: string;
    let sourceSha256: string;
    try {
      zip = await fetchSource(f);
      sourceSha256 = await sha256File(zip);
    } catch (err) {
      return fail(`cannot fetch ${f.source}: ${(err as Error).message}`);
    }
    const locations = f.locations.map((l) => ({ id: l, stopIds: o.stationsOf(l).filter((s) => s.feed === f.id).flatMap((s) => s.stopIds) }));
    const trimKey = createHash('sha256').update(sourceSha256 + JSON.stringify(locations)).digest('hex');
    const g = st.lastGood;
    const same = g?.trimKey === trimKey && f.locations.every((l) => g.items[l] && o.blobs.has(g.items[l].sha256));
    if (!same) {
      const outDir = mkdtempSync(join(dir, 'trim-'));
      const items: Record<string, ManifestItem> = {};
      let r;
      try {
        r = await checkAndTrimInWorker({ zip, feed: f.id, limits: DEFAULT_IMPORT_LIMITS, locations, outDir, now: o.clock.now() });
        if (r.ok) for (const t of r.trimmed) items[t.locationId] = { name: `gtfs/${f.id}.zip`, ...o.blobs.put(readFileSync(t.file)) };
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
      if (!r.ok) return fail(r.error.reason, r.error.file, r.error.line);
      st.lastGood = { at: o.clock.now(), sourceSha256, trimKey, firstDate: r.firstDate, lastDate: r.lastDate, stopTimes: r.stopTimes, items };
    } else {
      st.lastGood = { ...g, at: o.clock.now() };
    }
    st.lastError = null;
    o.store.save(st);
    const out = [];
    for (const loc of f.locations) out.push(...o.service.releaseFeeds(loc, itemsOf(loc)));
    o.log.info({ feed: f.id, unchanged: same, lastDate: st.lastGood.lastDate, released: out.length }, 'feed refreshed');
    return out;
  }

  /** Fetches, checks, trims and ships one feed after any refresh already running; returns the new site versions. */
  function refresh(id: string): Promise<{ siteId: string; version: number }[]> {
    const f = o.feeds.find((x) => x.id === id);
    if (!f) return Promise.reject(new Error(`no feed "${id}" in hub.feeds`));
    waiting.add(id);
    const p = queue.then(async () => {
      waiting.delete(id);
      running = id;
      try {
        return await run(f);
      } finally {
        running = null;
        o.onDone?.(id);
      }
    });
    queue = p.catch(() => undefined);
    return p;
  }

  /** every feed's last good trimmed item for a location (what its releases carry) */
  function itemsOf(locationId: string): ManifestItem[] {
    return [...state.values()].flatMap((s) => (s.lastGood?.items[locationId] ? [s.lastGood.items[locationId]] : []));
  }

  return {
    refresh,
    itemsOf,
    states: () => [...state.values()],
    /** the feed being refreshed now, and those queued behind it */
    busy: () => ({ running, waiting: [...waiting] }),
    /** resolves when every queued refresh has ended */
    idle: () => queue.then(() => undefined),
  };
}
export type FeedRefresher = ReturnType<typeof createFeedRefresher>;
