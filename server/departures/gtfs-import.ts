// Streams a GTFS feed into FeedData: validates references, builds service-day sets, sorts and interpolates stop_times.
// Errors name the file, the line and the reason (FeedError); nothing is written until the whole feed parsed.
// One reader per GTFS file in gtfs/; this file runs them in dependency order.
import type { FeedSource } from './feed-source.ts';
import type { FeedData } from './feed-data.ts';
import { isoDate } from './time.ts';
import { FeedError } from './gtfs/rows.ts';
import { readAgencies } from './gtfs/agency.ts';
import { readStops } from './gtfs/stops.ts';
import { readRoutes } from './gtfs/routes.ts';
import { readCalendars } from './gtfs/calendar.ts';
import { readTrips } from './gtfs/trips.ts';
import { packStopTimes, readStopTimes } from './gtfs/stop-times.ts';
import { readFrequencies } from './gtfs/frequencies.ts';

export { FeedError };

export interface ParseOptions { feed: string; source: string; signature?: string | null; now?: number }

export async function parseFeed(src: FeedSource, opts: ParseOptions): Promise<FeedData> {
  const warnings: string[] = [];
  const warn = (w: string) => { if (warnings.length < 50) warnings.push(w); };
  for (const f of ['agency.txt', 'stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt']) if (!src.has(f)) throw new FeedError('required file is missing from the feed', f);
  if (!src.has('calendar.txt') && !src.has('calendar_dates.txt')) throw new FeedError('the feed has neither calendar.txt nor calendar_dates.txt', 'calendar.txt');

  const { agencies, timezone } = await readAgencies(src, warn);
  const { stops, stopIdx } = await readStops(src, warn);
  const { routes, routeIdx } = await readRoutes(src);
  const cal = await readCalendars(src, warn);
  const { services, first, last, nDays } = cal;
  const { trips, tripIdx } = await readTrips(src, warn, routeIdx, cal);
  const stopTimeCols = await readStopTimes(src, tripIdx, stopIdx);
  const packed = packStopTimes(trips, stopTimeCols, warn);
  const { interpolated, stopTimes } = packed;
  const { frequencies, maxTime } = await readFrequencies(src, trips, tripIdx, packed.maxTime);
  const { strings } = stopTimeCols;

  return {
    feed: opts.feed,
    source: opts.source,
    signature: opts.signature ?? null,
    importedAt: opts.now ?? Date.now(),
    timezone,
    firstDay: first,
    lastDay: last,
    maxTime,
    strings,
    agencies,
    stops,
    routes,
    services,
    trips,
    frequencies,
    stats: {
      agencies: agencies.length, stops: stops.length, routes: routes.length, trips: trips.length, stopTimes,
      services: services.length, frequencies: frequencies.length,
      firstDate: nDays ? isoDate(first) : '', lastDate: nDays ? isoDate(last) : '', interpolated, warnings,
    },
  };
}

