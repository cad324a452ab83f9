// SQL of the captive portal (prepared once): acceptance records, used nonces, retention purge.
import type { DB } from '../platform/db.ts';

export interface AcceptanceRow {
  id: string;
  location: string;
  terms_version: string;
  accepted_at: number;
  lang: string;
  controller: string;
  mac_hash: string | null;
  mac_randomized: number;
  ip_hash: string | null;
  session_json: string;
  uam_username: string | null;
  uam_expires_at: number | null;
}

type Hit = { id: string; accepted_at: number };

export function createCaptiveStore(db: DB) {
  const insert = db.prepare(
    `INSERT INTO captive_acceptances (id, location, terms_version, accepted_at, lang, controller, mac_hash, mac_randomized, ip_hash, session_json, uam_username, uam_expires_at)
     VALUES (@id, @location, @terms_version, @accepted_at, @lang, @controller, @mac_hash, @mac_randomized, @ip_hash, @session_json, @uam_username, @uam_expires_at)`,
  );
  const byMac = db.prepare<[string, string, string, number, number], Hit>(
    `SELECT id, accepted_at FROM captive_acceptances
     WHERE mac_hash = ? AND location = ? AND terms_version = ? AND accepted_at > ? AND accepted_at <= ?
     ORDER BY accepted_at DESC LIMIT 1`,
  );
  const byIp = db.prepare<[string, string, string, number, number], Hit>(
    `SELECT id, accepted_at FROM captive_acceptances
     WHERE ip_hash = ? AND location = ? AND terms_version = ? AND accepted_at > ? AND accepted_at <= ?
     ORDER BY accepted_at DESC LIMIT 1`,
  );
  const byUam = db.prepare<[string, string, number, number], Hit>(
    `SELECT id, accepted_at FROM captive_acceptances
     WHERE uam_username = ? AND location = ? AND uam_expires_at > ? AND accepted_at <= ?`,
  );
  const macsSince = db.prepare<[string, string, number], Hit & { mac_hash: string }>(
    `SELECT mac_hash, id, accepted_at FROM captive_acceptances
     WHERE location = ? AND terms_version = ? AND accepted_at > ? AND mac_hash IS NOT NULL ORDER BY accepted_at`,
  );
  const insertNonce = db.prepare('INSERT OR IGNORE INTO captive_used_nonces (kind, nonce_hash, used_at) VALUES (?, ?, ?)');
  const hasNonce = db.prepare('SELECT 1 FROM captive_used_nonces WHERE kind = ? AND nonce_hash = ?').pluck();
  const purgeAcceptances = db.prepare('DELETE FROM captive_acceptances WHERE accepted_at < ?');
  const purgeNonces = db.prepare('DELETE FROM captive_used_nonces WHERE used_at < ?');
  const count = db.prepare<[], number>('SELECT COUNT(*) FROM captive_acceptances').pluck();

  return {
    /** Records an acceptance and marks its nonce used in one transaction; false if the nonce was already used. */
    insertAcceptance: db.transaction((row: AcceptanceRow, nonce?: { kind: string; hash: string }): boolean => {
      if (nonce && insertNonce.run(nonce.kind, nonce.hash, row.accepted_at).changes === 0) return false;
      insert.run(row);
      return true;
    }),
    latestByMac: (macHash: string, location: string, terms: string, since: number, until: number) =>
      byMac.get(macHash, location, terms, since, until),
    latestByIp: (ipHash: string, location: string, terms: string, since: number, until: number) =>
      byIp.get(ipHash, location, terms, since, until),
    macsSince: (location: string, terms: string, since: number) =>
      macsSince.iterate(location, terms, since),
    uamLogin: (username: string, location: string, now: number, until: number) => byUam.get(username, location, now, until),
    nonceUsed: (kind: string, hash: string) => hasNonce.get(kind, hash) === 1,
    /** Deletes acceptances and nonces older than the cut-off; returns how many acceptances went. */
    purge: (before: number) => {
      purgeNonces.run(before);
      return purgeAcceptances.run(before).changes;
    },
    count: () => count.get() ?? 0,
  };
}

export type CaptiveStore = ReturnType<typeof createCaptiveStore>;
