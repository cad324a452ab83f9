// The hub's release and fleet core behind HubApi: builds and signs per-site releases, enrols sites, takes in telemetry.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { locationSchema, type Location } from '../content/index.ts';
import { AppError } from '../platform/errors.ts';
import { HubErrors } from './errors.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { safeEqual } from '../platform/privacy.ts';
import { hourKey, itemNameSchema, LOCATION_ITEM, manifestSchema, sha256, signManifest, type Manifest, type ManifestItem } from '../protocol/index.ts';
import type { BlobStore } from './blobs.ts';
import type { Keyring } from './keys.ts';
import type { CountIn, HeartbeatIn, HourIn, HubStore, ReleaseRow } from './store.ts';
import type { FigureRow, HubApi, PublishInput, SiteStatus } from './types.ts';

export const SITE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const HOUR = 3_600_000;

export interface Latest {
  version: number;
  etag: string;
  body: Buffer;
}

export interface HubServiceOptions {
  store: HubStore;
  blobs: BlobStore;
  keyring: Keyring;
  clock: Clock;
  log: Logger;
  releaseTtlHours: number;
  enrolTokenHours: number;
  publicUrl: string;
  /** called after releases are stored: the poke channel tells the sites */
  onReleased?: (released: { siteId: string; version: number }[]) => void;
}

export interface EnrolResult {
  siteId: string;
  locationId: string;
  credential: string;
  hubUrl: string;
  keys: { id: string; publicKey: string }[];
}

export function etagOf(body: Buffer): string {
  return `"${sha256(body).slice(0, 32)}"`;
}

export function createHubService(o: HubServiceOptions) {
  const { store, blobs, keyring, clock, log } = o;
  const latestCache = new Map<string, Latest | null>();

  function latest(siteId: string): Latest | null {
    const hit = latestCache.get(siteId);
    if (hit !== undefined) return hit;
    const row = store.latestRelease(siteId);
    const value = row ? { version: row.version, etag: row.etag, body: Buffer.from(row.envelope, 'utf8') } : null;
    latestCache.set(siteId, value);
    return value;
  }

  function manifestOf(row: ReleaseRow): Manifest {
    const env = JSON.parse(row.envelope) as { payload: string };
    return manifestSchema.parse(JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')));
  }

  /** Signs a new version for each site with the given items; stores all of them in one transaction. */
  function release(siteIds: { siteId: string; locationId: string; latest: number }[], itemsFor: ManifestItem[] | ((siteId: string) => ManifestItem[]), actor: string) {
    const now = clock.now();
    const expires = now + o.releaseTtlHours * HOUR;
    const rows: ReleaseRow[] = siteIds.map((s) => {
      const items = typeof itemsFor === 'function' ? itemsFor(s.siteId) : itemsFor;
      const manifest: Manifest = {
        schema: 1,
        siteId: s.siteId,
        locationId: s.locationId,
        version: s.latest + 1,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(expires).toISOString(),
        items,
        keys: keyring.published,
      };
      const envelope = JSON.stringify(signManifest(manifest, keyring.active));
      return { site_id: s.siteId, version: manifest.version, envelope, etag: etagOf(Buffer.from(envelope)), created_at: now, expires_at: expires, actor };
    });
    store.insertReleases(rows);
    for (const r of rows) latestCache.set(r.site_id, { version: r.version, etag: r.etag, body: Buffer.from(r.envelope, 'utf8') });
    const released = rows.map((r) => ({ siteId: r.site_id, version: r.version }));
    if (released.length) o.onReleased?.(released);
    return released;
  }

  const api: HubApi & {
    keys(): { id: string; publicKey: string; active: boolean }[];
    latestEnvelope(siteId: string): unknown;
  } = {
    async publish(locationId: string, input: PublishInput, actor: string) {
      const parsed = locationSchema.safeParse(input.location);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        throw new AppError(HubErrors.HUB_INVALID_RELEASE, `location ${i.path.join('.')}: ${i.message}`, { cause: parsed.error });
      }
      if (parsed.data.id !== locationId) throw new AppError(HubErrors.HUB_INVALID_RELEASE, `the content is for location ${parsed.data.id}, not ${locationId}`);
      const names = Object.keys(input.files ?? {}).sort();
      for (const n of names) {
        if (n === LOCATION_ITEM || !itemNameSchema.safeParse(n).success) throw new AppError(HubErrors.HUB_INVALID_RELEASE, `file name "${n}" is not allowed in a release`);
        if (!Buffer.isBuffer(input.files[n])) throw new AppError(HubErrors.HUB_INVALID_RELEASE, `file "${n}" is not a Buffer`);
      }
      const items: ManifestItem[] = [
        { name: LOCATION_ITEM, ...blobs.put(Buffer.from(JSON.stringify(parsed.data), 'utf8')) },
        ...names.map((name) => ({ name, ...blobs.put(input.files[name]) })),
      ];
      const sites = store.sitesOfLocation(locationId).map((s) => ({ siteId: s.site_id, locationId, latest: s.latest_version }));
      // the hub's trimmed feeds (gtfs/ items) are not the editor's: a content publication keeps those the site has
      // (a site without a release yet takes its location's), unless the publication brings its own
      const ownFeeds = items.some((i) => i.name.startsWith('gtfs/'));
      const feedsOf = (siteId: string) => {
        if (ownFeeds) return [];
        const row = store.latestRelease(siteId) ?? sites.map((x) => store.latestRelease(x.siteId)).find((r) => r !== undefined);
        return row ? manifestOf(row).items.filter((i) => i.name.startsWith('gtfs/')) : [];
      };
      const released = release(sites, (siteId) => [...items, ...feedsOf(siteId)], actor);
      log.info({ locationId, actor, sites: released }, 'release published');
      return { sites: released };
    },

    sites(): SiteStatus[] {
      const now = clock.now();
      return store.allSites().map((r) => {
        const interval = (r.heartbeat_seconds ?? 60) * 1000;
        const silent = r.last_heartbeat_at === null || now - r.last_heartbeat_at > 3 * interval;
        const behind = r.latest_version > 0 && (r.serving_version ?? 0) < r.latest_version;
        return {
          siteId: r.site_id,
          locationId: r.location_id,
          enrolledAt: r.enrolled_at,
          lastHeartbeatAt: r.last_heartbeat_at,
          servingVersion: r.serving_version,
          latestVersion: r.latest_version || null,
          stale: silent || behind || r.metadata_stale === 1,
          metadataStale: r.metadata_stale === 1,
          displays: JSON.parse(r.displays) as { id: string; up: boolean }[],
        };
      });
    },

    figures(q = {}): FigureRow[] {
      const iso = (t?: number) => (t === undefined ? undefined : hourKey(t));
      return store.figures({ locationId: q.locationId, from: iso(q.from), to: iso(q.to) });
    },

    addSite(siteId: string, locationId: string) {
      if (!SITE_ID.test(siteId)) throw new AppError(HubErrors.HUB_INVALID_SITE_ID, `site id "${siteId}": use lower-case letters, digits and dashes`);
      if (!SITE_ID.test(locationId)) throw new AppError(HubErrors.HUB_INVALID_SITE_ID, `location id "${locationId}": use lower-case letters, digits and dashes`);
      const token = `${siteId}.${randomBytes(24).toString('base64url')}`;
      store.registerSite(siteId, locationId, sha256(token), clock.now() + o.enrolTokenHours * HOUR, clock.now());
      latestCache.delete(siteId);
      log.info({ siteId, locationId }, 'site registered; enrolment token issued');
      return { token };
    },

    keys: () => keyring.keys.map((k) => ({ id: k.id, publicKey: keyring.published.find((p) => p.id === k.id)!.publicKey, active: k.id === keyring.active.id })),
    latestEnvelope: (siteId: string) => {
      const l = latest(siteId);
      return l ? JSON.parse(l.body.toString('utf8')) : null;
    },
  };

  return {
    api,
    latest,
    /** the key that signs new documents (releases, the county alert state) */
    activeKey: () => keyring.active,

    /** One-time token → site credential (only its hash is kept) and the hub's public keys. */
    enrol(token: string): EnrolResult {
      const siteId = token.split('.')[0];
      const row = siteId ? store.getSite(siteId) : undefined;
      const hash = sha256(token);
      if (!row || !row.token_hash || !safeEqual(hash, row.token_hash)) throw new AppError(HubErrors.HUB_ENROLMENT_INVALID, 'unknown or already used enrolment token');
      if ((row.token_expires_at ?? 0) < clock.now()) throw new AppError(HubErrors.HUB_ENROLMENT_INVALID, 'the enrolment token has expired; issue a new one');
      const credential = `${siteId}.${randomBytes(32).toString('base64url')}`;
      if (!store.enrol(siteId, hash, sha256(credential), clock.now())) throw new AppError(HubErrors.HUB_ENROLMENT_INVALID, 'the enrolment token was used concurrently');
      log.info({ siteId }, 'site enrolled');
      return { siteId, locationId: row.location_id, credential, hubUrl: o.publicUrl, keys: keyring.published };
    },

    /** The site a bearer credential belongs to, or null (constant-time hash comparison). */
    authenticate(authorization: string | undefined): string | null {
      const m = /^Bearer ([a-z0-9-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
      if (!m) return null;
      const row = store.getSite(m[1]);
      const hash = sha256(`${m[1]}.${m[2]}`);
      if (!row?.credential_hash) {
        safeEqual(hash, hash);
        return null;
      }
      return safeEqual(hash, row.credential_hash) ? m[1] : null;
    },

    intake(siteId: string, heartbeats: HeartbeatIn[], hours: HourIn[], counts: CountIn[] = []) {
      store.intake(siteId, clock.now(), heartbeats, hours, counts);
    },
    /** labelled hourly counters of every site (downloads, page views) */
    counts: () => store.counts(),

    /**
     * Re-signs, as a new version with the same items, every latest release past half its lifetime, so that sites
     * only go stale when the hub is really gone (TUF timestamp role semantics).
     */
    refreshExpiring(): { siteId: string; version: number }[] {
      const now = clock.now();
      const halfLife = (o.releaseTtlHours * HOUR) / 2;
      const due = store.allLatest().filter((r) => r.expires_at - now < halfLife);
      const out: { siteId: string; version: number }[] = [];
      for (const r of due) {
        const m = manifestOf(r);
        out.push(...release([{ siteId: r.site_id, locationId: m.locationId, latest: r.version }], m.items, 'hub:refresh'));
      }
      if (out.length) log.info({ sites: out.length }, 'releases re-signed before expiry');
      return out;
    },

    /**
     * Ships a location's trimmed feeds: every site of the location with a release gets a new version whose `gtfs/`
     * items are `feedItems` (the other items unchanged); a site whose items would not change gets nothing, so an
     * unchanged feed costs no release. Returns the new versions.
     */
    releaseFeeds(locationId: string, feedItems: ManifestItem[], actor = 'hub:feeds'): { siteId: string; version: number }[] {
      const out: { siteId: string; version: number }[] = [];
      const key = (items: ManifestItem[]) => JSON.stringify([...items].sort((a, b) => a.name.localeCompare(b.name)));
      for (const s of store.sitesOfLocation(locationId)) {
        const row = store.latestRelease(s.site_id);
        if (!row) continue;
        const m = manifestOf(row);
        const items = [...m.items.filter((i) => !i.name.startsWith('gtfs/')), ...feedItems];
        if (key(items) === key(m.items)) continue;
        out.push(...release([{ siteId: s.site_id, locationId, latest: s.latest_version }], items, actor));
      }
      if (out.length) log.info({ locationId, sites: out }, 'feeds released');
      return out;
    },

    purge(retentionDays: number) {
      return store.purgeHeartbeats(clock.now() - retentionDays * 24 * HOUR);
    },

    /** The location content the location's sites were last given (its stations decide what a feed is trimmed to), or null. */
    locationOf(locationId: string): Location | null {
      for (const s of store.sitesOfLocation(locationId)) {
        const row = store.latestRelease(s.site_id);
        const item = row && manifestOf(row).items.find((i) => i.name === LOCATION_ITEM);
        if (item && blobs.has(item.sha256)) return locationSchema.parse(JSON.parse(readFileSync(blobs.path(item.sha256), 'utf8')));
      }
      return null;
    },

    /** An audit row for a change made outside the admin UI; `actor` is what the hub established, never the caller's word. */
    audit(actor: string, action: string, locationId: string | null, after: unknown) {
      store.insertAudit(clock.now(), actor, action, locationId, after);
    },
  };
}

export type HubService = ReturnType<typeof createHubService>;
