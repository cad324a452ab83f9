// frequencies.txt: the template trip's times become offsets from its first departure; a window may not explode.
import type { FeedSource } from '../feed-source.ts';
import { ST_FIELDS, type FeedFrequency, type FeedTrip } from '../feed-data.ts';
import { parseGtfsTime } from '../time.ts';
import { eachRow, FeedError, int, need, val } from './rows.ts';

/** Reads frequencies.txt; returns them with the latest time any of them reaches (or `maxTime` when later). */
export async function readFrequencies(src: FeedSource, trips: FeedTrip[], tripIdx: Map<string, number>, maxTime: number): Promise<{ frequencies: FeedFrequency[]; maxTime: number }> {
  const frequencies: FeedFrequency[] = [];
  if (src.has('frequencies.txt')) {
    await eachRow(src, 'frequencies.txt', ['trip_id', 'start_time', 'end_time', 'headway_secs'], (r) => {
      const t = tripIdx.get(need(r, 'frequencies.txt', 'trip_id'));
      if (t === undefined) throw new FeedError(`trip_id "${val(r, 'trip_id')}" is not in trips.txt`, 'frequencies.txt', r.line);
      const s = parseGtfsTime(val(r, 'start_time')), e = parseGtfsTime(val(r, 'end_time'));
      const h = int(r, 'frequencies.txt', 'headway_secs', 0);
      if (!(s >= 0) || !(e >= 0)) throw new FeedError('start_time or end_time is not HH:MM:SS', 'frequencies.txt', r.line);
      if (h <= 0) throw new FeedError('headway_secs must be positive', 'frequencies.txt', r.line);
      if ((e - s) / h > 2000) throw new FeedError(`headway_secs ${h} would make ${Math.ceil((e - s) / h)} trips in one window`, 'frequencies.txt', r.line);
      frequencies.push({ trip: t, start: s, end: e, headway: h, exact: int(r, 'frequencies.txt', 'exact_times', 0) === 1 });
      const st = trips[t].stopTimes;
      if (st.length) maxTime = Math.max(maxTime, e + st[st.length - ST_FIELDS + 3] - st[3]);
    });
  }
  return { frequencies, maxTime };
}
