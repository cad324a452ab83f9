// The realtime sources of a site (GTFS-Realtime files or URLs per feed): polled, decoded into overlays on the
// current station index, merged per feed, judged fresh or stale; a bad message keeps the last good overlay. The
// owner process polls; worker processes take the owner's raw messages (applyRealtime).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Gauge, type Registry } from 'prom-client';
import { fetchLimited } from '../platform/http-fetch.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { OverlayInfo } from './board.ts';
import { buildOverlay, decodeFeedMessage, mergeOverlays, type Overlay } from './realtime.ts';
import type { FeedIndex } from './station-index.ts';

/** A GTFS-Realtime message larger than this is refused. */
const MAX_REALTIME_BYTES = 32 * 1024 * 1024;

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

export interface RealtimeSourcesDeps {
  feeds: { id: string; realtime: string[] }[];
  staleAfterSeconds: number;
  indexes: () => ReadonlyMap<string, FeedIndex>;
  clock: Clock;
  log: Logger;
  metrics: Registry;
  /** called when the realtime picture changed (new data or a source turned fresh/stale) */
  changed: () => void;
}

export function createRealtimeSources(deps: RealtimeSourcesDeps) {
  const rt: RtSource[] = deps.feeds.flatMap((f) => f.realtime.map((url) => ({ feed: f.id, url, overlay: null, raw: null, digest: '', lastOk: 0, error: null, wasFresh: false })));
  let merged = new Map<string, { key: string; info: OverlayInfo }>();
  const gRtAge = new Gauge({ name: 'peron_departures_realtime_age_seconds', help: 'age of the newest realtime data per feed', labelNames: ['feed'], registers: [deps.metrics] });

  function rebuild(s: RtSource) {
    try {
      s.overlay = buildOverlay(decodeFeedMessage(s.raw!), deps.indexes().get(s.feed), deps.clock.now());
    } catch (err) {
      s.error = (err as Error).message;
    }
  }

  const isFresh = (s: RtSource, now: number) => !!s.overlay && now - s.overlay.timestamp <= deps.staleAfterSeconds * 1000;

  /** Reads one source; a bad file is logged and the last good overlay kept. */
  async function poll(s: RtSource): Promise<boolean> {
    try {
      const buf = /^https?:\/\//.test(s.url) ? await fetchLimited(s.url, { timeoutMs: 15_000, maxBytes: MAX_REALTIME_BYTES, userAgent: 'peron-site (realtime)' }) : readFileSync(s.url);
      const digest = createHash('sha1').update(buf).digest('hex');
      if (digest === s.digest) { s.error = null; return false; }
      s.overlay = buildOverlay(decodeFeedMessage(buf), deps.indexes().get(s.feed), deps.clock.now());
      s.raw = buf;
      s.digest = digest;
      s.lastOk = deps.clock.now();
      s.error = null;
      return true;
    } catch (err) {
      const m = (err as Error).message;
      if (m !== s.error) deps.log.warn({ feed: s.feed, source: s.url.replace(/\?.*$/, ''), error: m }, 'realtime source unreadable; keeping the last good data');
      s.error = m;
      return false;
    }
  }

  return {
    count: () => rt.length,
    /** the merged overlays are cached per data version: forget them when anything changed */
    invalidate() { merged = new Map(); },
    /** a feed's index was rebuilt: its overlays are rebuilt on the new index */
    reindex(feed: string) {
      for (const s of rt) if (s.feed === feed && s.raw) rebuild(s);
    },
    async pollAll() {
      let changed = false;
      for (const s of rt) if (await poll(s)) changed = true;
      if (changed) deps.changed();
    },
    /** Staleness changes without new data: a tick notices it so boards drop "live" honestly. */
    checkFreshness() {
      const now = deps.clock.now();
      let changed = false;
      for (const s of rt) {
        const f = isFresh(s, now);
        if (f !== s.wasFresh) { s.wasFresh = f; changed = true; }
        if (s.overlay) gRtAge.set({ feed: s.feed }, Math.round((now - s.overlay.timestamp) / 1000));
      }
      if (changed) deps.changed();
    },
    overlayInfo(feed: string): OverlayInfo {
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
    },
    status(feed: string) {
      const now = deps.clock.now();
      return rt.filter((s) => s.feed === feed).map((s) => ({ url: s.url.replace(/\?.*$/, ''), fresh: isFresh(s, now), timestamp: s.overlay ? new Date(s.overlay.timestamp).toISOString() : null, error: s.error }));
    },
    /** what the owner sends to worker processes after a realtime change */
    state(): RealtimeState[] {
      return rt.filter((s) => s.raw).map((s) => ({ url: s.url, raw: s.raw!, digest: s.digest, lastOk: s.lastOk }));
    },
    /** a worker process takes the owner's realtime messages */
    apply(list: RealtimeState[]) {
      let changed = false;
      for (const r of list) {
        const s = rt.find((x) => x.url === r.url);
        if (!s || s.digest === r.digest) continue;
        s.raw = r.raw;
        s.digest = r.digest;
        s.lastOk = r.lastOk;
        s.error = null;
        rebuild(s);
        changed = true;
      }
      if (changed) deps.changed();
    },
  };
}

export type RealtimeSources = ReturnType<typeof createRealtimeSources>;
