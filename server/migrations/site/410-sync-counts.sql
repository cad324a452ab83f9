-- Labelled hourly counters for the telemetry outbox (issue 10): open-data downloads per dataset and distribution,
-- views of /data and of the departures page and API. Same rev/sent_rev delivery as sync_hourly.
CREATE TABLE sync_hourly_counts (
  hour TEXT NOT NULL,
  key TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  rev INTEGER NOT NULL DEFAULT 1,
  sent_rev INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, key)
) WITHOUT ROWID;
