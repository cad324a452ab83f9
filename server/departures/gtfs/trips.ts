// trips.txt: each trip's route and service (a service in neither calendar file gets an empty day set: it never runs).
import type { FeedSource } from '../feed-source.ts';
import type { FeedTrip } from '../feed-data.ts';
import type { Calendars } from './calendar.ts';
import { eachRow, FeedError, int, need, val } from './rows.ts';

type Warn = (w: string) => void;

export async function readTrips(src: FeedSource, warn: Warn, routeIdx: Map<string, number>, cal: Calendars): Promise<{ trips: FeedTrip[]; tripIdx: Map<string, number> }> {
  const trips: FeedTrip[] = [];
  const tripIdx = new Map<string, number>();
  await eachRow(src, 'trips.txt', ['route_id', 'service_id', 'trip_id'], (r) => {
    const id = need(r, 'trips.txt', 'trip_id');
    if (tripIdx.has(id)) throw new FeedError(`trip_id "${id}" appears twice`, 'trips.txt', r.line);
    const route = routeIdx.get(need(r, 'trips.txt', 'route_id'));
    if (route === undefined) throw new FeedError(`route_id "${val(r, 'route_id')}" is not in routes.txt`, 'trips.txt', r.line);
    const sid = need(r, 'trips.txt', 'service_id');
    let service = cal.serviceIdx.get(sid);
    if (service === undefined) {
      warn(`trips.txt line ${r.line}: service_id "${sid}" is in neither calendar file; the trip never runs`);
      cal.serviceIdx.set(sid, (service = cal.services.length));
      cal.services.push({ id: sid, days: new Uint8Array(cal.nDays) });
    }
    const dir = (val(r, 'direction_id') ?? '').trim();
    tripIdx.set(id, trips.length);
    trips.push({
      id, route, service,
      headsign: (val(r, 'trip_headsign') ?? '').trim(),
      shortName: (val(r, 'trip_short_name') ?? '').trim(),
      direction: dir === '' ? null : Number(dir),
      wheelchair: int(r, 'trips.txt', 'wheelchair_accessible', 0),
      block: (val(r, 'block_id') ?? '').trim() || null,
      stopTimes: new Int32Array(0),
    });
  });
  return { trips, tripIdx };
}
