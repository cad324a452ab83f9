-- Station display boards: the site-set emergency message and the display registry (status from heartbeats).
CREATE TABLE kiosk_emergency (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  text_json TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  set_at INTEGER NOT NULL
);

-- a hub emergency (location.emergency) an operator cleared on site, remembered by its content key
CREATE TABLE kiosk_emergency_dismissed (
  content_key TEXT PRIMARY KEY,
  dismissed_at INTEGER NOT NULL
);

CREATE TABLE kiosk_displays (
  id TEXT PRIMARY KEY,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  connected INTEGER NOT NULL DEFAULT 0,
  client_version TEXT,
  content_version TEXT,
  board_version TEXT,
  shows TEXT,
  heap_bytes INTEGER,
  uptime_seconds INTEGER,
  clock_offset_ms INTEGER,
  user_agent TEXT
);
