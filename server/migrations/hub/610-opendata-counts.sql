-- Labelled hourly counters from the sites (issue 10): downloads per dataset/distribution, /data and departures views.
CREATE TABLE hub_counts (
  site_id TEXT NOT NULL,
  hour TEXT NOT NULL,
  key TEXT NOT NULL,
  n INTEGER NOT NULL,
  rev INTEGER NOT NULL,
  PRIMARY KEY (site_id, hour, key)
) WITHOUT ROWID;
