// The shape of one imported GTFS feed, shared by the importer (which produces it), the store and the index builder.
export const ST_FIELDS = 6; // stop_sequence, stop index, arrival, departure, flags, stop_headsign index
export const F_NO_PICKUP = 1; // pickup_type = 1
export const F_NO_DROPOFF = 2; // drop_off_type = 1
export const F_INTERPOLATED = 4; // time interpolated at a non-timepoint

export interface FeedStop { id: string; name: string; locationType: number; parent: number; platform: string | null; wheelchair: number; /** WGS 84 (stop_lat/stop_lon), null when the feed leaves them out */ lat?: number | null; lon?: number | null }
export interface FeedRoute { id: string; agency: string | null; shortName: string; longName: string; type: number; color: string | null; textColor: string | null }
export interface FeedService { id: string; days: Uint8Array }
export interface FeedTrip {
  id: string; route: number; service: number; headsign: string; shortName: string; direction: number | null;
  wheelchair: number; block: string | null;
  /** ST_FIELDS Int32 per stop, sorted by stop_sequence */
  stopTimes: Int32Array;
}
export interface FeedFrequency { trip: number; start: number; end: number; headway: number; exact: boolean }
export interface FeedAgency { id: string; name: string; url: string; timezone: string }

export interface FeedStats {
  agencies: number; stops: number; routes: number; trips: number; stopTimes: number; services: number; frequencies: number;
  firstDate: string; lastDate: string; interpolated: number; warnings: string[];
}

export interface FeedData {
  feed: string;
  source: string;
  signature: string | null;
  importedAt: number;
  timezone: string;
  /** day numbers (days since 1970-01-01) of the first and last day any service runs */
  firstDay: number;
  lastDay: number;
  /** largest departure time in seconds (≥ 86 400 when trips run past midnight) */
  maxTime: number;
  strings: string[];
  agencies: FeedAgency[];
  stops: FeedStop[];
  routes: FeedRoute[];
  services: FeedService[];
  trips: FeedTrip[];
  frequencies: FeedFrequency[];
  stats: FeedStats;
}
