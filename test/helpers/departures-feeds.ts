// Small GTFS feeds made for the departures rule tests, and a direct board query over them (no HTTP, fixed clock).
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { computeBoard } from '../../server/departures/board.ts';
import { memorySource } from '../../server/departures/feed-source.ts';
import { parseFeed } from '../../server/departures/gtfs-import.ts';
import { buildOverlay, decodeFeedMessage, type Overlay } from '../../server/departures/realtime.ts';
import { buildIndex, type FeedIndex } from '../../server/departures/station-index.ts';
import type { Board, BoardQuery } from '../../server/departures/types.ts';
import { createI18n } from '../../server/platform/i18n.ts';

const i18n = createI18n();

export interface FeedSpec {
  tz?: string;
  calendar?: string[];
  calendarDates?: string[];
  trips: string[];
  stopTimes: string[];
  frequencies?: string[];
  extraStops?: string[];
}

/** Station ST with platforms P1, P2 (and an entrance E), plain stops X, Y, Z; tram routes 2, 3, 11 and bus 540. */
export function feedFiles(spec: FeedSpec): Record<string, string> {
  const files: Record<string, string> = {
    'agency.txt': `agency_id,agency_name,agency_url,agency_timezone\nA,"Dopravní podnik, test",https://example.cz,${spec.tz ?? 'Europe/Prague'}\n`,
    'stops.txt': [
      'stop_id,stop_name,location_type,parent_station,platform_code,wheelchair_boarding',
      'ST,Station,1,,,1',
      'P1,Station,0,ST,1,',
      'P2,Station,0,ST,2,',
      'E,Station entrance,2,ST,,',
      'X,Stop X,0,,,0',
      'Y,Stop Y,0,,,0',
      'Z,Stop Z,0,,,0',
      ...(spec.extraStops ?? []),
    ].join('\n') + '\n',
    'routes.txt': 'route_id,agency_id,route_short_name,route_long_name,route_type\nR2,A,2,Dolní Hanychov – Lidové sady,0\nR3,A,3,Horní Hanychov – Viadukt,0\nR11,A,11,Liberec – Jablonec,0\nRB,A,540,Liberec – Jablonec,3\n',
    'trips.txt': 'route_id,service_id,trip_id,trip_headsign,direction_id,wheelchair_accessible\n' + spec.trips.join('\n') + '\n',
    'stop_times.txt': 'trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type,stop_headsign\n' + spec.stopTimes.join('\n') + '\n',
  };
  if (spec.calendar) files['calendar.txt'] = 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n' + spec.calendar.join('\n') + '\n';
  if (spec.calendarDates) files['calendar_dates.txt'] = 'service_id,date,exception_type\n' + spec.calendarDates.join('\n') + '\n';
  if (spec.frequencies) files['frequencies.txt'] = 'trip_id,start_time,end_time,headway_secs,exact_times\n' + spec.frequencies.join('\n') + '\n';
  return files;
}

export async function indexOf(spec: FeedSpec | Record<string, string>, feed = 't'): Promise<FeedIndex> {
  const files = 'trips' in spec && Array.isArray(spec.trips) ? feedFiles(spec as FeedSpec) : (spec as Record<string, string>);
  return buildIndex(await parseFeed(memorySource('test', files), { feed, source: 'test' }));
}

export interface BoardOpts extends BoardQuery {
  now: string;
  stopIds?: string[];
  overlay?: Overlay | null;
  fresh?: boolean;
  lookbackMinutes?: number;
}

export function boardAt(ix: FeedIndex, o: BoardOpts): Board {
  const now = Date.parse(o.now);
  return computeBoard(
    {
      indexes: new Map([[ix.feed, ix]]),
      overlay: () => ({ overlay: o.overlay ?? null, configured: o.overlay !== undefined, fresh: o.fresh ?? true }),
      importErrors: new Map(),
      dataVersion: 1,
    },
    {
      now,
      tz: 'Europe/Prague',
      stations: [{ feed: ix.feed, stopIds: o.stopIds ?? ['ST'] }],
      limit: 20,
      windowMinutes: 180,
      lookbackMinutes: o.lookbackMinutes ?? 120,
      expiryWarningDays: 3,
      t: (k, v) => i18n.t(o.lang ?? 'en', k, v),
      lang: o.lang ?? 'en',
    },
    o,
  );
}

/** UTC instants of a board, for comparing with the expected instants of the reference test cases. */
export function utc(b: Board): string[] {
  return b.departures.map((d) => new Date(d.predicted).toISOString().replace('.000', ''));
}

const rt = GtfsRealtimeBindings.transit_realtime;
export type FeedMessageObject = Record<string, unknown>;

/** Encodes a GTFS-RT FeedMessage the way a producer would, then reads it back through our decoder. */
export function overlayOf(ix: FeedIndex, entities: FeedMessageObject[], timestamp: string): Overlay {
  const ts = Math.floor(Date.parse(timestamp) / 1000);
  const bytes = rt.FeedMessage.encode(rt.FeedMessage.fromObject({ header: { gtfsRealtimeVersion: '2.0', incrementality: 0, timestamp: ts }, entity: entities })).finish();
  return buildOverlay(decodeFeedMessage(bytes), ix, Date.parse(timestamp));
}

export function encodeFeed(entities: FeedMessageObject[], timestamp: string): Uint8Array {
  const ts = Math.floor(Date.parse(timestamp) / 1000);
  return rt.FeedMessage.encode(rt.FeedMessage.fromObject({ header: { gtfsRealtimeVersion: '2.0', incrementality: 0, timestamp: ts }, entity: entities })).finish();
}
