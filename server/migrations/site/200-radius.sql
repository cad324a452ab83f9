-- RADIUS accounting sessions (RFC 2866). One row per session key: our session id from Class, else
-- 'h:' + hash(NAS + Acct-Session-Id + MAC). MACs only hashed; user_name kept only while open (CoA needs it).
CREATE TABLE radius_sessions (
  id TEXT PRIMARY KEY,
  nas TEXT NOT NULL,
  nas_ip TEXT NOT NULL,
  nas_identifier TEXT,
  acct_session_id TEXT NOT NULL,
  user_name TEXT,
  mac_hash TEXT,
  started_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  stopped_at INTEGER,
  input_octets INTEGER NOT NULL DEFAULT 0,
  output_octets INTEGER NOT NULL DEFAULT 0,
  session_time INTEGER NOT NULL DEFAULT 0,
  interim_interval INTEGER NOT NULL,
  terminate_cause INTEGER,
  closed_by TEXT
);
CREATE INDEX radius_sessions_open ON radius_sessions (nas_ip, last_seen) WHERE stopped_at IS NULL;
CREATE INDEX radius_sessions_closed ON radius_sessions (stopped_at) WHERE stopped_at IS NOT NULL;
