-- Site sync agent: trusted releases (rollback protection persists here), learned hub keys, telemetry outbox.
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE sync_releases (
  version INTEGER PRIMARY KEY,
  envelope TEXT NOT NULL,
  trusted_at INTEGER NOT NULL
);

CREATE TABLE sync_keys (
  key_id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  source TEXT NOT NULL,
  added_at INTEGER NOT NULL
);

CREATE TABLE sync_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  body TEXT NOT NULL
);

CREATE TABLE sync_hourly (
  hour TEXT PRIMARY KEY,
  portal_views INTEGER NOT NULL DEFAULT 0,
  connects INTEGER NOT NULL DEFAULT 0,
  radius_accepts INTEGER NOT NULL DEFAULT 0,
  radius_rejects INTEGER NOT NULL DEFAULT 0,
  acct_records INTEGER NOT NULL DEFAULT 0,
  acct_input_octets INTEGER NOT NULL DEFAULT 0,
  acct_output_octets INTEGER NOT NULL DEFAULT 0,
  displays_up INTEGER NOT NULL DEFAULT 0,
  rev INTEGER NOT NULL DEFAULT 0,
  sent_rev INTEGER NOT NULL DEFAULT 0
);
