-- Feedback received from the sites: the inbox of the admin UI. update_seq orders the changes sites must learn.
CREATE TABLE hub_feedback (
  id INTEGER PRIMARY KEY,
  site_id TEXT NOT NULL,
  ref TEXT NOT NULL,
  location_id TEXT NOT NULL,
  topic TEXT NOT NULL,
  text TEXT NOT NULL,
  email TEXT,
  page TEXT,
  lang TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'new',
  assignee TEXT,
  answer TEXT,
  note TEXT,
  answered_at INTEGER,
  update_seq INTEGER NOT NULL DEFAULT 0,
  UNIQUE (site_id, ref)
);
CREATE INDEX hub_feedback_location ON hub_feedback (location_id, status);
CREATE INDEX hub_feedback_updates ON hub_feedback (site_id, update_seq);
