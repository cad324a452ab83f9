-- Open data (issue 10): keep stop_lat/stop_lon from stops.txt for the stops dataset and the station plan.
ALTER TABLE gtfs_stop ADD COLUMN lat REAL;
ALTER TABLE gtfs_stop ADD COLUMN lon REAL;
