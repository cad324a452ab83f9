// Regional information feeds: fetched by the hub on each source's schedule (with a timeout and a size limit),
// parsed, normalised to regionalFeedSchema and kept as the last good copy. A failed fetch or parse keeps that
// copy and records the error; publishing packs the good copies into the release (sites never fetch them).
import { fetchLimited } from '../../platform/http-fetch.ts';
import { regionalFeedSchema, regionalFileName, type RegionalFeed } from '../../content/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/log.ts';
import type { FeedSource } from '../config.ts';
import type { AdminMetrics } from '../metrics.ts';
import type { AdminStore } from '../store.ts';
import { parseIcal } from './ical.ts';
import type { FeedItem } from './item.ts';
import { parseNews } from './news.ts';
import { parseTable } from './table.ts';

export interface FeedStatus {
  source: FeedSource;
  fetchedAt: number | null;
  attemptedAt: number | null;
  error: string | null;
  items: number;
}

/** Parses a source's body into a validated feed; throws with a readable reason. */
export function normalise(source: FeedSource, body: string, now: number): RegionalFeed {
  let parsed: { title?: string; items: FeedItem[] };
  if (source.kind === 'news') parsed = parseNews(body);
  else if (source.kind === 'events') parsed = parseIcal(body);
  else {
    if (!source.columns) throw new Error('a table feed needs "columns" in the config');
    parsed = parseTable(body, source.columns, source.delimiter);
  }
  let items = parsed.items.filter((i) => i.title);
  if (source.kind === 'news') items.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  if (source.kind === 'events') {
    items = items.filter((i) => Date.parse(i.end ?? i.date ?? '') >= now || !(i.end ?? i.date));
    items.sort((a, b) => Date.parse(a.date ?? '') - Date.parse(b.date ?? ''));
  }
  const feed = {
    id: source.id,
    kind: source.kind,
    title: source.title,
    fetchedAt: new Date(now).toISOString(),
    items: items.slice(0, source.maxItems).map((i) => Object.fromEntries(Object.entries(i).filter(([, v]) => v !== undefined))),
  };
  const ok = regionalFeedSchema.safeParse(feed);
  if (!ok.success) throw new Error(`does not fit the regional feed format: ${ok.error.issues[0].path.join('.')}: ${ok.error.issues[0].message}`);
  return ok.data;
}

export function createFeeds(deps: { store: AdminStore; clock: Clock; log: Logger; sources: readonly FeedSource[]; metrics?: AdminMetrics }) {
  const { store, clock, log } = deps;
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();

  async function refreshOne(source: FeedSource): Promise<void> {
    const attempt = clock.now();
    try {
      const body = (await fetchLimited(source.url, { timeoutMs: source.timeoutSeconds * 1000, maxBytes: source.maxBytes, userAgent: 'peron-hub (regional information)' })).toString('utf8');
      const feed = normalise(source, body, clock.now());
      store.feedGood(source.id, JSON.stringify(feed), attempt);
      deps.metrics?.feedFetches.inc({ feed: source.id, outcome: 'ok' });
      deps.metrics?.feedLastSuccess.set({ feed: source.id }, Math.round(attempt / 1000));
      log.info({ feed: source.id, items: feed.items.length }, 'regional feed fetched');
    } catch (err) {
      const msg = (err as Error).message || String(err);
      store.feedBad(source.id, attempt, msg);
      deps.metrics?.feedFetches.inc({ feed: source.id, outcome: 'error' });
      log.warn({ feed: source.id, err: msg }, 'regional feed failed; keeping the last good copy');
    }
  }

  const api = {
    sources: deps.sources,
    /** Fetches one feed now (joins a fetch already under way). */
    refresh(id: string): Promise<void> {
      const source = deps.sources.find((s) => s.id === id);
      if (!source) return Promise.resolve();
      let p = running.get(id);
      if (!p) {
        p = refreshOne(source).finally(() => running.delete(id));
        running.set(id, p);
      }
      return p;
    },
    refreshAll(): Promise<void> {
      return Promise.all(deps.sources.map((s) => api.refresh(s.id))).then(() => undefined);
    },
    status(): FeedStatus[] {
      return deps.sources.map((source) => {
        const row = store.feedCache(source.id);
        const items = row?.content ? (JSON.parse(row.content) as RegionalFeed).items.length : 0;
        return { source, fetchedAt: row?.fetchedAt ?? null, attemptedAt: row?.attemptedAt ?? null, error: row?.error ?? null, items };
      });
    },
    /** The last good copy of every feed meant for the location, as release files regional/<id>.json. */
    filesFor(locationId: string): Record<string, Buffer> {
      const out: Record<string, Buffer> = {};
      for (const s of deps.sources) {
        if (s.locations !== 'all' && !s.locations.includes(locationId)) continue;
        const row = store.feedCache(s.id);
        if (row?.content) out[regionalFileName(s.id)] = Buffer.from(row.content);
      }
      return out;
    },
    start() {
      for (const s of deps.sources) {
        void api.refresh(s.id);
        const t = setInterval(() => void api.refresh(s.id), s.everyMinutes * 60_000);
        t.unref();
        timers.push(t);
      }
    },
    async stop() {
      for (const t of timers.splice(0)) clearInterval(t);
      await Promise.allSettled([...running.values()]);
    },
  };
  return api;
}
export type Feeds = ReturnType<typeof createFeeds>;
