-- Open data (issue 10): the last good build of each dataset (its files and record) and the last attempt's error.
CREATE TABLE opendata_dataset (
  slug TEXT PRIMARY KEY,
  built_at INTEGER,
  attempted_at INTEGER NOT NULL,
  error TEXT,
  record TEXT,
  meta TEXT
) WITHOUT ROWID;
CREATE TABLE opendata_file (
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (slug, name)
) WITHOUT ROWID;
