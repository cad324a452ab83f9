-- Site platform tables: small key/value settings (e.g. the generated privacy hash key).
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
