-- Hub admin UI: users, sessions, sign-in failures (lockout), the append-only audit log, location drafts,
-- publications and the last good copy of each regional feed.
CREATE TABLE admin_users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('county-admin', 'editor')),
  locations TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- id_hash: sha256 of the cookie value, so a copy of the database does not hand out live sessions.
CREATE TABLE admin_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES admin_users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX admin_sessions_user ON admin_sessions(user_id);

-- kind: account (key = lower-case e-mail) | ip (key = keyed hash of the address)
CREATE TABLE admin_login_failures (
  kind TEXT NOT NULL CHECK (kind IN ('account', 'ip')),
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX admin_login_failures_key ON admin_login_failures(kind, key, at);

CREATE TABLE admin_audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  location_id TEXT,
  before_json TEXT,
  after_json TEXT,
  ip_hash TEXT
);
CREATE INDEX admin_audit_location ON admin_audit(location_id, id);
CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;

CREATE TABLE admin_drafts (
  location_id TEXT PRIMARY KEY,
  content TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);

CREATE TABLE admin_publications (
  id INTEGER PRIMARY KEY,
  location_id TEXT NOT NULL,
  draft_version INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  result TEXT NOT NULL
);
CREATE INDEX admin_publications_location ON admin_publications(location_id, id);

CREATE TABLE admin_feed_cache (
  feed_id TEXT PRIMARY KEY,
  content TEXT,
  fetched_at INTEGER,
  attempted_at INTEGER,
  error TEXT
);
