// SQL of the departures capability: imported feeds (one transaction per feed, replacing the old one) and import status.
import type { DB } from '../platform/db.ts';
import { ST_FIELDS, type FeedData, type FeedStats, type FeedTrip } from './feed-data.ts';
import { INDEX_ARRAYS, type IndexArrays } from './station-index.ts';

export interface FeedMeta { feed: string; source: string; signature: string | null; importedAt: number; timezone: string; firstDay: number; lastDay: number; stats: FeedStats }
export interface ImportStatus { feed: string; attemptedAt: number; ok: boolean; error: string | null }

type StoredTripRow = Omit<FeedTrip, 'stopTimes'> & { s: number; n: number };

interface StopTimesHolder { load(start: number, end: number): Int32Array | undefined }
const NONE = new Int32Array(0);

/** A trip read back from the database: its stop_times are read on demand (index build, realtime), not kept. */
class StoredTrip implements FeedTrip {
  id: string; route: number; service: number; headsign: string; shortName: string; direction: number | null; wheelchair: number; block: string | null;
  private readonly s: number;
  private readonly n: number;
  private readonly h: StopTimesHolder;
  constructor(r: StoredTripRow, h: StopTimesHolder) {
    this.h = h;
    this.id = r.id; this.route = r.route; this.service = r.service; this.headsign = r.headsign ?? ''; this.shortName = r.shortName ?? '';
    this.direction = r.direction; this.wheelchair = r.wheelchair; this.block = r.block;
    this.s = r.s; this.n = r.n;
  }
  get stopTimes(): Int32Array {
    const a = this.s * ST_FIELDS, b = (this.s + this.n) * ST_FIELDS;
    return this.h.load(a, b) ?? NONE;
  }
  set stopTimes(_v: Int32Array) {
    throw new Error('stored trips are read-only');
  }
}

/** a gtfs_feed row (SELECT *) */
interface FeedRow { source: string; signature: string | null; imported_at: number; timezone: string; first_day: number; last_day: number; max_time: number; strings: string; stats: string }

/** a stop with its coordinates and parent station id (open data, station plan) */
export interface StopWithCoords { id: string; name: string; locationType: number; parentId: string | null; platform: string | null; wheelchair: number; lat: number | null; lon: number | null }

export function createDeparturesStore(db: DB) {
  const tables = ['gtfs_agency', 'gtfs_stop', 'gtfs_route', 'gtfs_service', 'gtfs_trip', 'gtfs_stop_times', 'gtfs_index', 'gtfs_frequency', 'gtfs_feed'];
  const del = tables.map((t) => db.prepare(`DELETE FROM ${t} WHERE feed = ?`));
  const insFeed = db.prepare(
    'INSERT INTO gtfs_feed (feed, source, signature, imported_at, timezone, first_day, last_day, max_time, strings, stats) VALUES (?,?,?,?,?,?,?,?,?,?)',
  );
  const insAgency = db.prepare('INSERT OR REPLACE INTO gtfs_agency (feed, agency_id, name, url, timezone) VALUES (?,?,?,?,?)');
  const insStop = db.prepare('INSERT INTO gtfs_stop (feed, idx, stop_id, name, location_type, parent_idx, platform_code, wheelchair, lat, lon) VALUES (?,?,?,?,?,?,?,?,?,?)');
  const insRoute = db.prepare('INSERT INTO gtfs_route (feed, idx, route_id, agency_id, short_name, long_name, type, color, text_color) VALUES (?,?,?,?,?,?,?,?,?)');
  const insService = db.prepare('INSERT INTO gtfs_service (feed, idx, service_id, days) VALUES (?,?,?,?)');
  const insTrip = db.prepare(
    'INSERT INTO gtfs_trip (feed, idx, trip_id, route_idx, service_idx, headsign, short_name, direction_id, wheelchair, block_id, st_start, st_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const insPart = db.prepare('INSERT INTO gtfs_stop_times (feed, part, data) VALUES (?,?,?)');
  const insFreq = db.prepare('INSERT INTO gtfs_frequency (feed, trip_idx, start_time, end_time, headway, exact) VALUES (?,?,?,?,?,?)');
  const upStatus = db.prepare(
    'INSERT INTO gtfs_import_status (feed, attempted_at, ok, error) VALUES (?,?,?,?) ON CONFLICT(feed) DO UPDATE SET attempted_at = excluded.attempted_at, ok = excluded.ok, error = excluded.error',
  );
  const selStatus = db.prepare<[], { feed: string; attemptedAt: number; ok: number; error: string | null }>('SELECT feed, attempted_at AS attemptedAt, ok, error FROM gtfs_import_status');
  const selFeeds = db.prepare<[], Omit<FeedMeta, 'stats'> & { stats: string }>('SELECT feed, source, signature, imported_at AS importedAt, timezone, first_day AS firstDay, last_day AS lastDay, stats FROM gtfs_feed ORDER BY feed');
  const selFeed = db.prepare<[string], FeedRow>('SELECT * FROM gtfs_feed WHERE feed = ?');
  const selAgencies = db.prepare<[string], FeedData['agencies'][number]>('SELECT agency_id AS id, name, url, timezone FROM gtfs_agency WHERE feed = ?');
  const selStops = db.prepare<[string], FeedData['stops'][number]>('SELECT stop_id AS id, name, location_type AS locationType, parent_idx AS parent, platform_code AS platform, wheelchair, lat, lon FROM gtfs_stop WHERE feed = ? ORDER BY idx');
  const selRoutes = db.prepare<[string], FeedData['routes'][number]>('SELECT route_id AS id, agency_id AS agency, short_name AS shortName, long_name AS longName, type, color, text_color AS textColor FROM gtfs_route WHERE feed = ? ORDER BY idx');
  const selServices = db.prepare<[string], { id: string; days: Buffer }>('SELECT service_id AS id, days FROM gtfs_service WHERE feed = ? ORDER BY idx');
  const selTrips = db.prepare<[string], StoredTripRow>(
    'SELECT trip_id AS id, route_idx AS route, service_idx AS service, headsign, short_name AS shortName, direction_id AS direction, wheelchair, block_id AS block, st_start AS s, st_count AS n FROM gtfs_trip WHERE feed = ? ORDER BY idx',
  );
  const selFreqs = db.prepare<[string], { trip: number; start: number; end: number; headway: number; exact: number }>('SELECT trip_idx AS trip, start_time AS start, end_time AS end, headway, exact FROM gtfs_frequency WHERE feed = ?');

  const insIndex = db.prepare('INSERT INTO gtfs_index (feed, name, data) VALUES (?,?,?)');
  const selIndex = db.prepare<[string], { name: string; data: Buffer }>('SELECT name, data FROM gtfs_index WHERE feed = ?');
  const PART = 16 << 10; // Int32 per part (64 KB): a trip read back for realtime costs one or two small blobs
  const selStopsGeo = db.prepare<[string], StopWithCoords>(
    'SELECT s.stop_id AS id, s.name, s.location_type AS locationType, p.stop_id AS parentId, s.platform_code AS platform, s.wheelchair, s.lat, s.lon FROM gtfs_stop s LEFT JOIN gtfs_stop p ON p.feed = s.feed AND p.idx = s.parent_idx WHERE s.feed = ? ORDER BY s.idx',
  );
  const selPart = db.prepare<[string, number], Buffer>('SELECT data FROM gtfs_stop_times WHERE feed = ? AND part = ?').pluck();

  return {
    /** Replaces a feed in one transaction: readers see the old feed or the new one, never a mix. */
    replaceFeed: db.transaction((f: FeedData, ix?: IndexArrays) => {
      for (const d of del) d.run(f.feed);
      if (ix) {
        for (const name of INDEX_ARRAYS) insIndex.run(f.feed, name, Buffer.from(ix[name].buffer, ix[name].byteOffset, ix[name].byteLength));
        insIndex.run(f.feed, 'maxTime', Buffer.from(Int32Array.of(ix.maxTime).buffer));
      }
      insFeed.run(f.feed, f.source, f.signature, f.importedAt, f.timezone, f.firstDay, f.lastDay, f.maxTime, JSON.stringify(f.strings), JSON.stringify(f.stats));
      for (const a of f.agencies) insAgency.run(f.feed, a.id, a.name, a.url, a.timezone);
      f.stops.forEach((s, i) => insStop.run(f.feed, i, s.id, s.name, s.locationType, s.parent, s.platform, s.wheelchair, s.lat ?? null, s.lon ?? null));
      f.routes.forEach((r, i) => insRoute.run(f.feed, i, r.id, r.agency, r.shortName, r.longName, r.type, r.color, r.textColor));
      f.services.forEach((s, i) => insService.run(f.feed, i, s.id, Buffer.from(s.days.buffer, s.days.byteOffset, s.days.byteLength)));
      let at = 0;
      f.trips.forEach((t, i) => {
        const n = t.stopTimes.length / ST_FIELDS;
        insTrip.run(f.feed, i, t.id, t.route, t.service, t.headsign, t.shortName, t.direction, t.wheelchair, t.block, at, n);
        at += n;
      });
      const part = new Int32Array(Math.min(PART, at * ST_FIELDS));
      let fill = 0, p = 0;
      const flush = () => { insPart.run(f.feed, p++, Buffer.from(part.buffer, 0, fill * 4)); fill = 0; };
      for (const t of f.trips) {
        let o = 0;
        while (o < t.stopTimes.length) {
          const k = Math.min(part.length - fill, t.stopTimes.length - o);
          part.set(t.stopTimes.subarray(o, o + k), fill);
          fill += k; o += k;
          if (fill === part.length) flush();
        }
      }
      if (fill > 0) flush();
      for (const q of f.frequencies) insFreq.run(f.feed, q.trip, q.start, q.end, q.headway, q.exact ? 1 : 0);
    }),
    /** The stored index arrays of a feed, used in place (views when the blob is aligned), or undefined. */
    loadIndexArrays(feed: string): IndexArrays | undefined {
      const rows = selIndex.all(feed);
      if (rows.length !== INDEX_ARRAYS.length + 1) return undefined;
      const get = (name: string) => rows.find((r) => r.name === name)!.data;
      const i32 = (b: Buffer) => (b.byteOffset % 4 === 0 ? new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4) : new Int32Array(new Uint8Array(b).buffer));
      const u8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      const out: Record<string, unknown> = { maxTime: i32(get('maxTime'))[0] };
      for (const name of INDEX_ARRAYS) out[name] = name === 'rflags' || name === 'vApprox' ? u8(get(name)) : i32(get(name));
      return out as unknown as IndexArrays;
    },
    /** Every stop of a feed with its coordinates and parent station id (open data, station plan). */
    stopsWithCoords(feed: string): StopWithCoords[] {
      return selStopsGeo.all(feed);
    },
    removeFeed: db.transaction((feed: string) => {
      for (const d of del) d.run(feed);
    }),
    recordStatus(feed: string, at: number, ok: boolean, error: string | null) {
      upStatus.run(feed, at, ok ? 1 : 0, error);
    },
    statuses(): ImportStatus[] {
      return selStatus.all().map((r) => ({ ...r, ok: r.ok === 1 }));
    },
    feeds(): FeedMeta[] {
      return selFeeds.all().map((r) => ({ ...r, stats: JSON.parse(r.stats) as FeedStats }));
    },
    loadFeed(feed: string): FeedData | undefined {
      const m = selFeed.get(feed);
      if (!m) return undefined;
      const holder: StopTimesHolder = { load: () => undefined };
      return {
        feed,
        source: m.source,
        signature: m.signature ?? null,
        importedAt: m.imported_at,
        timezone: m.timezone,
        firstDay: m.first_day,
        lastDay: m.last_day,
        maxTime: m.max_time,
        strings: JSON.parse(m.strings) as string[],
        stats: JSON.parse(m.stats) as FeedStats,
        agencies: selAgencies.all(feed),
        stops: selStops.all(feed),
        routes: selRoutes.all(feed),
        services: selServices.all(feed).map((s) => ({ id: s.id, days: new Uint8Array(s.days) })),
        trips: (() => {
          // stop_times stay in the database: a trip's are read from its 64 KB part, and the last parts are kept, so the
          // index build (which walks trips in order) reads each part once and never holds the whole feed in memory
          const cache = new Map<number, Buffer>();
          const part = (p: number) => {
            let b = cache.get(p);
            if (!b) {
              b = selPart.get(feed, p);
              if (!b) return undefined;
              if (cache.size >= 4) cache.delete(cache.keys().next().value!);
              cache.set(p, b);
            }
            return b;
          };
          holder.load = (start, end) => {
            const p0 = Math.floor(start / PART);
            if (Math.floor((end - 1) / PART) === p0) {
              // within one part: a view on the cached blob, no allocation outside the JS heap (no malloc churn)
              const b = part(p0);
              if (!b) return undefined;
              const off = b.byteOffset + (start - p0 * PART) * 4;
              if (off % 4 === 0) return new Int32Array(b.buffer, off, end - start);
            }
            const out = new Int32Array(end - start);
            const ob = new Uint8Array(out.buffer);
            for (let p = Math.floor(start / PART); p * PART < end; p++) {
              const b = part(p);
              if (!b) return undefined;
              const from = Math.max(start, p * PART), to = Math.min(end, p * PART + b.byteLength / 4);
              ob.set(b.subarray((from - p * PART) * 4, (to - p * PART) * 4), (from - start) * 4);
            }
            return out;
          };
          const out: StoredTrip[] = [];
          for (const r of selTrips.iterate(feed)) out.push(new StoredTrip(r, holder));
          return out;
        })(),
        frequencies: selFreqs.all(feed).map((q) => ({ ...q, exact: q.exact === 1 })),
      };
    },
  };
}

export type DeparturesStore = ReturnType<typeof createDeparturesStore>;
