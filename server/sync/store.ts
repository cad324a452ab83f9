// Site sync SQL (prepared statements only): trusted releases and rollback state, learned keys, telemetry outbox.
import type { DB } from '../platform/db.ts';

export interface HourRow {
  hour: string;
  portal_views: number;
  connects: number;
  radius_accepts: number;
  radius_rejects: number;
  acct_records: number;
  acct_input_octets: number;
  acct_output_octets: number;
  displays_up: number;
  rev: number;
  sent_rev: number;
}

export type HourDelta = Omit<HourRow, 'hour' | 'rev' | 'sent_rev'>;

export function createSyncStore(db: DB) {
  const s = {
    getState: db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?'),
    setState: db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    insertRelease: db.prepare('INSERT OR REPLACE INTO sync_releases (version, envelope, trusted_at) VALUES (?, ?, ?)'),
    release: db.prepare<[number], { version: number; envelope: string }>('SELECT version, envelope FROM sync_releases WHERE version = ?'),
    versions: db.prepare<[], { version: number }>('SELECT version FROM sync_releases ORDER BY version DESC'),
    deleteRelease: db.prepare('DELETE FROM sync_releases WHERE version = ?'),
    allEnvelopes: db.prepare<[], { envelope: string }>('SELECT envelope FROM sync_releases'),
    keys: db.prepare<[], { key_id: string; public_key: string }>('SELECT key_id, public_key FROM sync_keys'),
    addKey: db.prepare('INSERT OR IGNORE INTO sync_keys (key_id, public_key, source, added_at) VALUES (?, ?, ?, ?)'),
    addHeartbeat: db.prepare('INSERT INTO sync_outbox (at, body) VALUES (?, ?)'),
    trimHeartbeats: db.prepare('DELETE FROM sync_outbox WHERE seq <= (SELECT seq FROM sync_outbox ORDER BY seq DESC LIMIT 1 OFFSET ?)'),
    heartbeats: db.prepare<[number], { seq: number; at: number; body: string }>('SELECT seq, at, body FROM sync_outbox ORDER BY seq LIMIT ?'),
    countHeartbeats: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sync_outbox'),
    ackHeartbeats: db.prepare('DELETE FROM sync_outbox WHERE seq <= ?'),
    addHour: db.prepare(
      `INSERT INTO sync_hourly (hour, portal_views, connects, radius_accepts, radius_rejects, acct_records, acct_input_octets, acct_output_octets, displays_up, rev)
       VALUES (@hour, @portal_views, @connects, @radius_accepts, @radius_rejects, @acct_records, @acct_input_octets, @acct_output_octets, @displays_up, 1)
       ON CONFLICT (hour) DO UPDATE SET portal_views = portal_views + excluded.portal_views, connects = connects + excluded.connects,
         radius_accepts = radius_accepts + excluded.radius_accepts, radius_rejects = radius_rejects + excluded.radius_rejects,
         acct_records = acct_records + excluded.acct_records, acct_input_octets = acct_input_octets + excluded.acct_input_octets,
         acct_output_octets = acct_output_octets + excluded.acct_output_octets, displays_up = max(displays_up, excluded.displays_up), rev = rev + 1`,
    ),
    unsentHours: db.prepare<[], HourRow>('SELECT * FROM sync_hourly WHERE rev > sent_rev ORDER BY hour LIMIT 500'),
    ackHour: db.prepare('UPDATE sync_hourly SET sent_rev = max(sent_rev, ?) WHERE hour = ?'),
    purgeHours: db.prepare('DELETE FROM sync_hourly WHERE hour < ? AND sent_rev >= rev'),
    addCount: db.prepare('INSERT INTO sync_hourly_counts (hour, key, n, rev) VALUES (?, ?, ?, 1) ON CONFLICT (hour, key) DO UPDATE SET n = n + excluded.n, rev = rev + 1'),
    unsentCounts: db.prepare<[], { hour: string; key: string; n: number; rev: number }>('SELECT hour, key, n, rev FROM sync_hourly_counts WHERE rev > sent_rev ORDER BY hour, key LIMIT 2000'),
    ackCount: db.prepare('UPDATE sync_hourly_counts SET sent_rev = max(sent_rev, ?) WHERE hour = ? AND key = ?'),
    purgeCounts: db.prepare('DELETE FROM sync_hourly_counts WHERE hour < ? AND sent_rev >= rev'),
  };
  const state = (k: string) => s.getState.get(k)?.value;

  return {
    state,
    setState: (k: string, v: string) => s.setState.run(k, v),
    lastTrustedVersion: () => Number(state('last_trusted_version') ?? 0),
    currentVersion: () => Number(state('current_version') ?? 0),
    /** Records a verified release as trusted and current in one durable transaction (rollback protection). */
    trust: db.transaction((version: number, envelope: string, now: number, keys: { id: string; publicKey: string }[]) => {
      s.insertRelease.run(version, envelope, now);
      s.setState.run('last_trusted_version', String(version));
      s.setState.run('current_version', String(version));
      for (const k of keys) s.addKey.run(k.id, k.publicKey, `release:${version}`, now);
    }),
    release: (v: number) => s.release.get(v),
    versions: () => s.versions.all().map((r) => r.version),
    deleteRelease: (v: number) => s.deleteRelease.run(v),
    allEnvelopes: () => s.allEnvelopes.all().map((r) => r.envelope),
    keys: () => s.keys.all(),
    addKey: (id: string, publicKey: string, source: string, now: number) => s.addKey.run(id, publicKey, source, now),
    addHeartbeat: (at: number, body: string, keep: number) => {
      s.addHeartbeat.run(at, body);
      s.trimHeartbeats.run(keep);
    },
    heartbeats: (limit: number) => s.heartbeats.all(limit),
    countHeartbeats: () => s.countHeartbeats.get()!.n,
    addHour: (hour: string, d: HourDelta) => s.addHour.run({ hour, ...d }),
    unsentHours: () => s.unsentHours.all(),
    /** labelled counters (downloads per dataset/distribution, page views): added as deltas, delivered like hours */
    addCount: (hour: string, key: string, n: number) => void s.addCount.run(hour, key, n),
    unsentCounts: () => s.unsentCounts.all(),
    /** After the hub acknowledged: forget delivered heartbeats and closed, fully delivered hours. */
    ack: db.transaction((maxSeq: number, hours: { hour: string; rev: number }[], currentHour: string, counts: { hour: string; key: string; rev: number }[] = []) => {
      if (maxSeq > 0) s.ackHeartbeats.run(maxSeq);
      for (const h of hours) s.ackHour.run(h.rev, h.hour);
      for (const c of counts) s.ackCount.run(c.rev, c.hour, c.key);
      s.purgeHours.run(currentHour);
      s.purgeCounts.run(currentHour);
    }),
  };
}

export type SyncStore = ReturnType<typeof createSyncStore>;
