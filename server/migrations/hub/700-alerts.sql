-- County-wide alerts (issue 11 §4): issued in the admin UI or taken from CAP feeds; ended early or at expiry.
-- seq numbers the signed states sent to the sites (it only grows).
CREATE TABLE hub_alerts (
  id TEXT PRIMARY KEY,
  text_json TEXT NOT NULL,
  severity TEXT NOT NULL,
  locations_json TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ended_at INTEGER,
  actor TEXT NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX hub_alerts_live ON hub_alerts (ended_at, expires_at);
CREATE TABLE hub_alert_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  envelope TEXT NOT NULL
);
