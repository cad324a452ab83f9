// The departures service contract used by the portal, the JSON API and the display boards.
export type Mode = 'train' | 'bus' | 'tram' | 'trolleybus' | 'metro' | 'ferry' | 'cablecar' | 'other';
export const MODES: readonly Mode[] = ['train', 'bus', 'tram', 'trolleybus', 'metro', 'ferry', 'cablecar', 'other'];

export interface Departure {
  feed: string;
  tripId: string;
  stopId: string;
  stopName: string;
  platform: string | null;
  line: { shortName: string; longName?: string; mode: Mode; color?: string; textColor?: string; routeId?: string; routeType?: number };
  headsign: string;
  /** ISO 8601 with offset */
  scheduled: string;
  predicted: string;
  /** seconds; null when there is no live data for this trip */
  delaySeconds: number | null;
  cancelled: boolean;
  skipped: boolean;
  wheelchair: 'accessible' | 'inaccessible' | 'unknown';
  alerts: { header: string; description?: string }[];
  /** — additive fields — */
  /** whole minutes from the board's moment to the predicted departure (negative never; 0 = departing now) */
  minutes: number;
  /** true when a fresh realtime prediction applies to this departure */
  realtime: boolean;
  /** a trip only in realtime (GTFS-RT NEW/ADDED) */
  added: boolean;
  /** from frequencies.txt with exact_times=0: the time is an estimate ("every N min") */
  approximate: boolean;
  /** the parent station's id and name, when the stop is a platform of a station */
  stationId: string | null;
  stationName: string | null;
  tripShortName: string | null;
  /** GTFS direction_id (0/1) when the feed gives one */
  direction: number | null;
  /** the service day of the trip, YYYYMMDD (GTFS-RT start_date) */
  serviceDate: string;
  /** the stop is the first of the trip (Golemio leaves `predicted` null there) */
  firstStop: boolean;
  /** up to N important stops between this stop and the trip's end (arrivals: between its start and this stop), in trip order */
  via: string[];
  /** the name of the trip's first stop (shown on arrival boards: "from …") */
  origin: string;
  /** 'arrival' on an arrivals board: `scheduled`/`predicted` are then arrival times */
  kind: 'departure' | 'arrival';
}

export type NoticeCode =
  | 'NO_STATIONS'
  | 'FEED_MISSING'
  | 'UNKNOWN_STOP'
  | 'FEED_NOT_YET_VALID'
  | 'FEED_EXPIRED'
  | 'FEED_ENDS_SOON'
  | 'FEED_IMPORT_FAILED'
  | 'REALTIME_UNAVAILABLE'
  | 'NO_DEPARTURES_IN_WINDOW'
  | 'NO_SERVICE';

export interface BoardNotice {
  code: NoticeCode;
  /** the same text as in `notices`, in the board's language */
  message: string;
  feed?: string;
  /** YYYY-MM-DD (feed end, first day) */
  date?: string;
  /** ISO time of the next departure after an empty window */
  next?: string;
  stopId?: string;
  severity: 'info' | 'warning';
}

export interface Board {
  generatedAt: string;
  departures: Departure[];
  /** e.g. "feed cd ends in 3 days", "no service today" — never an unexplained empty board */
  notices: string[];
  /** true when at least one configured realtime feed is fresh */
  live: boolean;
  /** — additive fields — */
  /** the moment the board is for (now, or the query's `at`), ISO with offset */
  at: string;
  /** the same notices as `notices`, with machine-readable codes */
  noticeDetails: BoardNotice[];
  /** the stops the board covers */
  stops: { feed: string; id: string; name: string; platform: string | null; wheelchair: 'accessible' | 'inaccessible' | 'unknown'; stationId: string | null }[];
  /** alerts in force at these stations, not tied to one departure */
  alerts: { header: string; description?: string; feed: string; validFrom?: string; validTo?: string }[];
  /** changes whenever the timetable or realtime data behind the boards change */
  dataVersion: number;
}

export interface BoardQuery {
  /** defaults to the current location's stations */
  stations?: { feed: string; stopIds: string[] }[];
  at?: Date;
  limit?: number;
  lines?: string[];
  modes?: Mode[];
  platforms?: string[];
  onePerLine?: boolean;
  windowMinutes?: number;
  /** language of notices and alert texts; default cs */
  lang?: 'cs' | 'en' | 'de' | 'pl';
  /** leave out cancelled trips (Golemio skip[]=canceled); default false: shown flagged */
  skipCancelled?: boolean;
  /** 'arrivals': trips arriving (the last stop counts, drop_off_type=1 does not); default 'departures' */
  kind?: 'departures' | 'arrivals';
  /** how many "via" stops each row carries (0–8); default the location's or 3 */
  viaCount?: number;
}

export interface ChangeEvent {
  /** timetable: a feed was imported or the index rebuilt at service-day rollover; realtime: the overlay changed or
   * went stale; content: the location's stations changed; tick: a minute passed, so "in N min" changed */
  reason: 'timetable' | 'realtime' | 'content' | 'tick';
  dataVersion: number;
}

export interface DeparturesService {
  board(query?: BoardQuery): Board;
  /** Called when timetable or realtime data changed (for pushing to display boards), and once a minute. */
  onChange(fn: (e: ChangeEvent) => void): () => void;
}
