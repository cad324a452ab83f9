-- The last good county alert state from the hub (issue 11 §4): the signed envelope as received and its seq.
-- Kept so that a site restarted while the hub is away still shows an alert in force (never one past its expiry).
CREATE TABLE sync_alerts (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  envelope TEXT NOT NULL,
  state_json TEXT NOT NULL,
  stored_at INTEGER NOT NULL
);
