// Acceptance records: what a traveller accepted, where and when, with MAC and IP only as keyed hashes.
// Implements the AcceptanceService contract RADIUS consumes, plus what the portal itself needs (record, byIp).
import { randomBytes } from 'node:crypto';
import type { ContentService } from '../content/index.ts';
import type { Lang } from '../platform/i18n.ts';
import { isRandomizedMac, normalizeMac, type Privacy } from '../platform/privacy.ts';
import { MacIndex } from './mac-index.ts';
import type { CaptiveStore } from './store.ts';
import type { AcceptanceService } from './types.ts';

/** A Connect counts for a randomised MAC ('portal-each-time') only this long: Connect → logon → Access-Request. */
export const FRESH_CONNECT_MS = 5 * 60 * 1000;
/** A UAM username/password pair is valid this long after Connect. */
export const UAM_LOGIN_TTL_MS = 10 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Tolerated clock skew between the moment of Connect and a caller's `now`. */
const SKEW_MS = 5_000;
/**
 * Probes repeat every few seconds per device and thousands arrive at once: the answer per IP is kept in memory
 * this long (never on disk). A Connect from that IP replaces its entry at once, so the answer flips immediately.
 */
const IP_CACHE_MS = 5_000;
const IP_CACHE_MAX = 50_000;

export interface RecordInput {
  lang: Lang;
  controller: string;
  mac?: string | null;
  ip: string;
  /** controller session data (nasid, called, sessionid, gateway …): no MAC, IP or visited URL */
  session?: Record<string, string>;
  /** a controller nonce (UAM challenge, openNDS hid) that may be used only once */
  nonce?: { kind: string; value: string };
  /** issue a UAM username/password for the logon URL */
  uamLogin?: boolean;
}

export interface Recorded {
  acceptanceId: string;
  acceptedAt: number;
  uam?: { username: string; password: string };
  /** settles once every other worker process knows of this acceptance (site.workers > 1); answer only then */
  published?: Promise<void>;
}

/** An acceptance committed by another process of the same site (site.workers > 1), for its memos. */
export interface AcceptanceEvent {
  id: string;
  acceptedAt: number;
  macHash: string | null;
  /** the client's address as the portal saw it: only to drop the probe memo, never stored */
  ip: string | null;
  contentVersion: string;
}

/** How one process of a multi-process site tells the others (server/site-cluster.ts); absent with one process. */
export interface AcceptancePeers {
  recorded(ev: AcceptanceEvent): Promise<void>;
  purged(before: number, now: number): void;
}

export interface Acceptances extends AcceptanceService {
  /** Records a Connect durably; null when the nonce was already used (a replay). */
  record(input: RecordInput, now: number): Recorded | null;
  nonceUsed(kind: string, value: string): boolean;
  /** The live acceptance of the client at this IP (within guestProfile.sessionTimeout), for probes and RFC 8908. */
  findByIp(ip: string, now: number): { acceptanceId: string; secondsRemaining: number } | null;
  purge(now: number): number;
  /** Another process committed this acceptance: update the memos as if recorded here. */
  seen(ev: AcceptanceEvent): void;
  /** Another process purged acceptances older than `before`. */
  purgedElsewhere(before: number, now: number): void;
}

export function createAcceptances(deps: { store: CaptiveStore; content: ContentService; privacy: Privacy; retentionDays: number; peers?: AcceptancePeers }): Acceptances {
  const { store, content, privacy } = deps;
  const uamPassword = (username: string) => privacy.hmac('uam-password', username).subarray(0, 12).toString('base64url');
  const nonceHash = (kind: string, value: string) => privacy.hmac(`nonce-${kind}`, value).toString('hex');
  const current = () => content.current().location;
  const macWindow = (gp: { rememberDays: number }, fresh: boolean) => (fresh || gp.rememberDays === 0 ? FRESH_CONNECT_MS : gp.rememberDays * DAY_MS);
  // MAC authentication runs per Access-Request: answered from memory, SQLite stays the record (mac-index.ts)
  const macIndex = new MacIndex(store, (snap) => Math.max(FRESH_CONNECT_MS, macWindow(snap.location.guestProfile, false)));
  const ipCache = new Map<string, { at: number; version: string; row: { id: string; accepted_at: number } | null }>();

  return {
    findByMac(mac, now) {
      const norm = normalizeMac(mac);
      if (!norm) return null;
      const snap = content.current();
      const loc = snap.location;
      const gp = loc.guestProfile;
      const window = macWindow(gp, isRandomizedMac(norm) && gp.randomizedMacs === 'portal-each-time');
      const macHash = privacy.hashMac(norm);
      const since = now - window;
      const until = now + SKEW_MS;
      const hit = macIndex.lookup(snap, macHash, since, until, now);
      if (hit !== undefined) return hit ? { acceptanceId: hit.id } : null;
      const row = store.latestByMac(macHash, loc.id, loc.terms.version, since, until);
      return row ? { acceptanceId: row.id } : null;
    },
    findUamLogin(username, now) {
      if (typeof username !== 'string' || !/^p[0-9a-f]{20}$/.test(username)) return null;
      const row = store.uamLogin(username, current().id, now, now + SKEW_MS);
      return row ? { acceptanceId: row.id, password: uamPassword(username) } : null;
    },
    record(input, now) {
      const snap = content.current();
      const loc = snap.location;
      const norm = input.mac ? normalizeMac(input.mac) : null;
      const macHash = norm ? privacy.hashMac(norm) : null;
      const id = randomBytes(12).toString('base64url');
      const username = input.uamLogin ? 'p' + randomBytes(10).toString('hex') : null;
      const ok = store.insertAcceptance(
        {
          id,
          location: loc.id,
          terms_version: loc.terms.version,
          accepted_at: now,
          lang: input.lang,
          controller: input.controller,
          mac_hash: macHash,
          mac_randomized: norm && isRandomizedMac(norm) ? 1 : 0,
          ip_hash: input.ip ? privacy.hashIp(input.ip) : null,
          session_json: JSON.stringify(input.session ?? {}),
          uam_username: username,
          uam_expires_at: username ? now + UAM_LOGIN_TTL_MS : null,
        },
        input.nonce ? { kind: input.nonce.kind, hash: nonceHash(input.nonce.kind, input.nonce.value) } : undefined,
      );
      if (!ok) return null;
      if (macHash) macIndex.add(snap, macHash, id, now);
      if (input.ip) ipCache.delete(input.ip);
      const published = deps.peers?.recorded({ id, acceptedAt: now, macHash, ip: input.ip || null, contentVersion: snap.version });
      return { acceptanceId: id, acceptedAt: now, uam: username ? { username, password: uamPassword(username) } : undefined, published };
    },
    nonceUsed: (kind, value) => store.nonceUsed(kind, nonceHash(kind, value)),
    findByIp(ip, now) {
      const snap = content.current();
      const loc = snap.location;
      const session = loc.guestProfile.sessionTimeout * 1000;
      let hit = ipCache.get(ip);
      if (!hit || hit.version !== snap.version || now - hit.at > IP_CACHE_MS || now < hit.at) {
        if (ipCache.size >= IP_CACHE_MAX) ipCache.clear();
        hit = { at: now, version: snap.version, row: store.latestByIp(privacy.hashIp(ip), loc.id, loc.terms.version, now - session, now + SKEW_MS) ?? null };
        ipCache.set(ip, hit);
      }
      const row = hit.row;
      if (!row || row.accepted_at + session <= now) return null;
      return { acceptanceId: row.id, secondsRemaining: Math.max(0, Math.round((row.accepted_at + session - now) / 1000)) };
    },
    purge(now) {
      const before = now - deps.retentionDays * DAY_MS;
      const n = store.purge(before);
      macIndex.purged(before, now);
      deps.peers?.purged(before, now);
      return n;
    },
    seen(ev) {
      const snap = content.current();
      // recorded under other content (a switch crossed the message): the index reloads from SQLite on that content
      if (ev.macHash && ev.contentVersion === snap.version) macIndex.add(snap, ev.macHash, ev.id, ev.acceptedAt);
      else if (ev.macHash) macIndex.reset();
      if (ev.ip) ipCache.delete(ev.ip);
    },
    purgedElsewhere(before, now) {
      macIndex.purged(before, now);
      ipCache.clear();
    },
  };
}
