// stops.txt: stops, platforms and stations (a coordinate that is missing or out of range is kept as null: it only
// feeds the open data and the plan); parents resolved after the file, wheelchair_boarding inherited from the station.
import type { FeedSource } from '../feed-source.ts';
import type { FeedStop } from '../feed-data.ts';
import { eachRow, FeedError, int, need, val } from './rows.ts';

type Warn = (w: string) => void;

export async function readStops(src: FeedSource, warn: Warn): Promise<{ stops: FeedStop[]; stopIdx: Map<string, number> }> {
  const coord = (v: string | undefined, max: number) => {
    const n = v === undefined || v.trim() === '' ? NaN : Number(v);
    return Number.isFinite(n) && Math.abs(n) <= max ? n : null;
  };
  const stops: FeedStop[] = [];
  const stopIdx = new Map<string, number>();
  const parentRef: { i: number; id: string; line: number }[] = [];
  await eachRow(src, 'stops.txt', ['stop_id'], (r) => {
    const id = need(r, 'stops.txt', 'stop_id');
    if (stopIdx.has(id)) throw new FeedError(`stop_id "${id}" appears twice`, 'stops.txt', r.line);
    stopIdx.set(id, stops.length);
    const parent = (val(r, 'parent_station') ?? '').trim();
    if (parent) parentRef.push({ i: stops.length, id: parent, line: r.line });
    stops.push({
      id,
      name: (val(r, 'stop_name') ?? '').trim() || id,
      locationType: int(r, 'stops.txt', 'location_type', 0),
      parent: -1,
      platform: (val(r, 'platform_code') ?? '').trim() || null,
      wheelchair: int(r, 'stops.txt', 'wheelchair_boarding', 0),
      lat: coord(val(r, 'stop_lat'), 90),
      lon: coord(val(r, 'stop_lon'), 180),
    });
  });
  for (const p of parentRef) {
    const j = stopIdx.get(p.id);
    if (j === undefined) warn(`stops.txt line ${p.line}: parent_station "${p.id}" is not in stops.txt; ignored`);
    else stops[p.i].parent = j;
  }
  // a platform without its own wheelchair_boarding inherits the station's (GTFS reference, wheelchair_boarding)
  for (const s of stops) if (s.wheelchair === 0 && s.parent >= 0) s.wheelchair = stops[s.parent].wheelchair;
  return { stops, stopIdx };
}
