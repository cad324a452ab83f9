-- The county signpost and announcements (issue 11 §3), edited once at the hub and sent in every location's release
-- (county/signpost.json). One row; version guards against overwriting a colleague's save.
CREATE TABLE admin_county (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  content TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
