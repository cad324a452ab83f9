-- The county feed profile's state (issue 16): per hub.feeds entry, the last attempt and the last good trimmed feed
-- (sha256 of the source and of each location's trimmed item, its calendar span) and the last error, so a restarted
-- hub neither forgets a failure nor ships again what it already shipped.
CREATE TABLE hub_feed_state (
  feed_id TEXT PRIMARY KEY,
  last_attempt_at INTEGER,
  last_success_at INTEGER,
  source_sha256 TEXT,
  trim_key TEXT,
  first_date TEXT,
  last_date TEXT,
  stop_times INTEGER,
  items_json TEXT NOT NULL DEFAULT '{}',
  error_at INTEGER,
  error_json TEXT
);
