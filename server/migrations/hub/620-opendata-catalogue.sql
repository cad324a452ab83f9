-- Open data (issue 10): the county admin's catalogue edits per dataset (metadata, terms of use, which locations show it).
CREATE TABLE opendata_catalogue (
  slug TEXT PRIMARY KEY,
  edit TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
) WITHOUT ROWID;
