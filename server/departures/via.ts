// "Via" stops of a board row: up to N important stops the trip passes after this stop (arrivals: before it), in
// trip order. Important = named in the location's list, else the stops with the most departures in the feed.
import { ST_FIELDS } from './feed-data.ts';
import type { FeedIndex } from './station-index.ts';

const weights = new WeakMap<FeedIndex, Map<string, number>>();

/** Departures per stop name across the feed (platforms of one station share a name), the default importance. */
function weightOf(ix: FeedIndex): Map<string, number> {
  let w = weights.get(ix);
  if (w) return w;
  w = new Map();
  const { stops } = ix.data;
  for (let s = 0; s < stops.length; s++) {
    const n = ix.stopStart[s + 1] - ix.stopStart[s];
    if (n) w.set(stops[s].name, (w.get(stops[s].name) ?? 0) + n);
  }
  weights.set(ix, w);
  return w;
}

/**
 * @param seq the stop_sequence of the board row
 * @param preferred the location's via stops by name; when given, only those are shown
 */
export function viaOf(ix: FeedIndex, trip: number, seq: number, kind: 'departures' | 'arrivals', n: number, preferred?: readonly string[]): string[] {
  if (n <= 0) return [];
  const st = ix.data.trips[trip].stopTimes;
  const m = st.length / ST_FIELDS;
  let k = 0;
  while (k < m && st[k * ST_FIELDS] !== seq) k++;
  if (k === m) return [];
  const names = ix.data.stops;
  const here = names[st[k * ST_FIELDS + 1]].name;
  const ends = new Set([here, names[st[1]].name, names[st[(m - 1) * ST_FIELDS + 1]].name]);
  const [from, to] = kind === 'departures' ? [k + 1, m - 1] : [1, k];
  const cands: { name: string; pos: number }[] = [];
  const seen = new Set<string>();
  for (let j = from; j < to; j++) {
    const name = names[st[j * ST_FIELDS + 1]].name;
    if (ends.has(name) || seen.has(name)) continue;
    seen.add(name);
    cands.push({ name, pos: j });
  }
  let chosen: typeof cands;
  if (preferred?.length) {
    const want = new Set(preferred);
    chosen = cands.filter((c) => want.has(c.name)).slice(0, n);
  } else {
    const w = weightOf(ix);
    chosen = [...cands].sort((a, b) => (w.get(b.name) ?? 0) - (w.get(a.name) ?? 0) || a.pos - b.pos).slice(0, n);
  }
  return chosen.sort((a, b) => a.pos - b.pos).map((c) => c.name);
}
