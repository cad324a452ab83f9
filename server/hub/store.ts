// Hub SQL (prepared statements only): sites and credentials, releases, heartbeats, hourly figures.
import type { HourFigures } from '../protocol/index.ts';
import type { DB } from '../platform/db.ts';
import type { FigureRow } from './types.ts';

export interface SiteRow {
  site_id: string;
  location_id: string;
  token_hash: string | null;
  token_expires_at: number | null;
  credential_hash: string | null;
  enrolled_at: number | null;
  created_at: number;
  latest_version: number;
  last_heartbeat_at: number | null;
  heartbeat_seconds: number | null;
  serving_version: number | null;
  metadata_stale: number;
  displays: string;
}

export interface ReleaseRow {
  site_id: string;
  version: number;
  envelope: string;
  etag: string;
  created_at: number;
  expires_at: number;
  actor: string;
}

export interface HeartbeatIn {
  seq: number;
  at: number;
  servingVersion: number | null;
  metadataStale: boolean;
  displays: { id: string; up: boolean }[];
  heartbeatSeconds: number;
}

/** one hour of a site's figures as the site sends it; `rev` grows when the site revises that hour */
export type HourIn = HourFigures & { rev: number };
/** a labelled hourly counter from a site: key = download:<dataset>/<file> | view:data-<page> | view:departures-<kind> | click:<signpost link id> */
export interface CountIn { hour: string; key: string; n: number; rev: number }
export interface CountRow { siteId: string; locationId: string; hour: string; key: string; n: number }

export function createHubStore(db: DB) {
  const s = {
    getSite: db.prepare<[string], SiteRow>('SELECT * FROM hub_sites WHERE site_id = ?'),
    allSites: db.prepare<[], SiteRow>('SELECT * FROM hub_sites ORDER BY site_id'),
    sitesOfLocation: db.prepare<[string], SiteRow>('SELECT * FROM hub_sites WHERE location_id = ? ORDER BY site_id'),
    upsertSite: db.prepare(
      `INSERT INTO hub_sites (site_id, location_id, token_hash, token_expires_at, created_at) VALUES (@siteId, @locationId, @tokenHash, @expiresAt, @now)
       ON CONFLICT (site_id) DO UPDATE SET location_id = excluded.location_id, token_hash = excluded.token_hash, token_expires_at = excluded.token_expires_at`,
    ),
    enrol: db.prepare('UPDATE hub_sites SET token_hash = NULL, token_expires_at = NULL, credential_hash = ?, enrolled_at = ? WHERE site_id = ? AND token_hash = ?'),
    setLatest: db.prepare('UPDATE hub_sites SET latest_version = ? WHERE site_id = ?'),
    insertRelease: db.prepare(
      'INSERT INTO hub_releases (site_id, version, envelope, etag, created_at, expires_at, actor) VALUES (@site_id, @version, @envelope, @etag, @created_at, @expires_at, @actor)',
    ),
    latestRelease: db.prepare<[string], ReleaseRow>('SELECT r.* FROM hub_releases r JOIN hub_sites s ON s.site_id = r.site_id AND s.latest_version = r.version WHERE r.site_id = ?'),
    allLatest: db.prepare<[], ReleaseRow>('SELECT r.* FROM hub_releases r JOIN hub_sites s ON s.site_id = r.site_id AND s.latest_version = r.version'),
    release: db.prepare<[string, number], ReleaseRow>('SELECT * FROM hub_releases WHERE site_id = ? AND version = ?'),
    insertHeartbeat: db.prepare(
      'INSERT OR IGNORE INTO hub_heartbeats (site_id, seq, at, received_at, serving_version, metadata_stale, displays) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    // last_heartbeat_at is the hub's receive time: a site's clock may be wrong (no RTC), the hub's staleness must not be.
    siteHeartbeat: db.prepare(
      `UPDATE hub_sites SET last_heartbeat_at = @now, heartbeat_seconds = @heartbeatSeconds, serving_version = @servingVersion, metadata_stale = @stale, displays = @displays
       WHERE site_id = @siteId`,
    ),
    upsertCount: db.prepare(
      `INSERT INTO hub_counts (site_id, hour, key, n, rev) VALUES (@siteId, @hour, @key, @n, @rev)
       ON CONFLICT (site_id, hour, key) DO UPDATE SET n = excluded.n, rev = excluded.rev WHERE excluded.rev >= hub_counts.rev`,
    ),
    counts: db.prepare<[], { siteId: string; locationId: string; hour: string; key: string; n: number }>(
      'SELECT c.site_id AS siteId, s.location_id AS locationId, c.hour, c.key, c.n FROM hub_counts c JOIN hub_sites s ON s.site_id = c.site_id ORDER BY c.hour',
    ),
    upsertHour: db.prepare(
      `INSERT INTO hub_figures (site_id, hour, portal_views, connects, radius_accepts, radius_rejects, acct_records, acct_input_octets, acct_output_octets, displays_up, rev)
       VALUES (@siteId, @hour, @portalViews, @connects, @radiusAccepts, @radiusRejects, @acctRecords, @acctInputOctets, @acctOutputOctets, @displaysUp, @rev)
       ON CONFLICT (site_id, hour) DO UPDATE SET portal_views = excluded.portal_views, connects = excluded.connects, radius_accepts = excluded.radius_accepts,
         radius_rejects = excluded.radius_rejects, acct_records = excluded.acct_records, acct_input_octets = excluded.acct_input_octets,
         acct_output_octets = excluded.acct_output_octets, displays_up = excluded.displays_up, rev = excluded.rev
       WHERE excluded.rev >= hub_figures.rev`,
    ),
    figures: db.prepare<{ locationId: string | null; from: string | null; to: string | null }, FigureRow>(
      `SELECT f.site_id AS siteId, s.location_id AS locationId, f.hour, f.portal_views AS portalViews, f.connects, f.radius_accepts AS radiusAccepts,
              f.radius_rejects AS radiusRejects, f.acct_records AS acctRecords, f.acct_input_octets AS acctInputOctets,
              f.acct_output_octets AS acctOutputOctets, f.displays_up AS displaysUp
       FROM hub_figures f JOIN hub_sites s ON s.site_id = f.site_id
       WHERE (@locationId IS NULL OR s.location_id = @locationId) AND (@from IS NULL OR f.hour >= @from) AND (@to IS NULL OR f.hour < @to)
       ORDER BY f.hour, f.site_id`,
    ),
    purgeHeartbeats: db.prepare('DELETE FROM hub_heartbeats WHERE received_at < ?'),
    // the admin capability's append-only audit log (migration 100-admin): changes made through the machine API and
    // the CLI are recorded beside those made in the admin UI
    insertAudit: db.prepare('INSERT INTO admin_audit (at, actor, action, location_id, before_json, after_json, ip_hash) VALUES (?, ?, ?, ?, NULL, ?, NULL)'),
  };

  return {
    insertAudit: (at: number, actor: string, action: string, locationId: string | null, after: unknown) => {
      s.insertAudit.run(at, actor, action, locationId, JSON.stringify(after));
    },
    getSite: (id: string) => s.getSite.get(id),
    allSites: () => s.allSites.all(),
    sitesOfLocation: (loc: string) => s.sitesOfLocation.all(loc),
    registerSite: (siteId: string, locationId: string, tokenHash: string, expiresAt: number, now: number) =>
      s.upsertSite.run({ siteId, locationId, tokenHash, expiresAt, now }),
    /** true when the token hash still matched (one-time use) */
    enrol: (siteId: string, tokenHash: string, credentialHash: string, now: number) => s.enrol.run(credentialHash, now, siteId, tokenHash).changes === 1,
    /** Stores the releases and moves the latest pointers in one transaction. */
    insertReleases: db.transaction((rows: ReleaseRow[]) => {
      for (const r of rows) {
        s.insertRelease.run(r);
        s.setLatest.run(r.version, r.site_id);
      }
    }),
    latestRelease: (siteId: string) => s.latestRelease.get(siteId),
    allLatest: () => s.allLatest.all(),
    release: (siteId: string, version: number) => s.release.get(siteId, version),
    /** Stores a batch of telemetry durably (synchronous=FULL) before the caller acknowledges it. */
    intake: db.transaction((siteId: string, now: number, heartbeats: HeartbeatIn[], hours: HourIn[], counts: CountIn[] = []) => {
      // the site sends the whole hour's count with a rising rev: a repeat or an older delivery never adds twice
      for (const c of counts) s.upsertCount.run({ siteId, ...c });
      let last: HeartbeatIn | undefined;
      for (const h of heartbeats) {
        s.insertHeartbeat.run(siteId, h.seq, h.at, now, h.servingVersion, h.metadataStale ? 1 : 0, JSON.stringify(h.displays));
        if (!last || h.seq > last.seq) last = h;
      }
      if (last) {
        s.siteHeartbeat.run({
          siteId,
          now,
          heartbeatSeconds: last.heartbeatSeconds,
          servingVersion: last.servingVersion,
          stale: last.metadataStale ? 1 : 0,
          displays: JSON.stringify(last.displays),
        });
      }
      for (const h of hours) s.upsertHour.run({ siteId, ...h });
    }),
    figures: (q: { locationId?: string; from?: string; to?: string }) => s.figures.all({ locationId: q.locationId ?? null, from: q.from ?? null, to: q.to ?? null }),
    counts: (): CountRow[] => s.counts.all(),
    purgeHeartbeats: (before: number) => s.purgeHeartbeats.run(before).changes,
  };
}

export type HubStore = ReturnType<typeof createHubStore>;
