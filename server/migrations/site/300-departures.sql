-- Departures: imported GTFS feeds (the site's offline source of truth; the in-memory station index is built from it).
-- Every table is keyed by feed so feeds with the same raw ids can be combined; one feed is replaced in one transaction.
CREATE TABLE gtfs_feed (
  feed TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  signature TEXT,
  imported_at INTEGER NOT NULL,
  timezone TEXT NOT NULL,
  first_day INTEGER NOT NULL,
  last_day INTEGER NOT NULL,
  max_time INTEGER NOT NULL,
  strings TEXT NOT NULL,
  stats TEXT NOT NULL
);
CREATE TABLE gtfs_import_status (
  feed TEXT PRIMARY KEY,
  attempted_at INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  error TEXT
);
CREATE TABLE gtfs_agency (
  feed TEXT NOT NULL, agency_id TEXT NOT NULL, name TEXT, url TEXT, timezone TEXT,
  PRIMARY KEY (feed, agency_id)
) WITHOUT ROWID;
CREATE TABLE gtfs_stop (
  feed TEXT NOT NULL, idx INTEGER NOT NULL, stop_id TEXT NOT NULL, name TEXT NOT NULL, location_type INTEGER NOT NULL,
  parent_idx INTEGER NOT NULL, platform_code TEXT, wheelchair INTEGER NOT NULL,
  PRIMARY KEY (feed, idx)
) WITHOUT ROWID;
CREATE TABLE gtfs_route (
  feed TEXT NOT NULL, idx INTEGER NOT NULL, route_id TEXT NOT NULL, agency_id TEXT, short_name TEXT, long_name TEXT,
  type INTEGER NOT NULL, color TEXT, text_color TEXT,
  PRIMARY KEY (feed, idx)
) WITHOUT ROWID;
-- days: one byte per day from gtfs_feed.first_day (1 = running), calendar and calendar_dates already applied
CREATE TABLE gtfs_service (
  feed TEXT NOT NULL, idx INTEGER NOT NULL, service_id TEXT NOT NULL, days BLOB NOT NULL,
  PRIMARY KEY (feed, idx)
) WITHOUT ROWID;
-- st_start, st_count: the trip's rows in gtfs_stop_times, counted in stop_times
CREATE TABLE gtfs_trip (
  feed TEXT NOT NULL, idx INTEGER NOT NULL, trip_id TEXT NOT NULL, route_idx INTEGER NOT NULL, service_idx INTEGER NOT NULL,
  headsign TEXT, short_name TEXT, direction_id INTEGER, wheelchair INTEGER NOT NULL, block_id TEXT,
  st_start INTEGER NOT NULL, st_count INTEGER NOT NULL,
  PRIMARY KEY (feed, idx)
) WITHOUT ROWID;
-- every stop_time of the feed, trip after trip, sorted by stop_sequence, times interpolated, packed as Int32 sextets
-- (stop_sequence, stop index, arrival s, departure s, flags, stop_headsign string index or -1), in parts of ≤ 16 MB;
-- a few large blobs load without the heap fragmentation of one small buffer per trip
CREATE TABLE gtfs_stop_times (
  feed TEXT NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (feed, part)
);
CREATE UNIQUE INDEX gtfs_trip_by_id ON gtfs_trip (feed, trip_id);
CREATE TABLE gtfs_frequency (
  feed TEXT NOT NULL, trip_idx INTEGER NOT NULL, start_time INTEGER NOT NULL, end_time INTEGER NOT NULL,
  headway INTEGER NOT NULL, exact INTEGER NOT NULL
);
CREATE INDEX gtfs_frequency_by_feed ON gtfs_frequency (feed);
-- the station index's typed arrays (station-index.ts IndexArrays), stored at import so a site start loads them as is
CREATE TABLE gtfs_index (
  feed TEXT NOT NULL, name TEXT NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (feed, name)
);
