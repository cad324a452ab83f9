-- Travellers' feedback, durable before the reference is shown; delivered to the hub with the telemetry outbox.
CREATE TABLE feedback (
  ref TEXT PRIMARY KEY,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  topic TEXT NOT NULL,
  text TEXT NOT NULL,
  email TEXT,
  page TEXT,
  lang TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  delivered INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'new',
  answer TEXT,
  answered_at INTEGER,
  UNIQUE (year, seq)
);
CREATE INDEX feedback_undelivered ON feedback (delivered) WHERE delivered = 0;
CREATE TABLE feedback_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
