// stop_times.txt: streamed into Int32 columns (may come in any order), then grouped by trip, ordered by
// stop_sequence, empty times at non-timepoints interpolated (by distance when known) and packed per trip.
import type { FeedSource } from '../feed-source.ts';
import { F_INTERPOLATED, F_NO_DROPOFF, F_NO_PICKUP, ST_FIELDS, type FeedTrip } from '../feed-data.ts';
import { parseGtfsTime } from '../time.ts';
import { Columns, eachRow, FeedError, int, need, val } from './rows.ts';

type Warn = (w: string) => void;

export interface StopTimeColumns { cols: Columns; strings: string[]; hasDist: boolean }

export async function readStopTimes(src: FeedSource, tripIdx: Map<string, number>, stopIdx: Map<string, number>): Promise<StopTimeColumns> {
  const strings: string[] = [];
  const stringIdx = new Map<string, number>();
  const cols = new Columns(8); // trip, seq, stop, arr, dep, flags, headsign, dist*1000
  let hasDist = false;
  await eachRow(src, 'stop_times.txt', ['trip_id', 'stop_id', 'stop_sequence'], (r) => {
    const t = tripIdx.get(need(r, 'stop_times.txt', 'trip_id'));
    if (t === undefined) throw new FeedError(`trip_id "${val(r, 'trip_id')}" is not in trips.txt`, 'stop_times.txt', r.line);
    const s = stopIdx.get(need(r, 'stop_times.txt', 'stop_id'));
    if (s === undefined) throw new FeedError(`stop_id "${val(r, 'stop_id')}" is not in stops.txt`, 'stop_times.txt', r.line);
    const seq = int(r, 'stop_times.txt', 'stop_sequence', -1);
    const arr = parseGtfsTime(val(r, 'arrival_time'));
    const dep = parseGtfsTime(val(r, 'departure_time'));
    if (Number.isNaN(arr)) throw new FeedError(`arrival_time "${val(r, 'arrival_time')}" is not HH:MM:SS`, 'stop_times.txt', r.line);
    if (Number.isNaN(dep)) throw new FeedError(`departure_time "${val(r, 'departure_time')}" is not HH:MM:SS`, 'stop_times.txt', r.line);
    let flags = 0;
    if (int(r, 'stop_times.txt', 'pickup_type', 0) === 1) flags |= F_NO_PICKUP;
    if (int(r, 'stop_times.txt', 'drop_off_type', 0) === 1) flags |= F_NO_DROPOFF;
    const hs = (val(r, 'stop_headsign') ?? '').trim();
    let h = -1;
    if (hs) {
      h = stringIdx.get(hs) ?? -1;
      if (h < 0) { h = strings.length; strings.push(hs); stringIdx.set(hs, h); }
    }
    const distRaw = (val(r, 'shape_dist_traveled') ?? '').trim();
    const dist = distRaw === '' ? -1 : Math.round(Number(distRaw) * 1000);
    if (dist >= 0) hasDist = true;
    const k = cols.next();
    const cc = cols.cols;
    cc[0][k] = t; cc[1][k] = seq; cc[2][k] = s; cc[3][k] = arr; cc[4][k] = dep; cc[5][k] = flags; cc[6][k] = h; cc[7][k] = Number.isFinite(dist) ? dist : -1;
  });
  if (cols.n === 0) throw new FeedError('the feed has no stop times', 'stop_times.txt');
  return { cols, strings, hasDist };
}

/** Packs each trip's stop times (sorted, interpolated) into trips[t].stopTimes. */
export function packStopTimes(trips: FeedTrip[], { cols, hasDist }: StopTimeColumns, warn: Warn): { maxTime: number; interpolated: number; stopTimes: number } {
  const [cT, cSeq, cStop, cArr, cDep, cFlags, cHs, cDist] = cols.cols;
  const n = cols.n;
  const start = new Int32Array(trips.length + 1);
  for (let i = 0; i < n; i++) start[cT[i] + 1]++;
  for (let i = 0; i < trips.length; i++) start[i + 1] += start[i];
  const fill = start.slice(0, trips.length);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[cT[i]]++] = i;
  let maxTime = 0, interpolated = 0, stopTimes = 0;
  for (let t = 0; t < trips.length; t++) {
    const a = start[t], b = start[t + 1];
    const m = b - a;
    if (m === 0) { warn(`trip ${trips[t].id} has no stop times`); continue; }
    const rows = Array.from(order.subarray(a, b)).sort((x, y) => cSeq[x] - cSeq[y]);
    const st = new Int32Array(m * ST_FIELDS);
    const arr = new Float64Array(m), dep = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const i = rows[k];
      if (k > 0 && cSeq[i] === cSeq[rows[k - 1]]) throw new FeedError(`trip ${trips[t].id} has stop_sequence ${cSeq[i]} twice`, 'stop_times.txt');
      arr[k] = cArr[i] >= 0 ? cArr[i] : cDep[i];
      dep[k] = cDep[i] >= 0 ? cDep[i] : cArr[i];
    }
    if (dep[0] < 0 || arr[m - 1] < 0) throw new FeedError(`trip ${trips[t].id}: the first and last stop need times`, 'stop_times.txt');
    // interpolate empty times at non-timepoints between the surrounding timed stops (by distance when known)
    for (let k = 1; k < m - 1; k++) {
      if (dep[k] >= 0) continue;
      let j = k + 1;
      while (arr[j] < 0) j++;
      const p = k - 1;
      const useDist = hasDist && cDist[rows[p]] >= 0 && cDist[rows[j]] > cDist[rows[p]];
      for (let q = k; q < j; q++) {
        const frac = useDist && cDist[rows[q]] >= 0 ? (cDist[rows[q]] - cDist[rows[p]]) / (cDist[rows[j]] - cDist[rows[p]]) : (q - p) / (j - p);
        arr[q] = dep[q] = Math.round(dep[p] + (arr[j] - dep[p]) * frac);
        cFlags[rows[q]] |= F_INTERPOLATED;
        interpolated++;
      }
      k = j - 1;
    }
    for (let k = 0; k < m; k++) {
      const i = rows[k], o = k * ST_FIELDS;
      st[o] = cSeq[i]; st[o + 1] = cStop[i]; st[o + 2] = arr[k]; st[o + 3] = dep[k]; st[o + 4] = cFlags[i]; st[o + 5] = cHs[i];
      if (dep[k] > maxTime) maxTime = dep[k];
    }
    trips[t].stopTimes = st;
    stopTimes += m;
  }
  return { maxTime, interpolated, stopTimes };
}
