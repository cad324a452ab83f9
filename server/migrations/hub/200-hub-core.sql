-- Hub core: registered sites and their credentials (hashes only), signed releases, heartbeats and hourly figures.
CREATE TABLE hub_sites (
  site_id TEXT PRIMARY KEY,
  location_id TEXT NOT NULL,
  token_hash TEXT,
  token_expires_at INTEGER,
  credential_hash TEXT,
  enrolled_at INTEGER,
  created_at INTEGER NOT NULL,
  latest_version INTEGER NOT NULL DEFAULT 0,
  last_heartbeat_at INTEGER,
  heartbeat_seconds INTEGER,
  serving_version INTEGER,
  metadata_stale INTEGER NOT NULL DEFAULT 0,
  displays TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX hub_sites_location ON hub_sites (location_id);

CREATE TABLE hub_releases (
  site_id TEXT NOT NULL REFERENCES hub_sites (site_id),
  version INTEGER NOT NULL,
  envelope TEXT NOT NULL,
  etag TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  PRIMARY KEY (site_id, version)
);

CREATE TABLE hub_heartbeats (
  site_id TEXT NOT NULL REFERENCES hub_sites (site_id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  serving_version INTEGER,
  metadata_stale INTEGER NOT NULL,
  displays TEXT NOT NULL,
  -- seq alone restarts when a site is re-provisioned on a fresh data dir; with its time it stays unique
  PRIMARY KEY (site_id, seq, at)
);
CREATE INDEX hub_heartbeats_received ON hub_heartbeats (received_at);

CREATE TABLE hub_figures (
  site_id TEXT NOT NULL REFERENCES hub_sites (site_id),
  hour TEXT NOT NULL,
  portal_views INTEGER NOT NULL,
  connects INTEGER NOT NULL,
  radius_accepts INTEGER NOT NULL,
  radius_rejects INTEGER NOT NULL,
  acct_records INTEGER NOT NULL,
  acct_input_octets INTEGER NOT NULL,
  acct_output_octets INTEGER NOT NULL,
  displays_up INTEGER NOT NULL,
  rev INTEGER NOT NULL,
  PRIMARY KEY (site_id, hour)
);
