-- Captive portal: acceptances of the terms (identifiers only as keyed hashes) and used controller nonces.
CREATE TABLE captive_acceptances (
  id TEXT PRIMARY KEY,
  location TEXT NOT NULL,
  terms_version TEXT NOT NULL,
  accepted_at INTEGER NOT NULL,
  lang TEXT NOT NULL,
  controller TEXT NOT NULL,
  mac_hash TEXT,
  mac_randomized INTEGER NOT NULL DEFAULT 0,
  ip_hash TEXT,
  session_json TEXT NOT NULL DEFAULT '{}',
  uam_username TEXT UNIQUE,
  uam_expires_at INTEGER
);
CREATE INDEX captive_acceptances_mac ON captive_acceptances (mac_hash, accepted_at);
CREATE INDEX captive_acceptances_ip ON captive_acceptances (ip_hash, accepted_at);
CREATE INDEX captive_acceptances_time ON captive_acceptances (accepted_at);

-- UAM challenges and openNDS hids already used for a Connect (replay protection), hashed.
CREATE TABLE captive_used_nonces (
  kind TEXT NOT NULL,
  nonce_hash TEXT NOT NULL,
  used_at INTEGER NOT NULL,
  PRIMARY KEY (kind, nonce_hash)
);
CREATE INDEX captive_used_nonces_time ON captive_used_nonces (used_at);
