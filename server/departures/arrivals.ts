// The arrivals index of a feed: the same stop-sorted typed arrays as the departure index, keyed by arrival time,
// with every row a passenger can alight at (the last stop counts, the first stop and drop_off_type=1 do not).
import { F_NO_DROPOFF, ST_FIELDS } from './feed-data.ts';
import { R_APPROX, type FeedIndex } from './station-index.ts';

const cache = new WeakMap<FeedIndex, FeedIndex>();

/** Built on first use from the feed already in memory and kept as long as its departure index lives. */
export function arrivalIndex(ix: FeedIndex): FeedIndex {
  const have = cache.get(ix);
  if (have) return have;
  const { trips, stops } = ix.data;
  const { vTrip, vOffset, vApprox } = ix;
  const nv = vTrip.length, nStops = stops.length;
  const stopStart = new Int32Array(nStops + 1);
  let n = 0;
  for (let v = 0; v < nv; v++) {
    const st = trips[vTrip[v]].stopTimes;
    const m = st.length / ST_FIELDS;
    for (let k = 1; k < m; k++) {
      if (st[k * ST_FIELDS + 4] & F_NO_DROPOFF) continue;
      stopStart[st[k * ST_FIELDS + 1] + 1]++;
      n++;
    }
  }
  for (let s = 0; s < nStops; s++) stopStart[s + 1] += stopStart[s];
  const dep = new Int32Array(n), vtrip = new Int32Array(n), rowSeq = new Int32Array(n), rowHs = new Int32Array(n), rflags = new Uint8Array(n);
  const fillAt = stopStart.slice(0, nStops);
  let maxTime = 0;
  for (let v = 0; v < nv; v++) {
    const st = trips[vTrip[v]].stopTimes;
    const m = st.length / ST_FIELDS;
    for (let k = 1; k < m; k++) {
      const o = k * ST_FIELDS;
      if (st[o + 4] & F_NO_DROPOFF) continue;
      const at = fillAt[st[o + 1]]++;
      dep[at] = st[o + 2] + vOffset[v]; vtrip[at] = v; rowSeq[at] = st[o]; rowHs[at] = st[o + 5];
      rflags[at] = vApprox[v] ? R_APPROX : 0;
      if (dep[at] > maxTime) maxTime = dep[at];
    }
  }
  for (let s = 0; s < nStops; s++) {
    const a = stopStart[s], len = stopStart[s + 1] - a;
    if (len < 2) continue;
    const order = Array.from({ length: len }, (_, i) => a + i).sort((x, y) => dep[x] - dep[y] || x - y);
    const d2 = order.map((i) => dep[i]), v2 = order.map((i) => vtrip[i]), q2 = order.map((i) => rowSeq[i]), h2 = order.map((i) => rowHs[i]), f2 = order.map((i) => rflags[i]);
    dep.set(d2, a); vtrip.set(v2, a); rowSeq.set(q2, a); rowHs.set(h2, a); rflags.set(f2, a);
  }
  const out: FeedIndex = { ...ix, stopStart, dep, vtrip, rowSeq, rowHs, rflags, rows: n, maxTime: Math.max(maxTime, ix.maxTime) };
  cache.set(ix, out);
  return out;
}
