// The county feed profile at work: fetches each hub.feeds source (URL with the download bounds, a zip or a folder),
// checks and trims it in a worker thread (departures' checkAndTrimInWorker), stores each location's trimmed feed as a
// content-addressed blob and ships it with releaseFeeds. A failed fetch or check keeps the last good feed and its error.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
import type { HubService } from './service.ts';

export interface FeedState {
  id: string;
  lastGood: { at: number; firstDate: string; lastDate: string; stopTimes: number; items: Record<string, ManifestItem> } | null;
  lastError: { at: number; reason: string; file?: string; line?: number } | null;
}

export function createFeedRefresher(o: { feeds: HubFeed[]; dataDir: string; blobs: BlobStore; service: Pick<HubService, 'releaseFeeds'>; stationsOf: (locationId: string) => { feed: string; stopIds: string[] }[]; clock: Clock; log: Logger }) {
  const state = new Map<string, FeedState>(o.feeds.map((f) => [f.id, { id: f.id, lastGood: null, lastError: null }]));
  const dir = join(o.dataDir, 'hub', 'feeds');

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

  /** Fetches, checks, trims and ships one feed; returns the new site versions (none when nothing changed). */
  async function refresh(id: string): Promise<{ siteId: string; version: number }[]> {
    const f = o.feeds.find((x) => x.id === id)!;
    const st = state.get(id)!;
    const fail = (reason: string, file?: string, line?: number) => {
      st.lastError = { at: o.clock.now(), reason, file, line };
      o.log.error({ feed: id, reason, file, line }, 'feed refresh failed; the last good feed stays');
      return [];
    };
    let zip: string;
    try { zip = await fetchSource(f); } catch (err) { return fail(`cannot fetch ${f.source}: ${(err as Error).message}`); }
    const locations = f.locations.map((l) => ({ id: l, stopIds: o.stationsOf(l).filter((s) => s.feed === id).flatMap((s) => s.stopIds) }));
    const outDir = mkdtempSync(join(dir, 'trim-'));
    const items: Record<string, ManifestItem> = {};
    let r;
    try {
      r = await checkAndTrimInWorker({ zip, feed: id, limits: DEFAULT_IMPORT_LIMITS, locations, outDir, now: o.clock.now() });
      if (r.ok) for (const t of r.trimmed) items[t.locationId] = { name: `gtfs/${id}.zip`, ...o.blobs.put(readFileSync(t.file)) };
    } finally { rmSync(outDir, { recursive: true, force: true }); }
    if (!r.ok) return fail(r.error.reason, r.error.file, r.error.line);
    st.lastGood = { at: o.clock.now(), firstDate: r.firstDate, lastDate: r.lastDate, stopTimes: r.stopTimes, items };
    st.lastError = null;
    const out = [];
    for (const loc of f.locations) out.push(...o.service.releaseFeeds(loc, itemsOf(loc)));
    return out;
  }

  /** every feed's last good trimmed item for a location (what its releases carry) */
  function itemsOf(locationId: string): ManifestItem[] {
    return [...state.values()].flatMap((s) => (s.lastGood?.items[locationId] ? [s.lastGood.items[locationId]] : []));
  }

  return { refresh, itemsOf, states: () => [...state.values()] };
}
