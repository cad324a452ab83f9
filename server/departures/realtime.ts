// GTFS-Realtime TripUpdates and ServiceAlerts (gtfs-realtime-bindings) turned into an overlay looked up at query time:
// per trip_id + start_date, the delay at each stop_sequence, propagated the way the spec says (G8, G11–G13).
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { ST_FIELDS } from './feed-data.ts';
import type { FeedIndex } from './station-index.ts';
import { formatGtfsDate, localDay, parseGtfsDate, serviceDayBase } from './time.ts';

const rt = GtfsRealtimeBindings.transit_realtime;
type FeedMessage = GtfsRealtimeBindings.transit_realtime.FeedMessage;

export interface TripRt {
  cancelled: boolean;
  /** stop_sequences with an update, ascending; delays[i] applies from seqs[i] until the next update */
  seqs: Int32Array;
  /** seconds; NaN = NO_DATA (no prediction from this stop on) */
  delays: Float64Array;
  skipped: Uint8Array;
}

export interface AddedStop { stop: number; time: number; tripId: string; route: number; headsign: string; startDate: string }

export interface RtAlert {
  id: string;
  header: Record<string, string>;
  description: Record<string, string>;
  periods: { start: number; end: number }[];
  entities: { agency?: string; route?: string; routeType?: number; trip?: string; stop?: string }[];
  effect: string;
  cause: string;
}

export interface Overlay {
  /** header timestamp, ms (the time the producer made the data) */
  timestamp: number;
  trips: Map<string, TripRt>;
  added: AddedStop[];
  alerts: RtAlert[];
  counts: { tripUpdates: number; cancelled: number; added: number; alerts: number; unmatched: number };
}

export function emptyOverlay(): Overlay {
  return { timestamp: 0, trips: new Map(), added: [], alerts: [], counts: { tripUpdates: 0, cancelled: 0, added: 0, alerts: 0, unmatched: 0 } };
}

/** Decodes a FeedMessage; throws with a readable reason on anything that is not GTFS-RT (an HTML error page, say). */
export function decodeFeedMessage(buf: Uint8Array): FeedMessage {
  if (buf.length === 0) throw new Error('empty GTFS-Realtime file');
  const head = Buffer.from(buf.subarray(0, 64)).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<') || head.startsWith('{')) throw new Error(`not a GTFS-Realtime protobuf (starts with "${head.slice(0, 20)}")`);
  let msg: FeedMessage;
  try {
    msg = rt.FeedMessage.decode(buf);
  } catch (err) {
    throw new Error(`not a GTFS-Realtime protobuf: ${(err as Error).message}`, { cause: err });
  }
  if (!msg.header || !msg.header.gtfsRealtimeVersion) throw new Error('GTFS-Realtime header without gtfs_realtime_version');
  return msg;
}

/** protobufjs puts proto2 defaults on the prototype: a field is present only if it is an own property. */
function has(o: object | null | undefined, k: string): boolean {
  return !!o && Object.prototype.hasOwnProperty.call(o, k) && (o as Record<string, unknown>)[k] !== null;
}

function num(v: unknown): number | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return v;
  const n = Number((v as { toString(): string }).toString());
  return Number.isFinite(n) ? n : undefined;
}

function translations(t: GtfsRealtimeBindings.transit_realtime.ITranslatedString | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tr of t?.translation ?? []) if (tr.text) out[(tr.language || '').toLowerCase().split('-')[0] || '_'] = tr.text;
  return out;
}

const TRIP_ADDED = new Set([1, 8]); // ADDED (deprecated) and NEW
const TRIP_CANCELED = new Set([3, 7]); // CANCELED and DELETED

/**
 * Builds the overlay for one static feed. A time-only update becomes delay = time − schedule; the delay carries to
 * later stops until the next update; SKIPPED keeps carrying it, NO_DATA stops it. Missing start_date means the
 * service day whose run of this trip is closest to the feed's timestamp.
 */
export function buildOverlay(msg: FeedMessage, ix: FeedIndex | undefined, fetchedAt: number): Overlay {
  const o = emptyOverlay();
  o.timestamp = (num(msg.header.timestamp) ?? 0) * 1000 || fetchedAt;
  for (const e of msg.entity) {
    if (e.isDeleted) continue;
    if (e.alert) {
      const a = e.alert;
      o.alerts.push({
        id: e.id,
        header: translations(a.headerText),
        description: translations(a.descriptionText),
        periods: (a.activePeriod ?? []).map((p) => ({ start: (num(p.start) ?? 0) * 1000, end: (num(p.end) ?? 0) * 1000 || Infinity })),
        entities: (a.informedEntity ?? []).map((ie) => ({
          agency: ie.agencyId || undefined,
          route: ie.routeId || ie.trip?.routeId || undefined,
          routeType: has(ie, 'routeType') ? ie.routeType! : undefined,
          trip: ie.trip?.tripId || undefined,
          stop: ie.stopId || undefined,
        })),
        effect: a.effect !== null && a.effect !== undefined ? String(rt.Alert.Effect[a.effect] ?? a.effect) : 'UNKNOWN_EFFECT',
        cause: a.cause !== null && a.cause !== undefined ? String(rt.Alert.Cause[a.cause] ?? a.cause) : 'UNKNOWN_CAUSE',
      });
      o.counts.alerts++;
      continue;
    }
    const tu = e.tripUpdate;
    if (!tu || !tu.trip) continue;
    o.counts.tripUpdates++;
    const tripId = tu.trip.tripId ?? '';
    const rel = has(tu.trip, 'scheduleRelationship') ? Number(tu.trip.scheduleRelationship) : 0;
    const t = ix?.tripIdx.get(tripId);
    let startDate = tu.trip.startDate ?? '';
    if (TRIP_ADDED.has(rel) || (t === undefined && tripId && (tu.stopTimeUpdate?.length ?? 0) > 0 && !TRIP_CANCELED.has(rel))) {
      if (!ix) continue;
      const route = tu.trip.routeId ? ix.data.routes.findIndex((r) => r.id === tu.trip!.routeId) : -1;
      const props = tu.tripProperties as { tripHeadsign?: string } | null | undefined;
      for (const u of tu.stopTimeUpdate ?? []) {
        const s = u.stopId ? ix.stopIdx.get(u.stopId) : undefined;
        const time = has(u.departure, 'time') ? num(u.departure!.time) : has(u.arrival, 'time') ? num(u.arrival!.time) : undefined;
        if (s === undefined || time === undefined || u.scheduleRelationship === 1) continue;
        o.added.push({ stop: s, time: time * 1000, tripId, route, headsign: props?.tripHeadsign ?? '', startDate });
      }
      o.counts.added++;
      continue;
    }
    if (t === undefined) { o.counts.unmatched++; continue; }
    const st = ix!.stopTimesOf(t);
    if (!st || st.length === 0) { o.counts.unmatched++; continue; }
    if (!startDate) {
      // the service day whose run of this trip is nearest the feed time
      const near = localDay(ix!.tz, o.timestamp);
      let best = near, bestGap = Infinity;
      for (let d = near - 2; d <= near + 1; d++) {
        const gap = Math.abs(serviceDayBase(ix!.tz, d) + st[3] * 1000 - o.timestamp);
        if (gap < bestGap) { bestGap = gap; best = d; }
      }
      startDate = formatGtfsDate(best);
    }
    const key = `${tripId}|${startDate}`;
    if (TRIP_CANCELED.has(rel)) {
      o.trips.set(key, { cancelled: true, seqs: new Int32Array(0), delays: new Float64Array(0), skipped: new Uint8Array(0) });
      o.counts.cancelled++;
      continue;
    }
    const day = parseGtfsDate(startDate);
    const base = Number.isNaN(day) ? NaN : serviceDayBase(ix!.tz, day);
    const m = st.length / ST_FIELDS;
    const seqOfStop = (stopId: string): number | undefined => {
      const s = ix!.stopIdx.get(stopId);
      for (let k = 0; k < m; k++) if (st[k * ST_FIELDS + 1] === s) return st[k * ST_FIELDS];
      return undefined;
    };
    const sched = (seq: number, which: 2 | 3): number | undefined => {
      for (let k = 0; k < m; k++) if (st[k * ST_FIELDS] === seq) return base + st[k * ST_FIELDS + which] * 1000;
      return undefined;
    };
    const ups: { seq: number; delay: number; skipped: boolean }[] = [];
    let carried = NaN;
    const sorted = (tu.stopTimeUpdate ?? [])
      .map((u) => ({ u, seq: has(u, 'stopSequence') ? u.stopSequence! : u.stopId ? seqOfStop(u.stopId) : undefined }))
      .filter((x): x is { u: (typeof x)['u']; seq: number } => x.seq !== undefined && x.seq !== null)
      .sort((a, b) => a.seq - b.seq);
    for (const { u, seq } of sorted) {
      const srel = u.scheduleRelationship ?? 0;
      if (srel === 2) { ups.push({ seq, delay: NaN, skipped: false }); carried = NaN; continue; } // NO_DATA
      if (srel === 1) { ups.push({ seq, delay: carried, skipped: true }); continue; } // SKIPPED: propagation continues
      const dep = u.departure, arr = u.arrival;
      let d: number | undefined;
      if (has(dep, 'delay')) d = num(dep!.delay);
      else if (has(dep, 'time')) { const s = sched(seq, 3); if (s !== undefined) d = Math.round((num(dep!.time)! * 1000 - s) / 1000); }
      else if (has(arr, 'delay')) d = num(arr!.delay);
      else if (has(arr, 'time')) { const s = sched(seq, 2); if (s !== undefined) d = Math.round((num(arr!.time)! * 1000 - s) / 1000); }
      if (d === undefined) continue;
      carried = d;
      ups.push({ seq, delay: d, skipped: false });
    }
    if (ups.length === 0 && !has(tu, 'delay')) continue;
    if (ups.length === 0) ups.push({ seq: -Infinity as unknown as number, delay: num(tu.delay)!, skipped: false });
    o.trips.set(key, {
      cancelled: false,
      seqs: Int32Array.from(ups.map((x) => (Number.isFinite(x.seq) ? x.seq : -2147483648))),
      delays: Float64Array.from(ups.map((x) => x.delay)),
      skipped: Uint8Array.from(ups.map((x) => (x.skipped ? 1 : 0))),
    });
  }
  return o;
}

/** The realtime state of one stop of one trip: delay in s (null = no prediction), skipped, cancelled. */
export function lookupTrip(tr: TripRt, seq: number): { delay: number | null; skipped: boolean } {
  let lo = 0, hi = tr.seqs.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (tr.seqs[mid] <= seq) lo = mid + 1; else hi = mid; }
  const j = lo - 1;
  if (j < 0) return { delay: null, skipped: false }; // before the first update: passed stops are not back-filled
  const d = tr.delays[j];
  return { delay: Number.isNaN(d) ? null : d, skipped: tr.seqs[j] === seq && tr.skipped[j] === 1 };
}

/** Merges the overlays of several sources of one feed (trip updates from one URL, alerts from another). */
export function mergeOverlays(list: Overlay[]): Overlay {
  if (list.length === 1) return list[0];
  const o = emptyOverlay();
  for (const x of list) {
    o.timestamp = Math.max(o.timestamp, x.timestamp);
    for (const [k, v] of x.trips) o.trips.set(k, v);
    o.added.push(...x.added);
    o.alerts.push(...x.alerts);
    for (const k of Object.keys(o.counts) as (keyof Overlay['counts'])[]) o.counts[k] += x.counts[k];
  }
  return o;
}
