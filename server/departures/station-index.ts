// The in-memory departure index of one feed: per stop, every departure sorted by time in typed arrays (struct of
// arrays, compressed-sparse-row by stop), frequencies expanded, terminating and no-pickup rows left out (G15).
import { F_NO_PICKUP, ST_FIELDS, type FeedData } from './feed-data.ts';
import type { Mode } from './types.ts';

export const R_APPROX = 1; // from frequencies.txt with exact_times=0: "every N min", no realtime delay applies
export const R_FIRST = 2; // the trip starts here

export interface FeedIndex {
  feed: string;
  tz: string;
  firstDay: number;
  lastDay: number;
  maxTime: number;
  data: FeedData;
  stopIdx: Map<string, number>;
  tripIdx: Map<string, number>;
  /** platforms (location_type 0) of each station (location_type 1) */
  children: Map<number, number[]>;
  /** CSR by stop: rows of stop s are stopStart[s] .. stopStart[s+1]-1, sorted by dep */
  stopStart: Int32Array;
  dep: Int32Array;
  vtrip: Int32Array;
  /** stop_sequence of the row (realtime updates name it) */
  rowSeq: Int32Array;
  /** stop_headsign string index of the row, or -1 */
  rowHs: Int32Array;
  rflags: Uint8Array;
  /** virtual trips: a plain trip, or one start of a frequency-based trip */
  vTrip: Int32Array;
  vOffset: Int32Array;
  vApprox: Uint8Array;
  tripService: Int32Array;
  tripFirstDep: Int32Array;
  tripLastStop: Int32Array;
  routeMode: Mode[];
  routeLine: string[];
  rows: number;
  /** a trip's stop_times (ST_FIELDS per stop; views into one feed-wide array), for the realtime overlay */
  stopTimesOf(trip: number): Int32Array | undefined;
}

/** GTFS route_type (basic and extended Hierarchical Vehicle Types) → mode. */
export function modeOf(type: number): Mode {
  if (type === 0 || (type >= 900 && type < 1000)) return 'tram';
  if (type === 1 || type === 12 || (type >= 400 && type < 500)) return 'metro';
  if (type === 2 || (type >= 100 && type < 200)) return 'train';
  if (type === 3 || (type >= 200 && type < 300) || (type >= 700 && type < 800)) return 'bus';
  if (type === 11 || type === 800) return 'trolleybus';
  if (type === 4 || type === 1000 || type === 1200) return 'ferry';
  if (type === 5 || type === 6 || type === 7 || type === 1300 || type === 1400) return 'cablecar';
  return 'other';
}

/** The typed arrays of an index: computed at import and stored with the feed, so a site start only loads them. */
export interface IndexArrays {
  maxTime: number;
  stopStart: Int32Array; dep: Int32Array; vtrip: Int32Array; rowSeq: Int32Array; rowHs: Int32Array; rflags: Uint8Array;
  vTrip: Int32Array; vOffset: Int32Array; vApprox: Uint8Array; tripFirstDep: Int32Array; tripLastStop: Int32Array;
}
export const INDEX_ARRAYS = ['stopStart', 'dep', 'vtrip', 'rowSeq', 'rowHs', 'rflags', 'vTrip', 'vOffset', 'vApprox', 'tripFirstDep', 'tripLastStop'] as const;

export function buildIndex(data: FeedData, arrays?: IndexArrays): FeedIndex {
  return assembleIndex(data, arrays ?? computeIndexArrays(data));
}

export function computeIndexArrays(data: FeedData): IndexArrays {
  const { trips, stops } = data;
  const freqByTrip = new Map<number, FeedData['frequencies']>();
  for (const f of data.frequencies) {
    let l = freqByTrip.get(f.trip);
    if (!l) freqByTrip.set(f.trip, (l = []));
    l.push(f);
  }
  // virtual trips
  const vT: number[] = [], vO: number[] = [], vA: number[] = [];
  let maxTime = 0;
  trips.forEach((t, i) => {
    const st = t.stopTimes;
    if (st.length < 2 * ST_FIELDS) return;
    const fl = freqByTrip.get(i);
    if (!fl) { vT.push(i); vO.push(0); vA.push(0); maxTime = Math.max(maxTime, st[st.length - ST_FIELDS + 3]); return; }
    const first = st[3];
    for (const f of fl) {
      // GTFS reference frequencies.txt: trips start at start_time + k·headway while < end_time
      for (let s = f.start; s < f.end; s += f.headway) {
        vT.push(i); vO.push(s - first); vA.push(f.exact ? 0 : 1);
        maxTime = Math.max(maxTime, st[st.length - ST_FIELDS + 3] + s - first);
      }
    }
  });
  const nv = vT.length;
  const vTrip = Int32Array.from(vT), vOffset = Int32Array.from(vO), vApprox = Uint8Array.from(vA);

  // count departure rows per stop: not the last stop of the trip, not pickup_type=1
  const nStops = stops.length;
  const stopStart = new Int32Array(nStops + 1);
  let n = 0;
  for (let v = 0; v < nv; v++) {
    const st = trips[vTrip[v]].stopTimes;
    const m = st.length / ST_FIELDS;
    for (let k = 0; k < m - 1; k++) {
      if (st[k * ST_FIELDS + 4] & F_NO_PICKUP) continue;
      stopStart[st[k * ST_FIELDS + 1] + 1]++;
      n++;
    }
  }
  for (let s = 0; s < nStops; s++) stopStart[s + 1] += stopStart[s];
  // fill each stop's segment in trip order, then sort the segment by departure (a typed-array sort of packed keys)
  const dep = new Int32Array(n), vtrip = new Int32Array(n), rowSeq = new Int32Array(n), rowHs = new Int32Array(n), rflags = new Uint8Array(n);
  const fillAt = stopStart.slice(0, nStops);
  for (let v = 0; v < nv; v++) {
    const st = trips[vTrip[v]].stopTimes;
    const m = st.length / ST_FIELDS;
    for (let k = 0; k < m - 1; k++) {
      const o = k * ST_FIELDS;
      if (st[o + 4] & F_NO_PICKUP) continue;
      const at = fillAt[st[o + 1]]++;
      dep[at] = st[o + 3] + vOffset[v]; vtrip[at] = v; rowSeq[at] = st[o]; rowHs[at] = st[o + 5];
      rflags[at] = (vApprox[v] ? R_APPROX : 0) | (k === 0 ? R_FIRST : 0);
    }
  }
  const SHIFT = 2 ** 22;
  let maxLen = 0;
  for (let s = 0; s < nStops; s++) maxLen = Math.max(maxLen, stopStart[s + 1] - stopStart[s]);
  // one scratch set sized for the busiest stop, reused for every stop (no allocation churn)
  const keysAll = new Float64Array(maxLen), d2 = new Int32Array(maxLen), v2 = new Int32Array(maxLen), q2 = new Int32Array(maxLen), h2 = new Int32Array(maxLen), f2 = new Uint8Array(maxLen);
  for (let s = 0; s < nStops; s++) {
    const a = stopStart[s], len = stopStart[s + 1] - a;
    if (len < 2) continue;
    const keys = keysAll.subarray(0, len);
    for (let i = 0; i < len; i++) keys[i] = dep[a + i] * SHIFT + i;
    keys.sort();
    d2.set(dep.subarray(a, a + len)); v2.set(vtrip.subarray(a, a + len)); q2.set(rowSeq.subarray(a, a + len)); h2.set(rowHs.subarray(a, a + len)); f2.set(rflags.subarray(a, a + len));
    for (let i = 0; i < len; i++) {
      const j = keys[i] % SHIFT;
      dep[a + i] = d2[j]; vtrip[a + i] = v2[j]; rowSeq[a + i] = q2[j]; rowHs[a + i] = h2[j]; rflags[a + i] = f2[j];
    }
  }
  const tripFirstDep = Int32Array.from(trips.map((t) => (t.stopTimes.length ? t.stopTimes[3] : 0)));
  const tripLastStop = Int32Array.from(trips.map((t) => (t.stopTimes.length ? t.stopTimes[t.stopTimes.length - ST_FIELDS + 1] : -1)));
  return { maxTime, stopStart, dep, vtrip, rowSeq, rowHs, rflags, vTrip, vOffset, vApprox, tripFirstDep, tripLastStop };
}

function assembleIndex(data: FeedData, a: IndexArrays): FeedIndex {
  const { trips, stops } = data;
  const children = new Map<number, number[]>();
  stops.forEach((s, i) => {
    if (s.parent >= 0 && (s.locationType === 0 || s.locationType === 4) && stops[s.parent].locationType === 1) {
      let l = children.get(s.parent);
      if (!l) children.set(s.parent, (l = []));
      l.push(i);
    }
  });
  return {
    feed: data.feed,
    tz: data.timezone,
    firstDay: data.firstDay,
    lastDay: data.lastDay,
    maxTime: a.maxTime,
    data,
    stopIdx: new Map(stops.map((s, i) => [s.id, i])),
    tripIdx: new Map(trips.map((t, i) => [t.id, i])),
    children,
    stopStart: a.stopStart, dep: a.dep, vtrip: a.vtrip, rowSeq: a.rowSeq, rowHs: a.rowHs, rflags: a.rflags,
    vTrip: a.vTrip, vOffset: a.vOffset, vApprox: a.vApprox, tripFirstDep: a.tripFirstDep, tripLastStop: a.tripLastStop,
    stopTimesOf: (t) => trips[t].stopTimes,
    tripService: Int32Array.from(trips.map((t) => t.service)),
    routeMode: data.routes.map((rt) => modeOf(rt.type)),
    routeLine: data.routes.map((rt) => rt.shortName || rt.longName || rt.id),
    rows: a.dep.length,
  };
}

/** A station id resolves to its platforms; a platform or plain stop to itself; entrances and nodes to nothing (G5). */
export function resolveStops(ix: FeedIndex, ids: string[]): { stops: number[]; unknown: string[] } {
  const out = new Set<number>();
  const unknown: string[] = [];
  for (const id of ids) {
    const s = ix.stopIdx.get(id);
    if (s === undefined) { unknown.push(id); continue; }
    const lt = ix.data.stops[s].locationType;
    if (lt === 1) {
      out.add(s); // some feeds put stop_times on the station itself
      for (const c of ix.children.get(s) ?? []) out.add(c);
    }
    else if (lt === 0) out.add(s);
  }
  return { stops: [...out], unknown };
}

export function lowerBound(a: Int32Array, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
