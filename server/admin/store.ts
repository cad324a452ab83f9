// Every SQL statement of the admin UI (prepared once): users, sessions, sign-in failures, audit, drafts,
// publications, the regional feed cache.
import type { DB } from '../platform/db.ts';

export type Role = 'county-admin' | 'editor';

export interface UserRow {
  id: number;
  email: string;
  passwordHash: string;
  role: Role;
  locations: string[];
}

export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  locationId: string | null;
  before: string | null;
  after: string | null;
}

export interface DraftRow {
  locationId: string;
  content: string;
  version: number;
  updatedAt: number;
  updatedBy: string;
}

export interface PublicationRow {
  id: number;
  locationId: string;
  draftVersion: number;
  contentHash: string;
  actor: string;
  at: number;
  ok: boolean;
  result: string;
}

export interface FeedCacheRow {
  feedId: string;
  content: string | null;
  fetchedAt: number | null;
  attemptedAt: number | null;
  error: string | null;
}

type RawUser = { id: number; email: string; password_hash: string; role: Role; locations: string };
const toUser = (r: RawUser | undefined): UserRow | undefined =>
  r && { id: r.id, email: r.email, passwordHash: r.password_hash, role: r.role, locations: JSON.parse(r.locations) as string[] };

export function createAdminStore(db: DB) {
  const s = {
    userByEmail: db.prepare('SELECT * FROM admin_users WHERE email = ?'),
    userById: db.prepare('SELECT * FROM admin_users WHERE id = ?'),
    users: db.prepare('SELECT * FROM admin_users ORDER BY email'),
    insertUser: db.prepare('INSERT INTO admin_users (email, password_hash, role, locations, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
    updateUser: db.prepare('UPDATE admin_users SET password_hash = ?, role = ?, locations = ?, updated_at = ? WHERE id = ?'),
    insertSession: db.prepare('INSERT INTO admin_sessions (id_hash, user_id, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)'),
    session: db.prepare('SELECT id_hash, user_id, csrf, created_at, last_seen_at FROM admin_sessions WHERE id_hash = ?'),
    touchSession: db.prepare('UPDATE admin_sessions SET last_seen_at = ? WHERE id_hash = ?'),
    deleteSession: db.prepare('DELETE FROM admin_sessions WHERE id_hash = ?'),
    purgeSessions: db.prepare('DELETE FROM admin_sessions WHERE last_seen_at < ? OR created_at < ?'),
    insertFailure: db.prepare('INSERT INTO admin_login_failures (kind, key, at) VALUES (?, ?, ?)'),
    failures: db.prepare('SELECT count(*) AS n, max(at) AS last FROM admin_login_failures WHERE kind = ? AND key = ? AND at >= ?'),
    clearFailures: db.prepare('DELETE FROM admin_login_failures WHERE kind = ? AND key = ?'),
    purgeFailures: db.prepare('DELETE FROM admin_login_failures WHERE at < ?'),
    insertAudit: db.prepare('INSERT INTO admin_audit (at, actor, action, location_id, before_json, after_json, ip_hash) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    draft: db.prepare('SELECT location_id AS locationId, content, version, updated_at AS updatedAt, updated_by AS updatedBy FROM admin_drafts WHERE location_id = ?'),
    drafts: db.prepare('SELECT location_id AS locationId, content, version, updated_at AS updatedAt, updated_by AS updatedBy FROM admin_drafts ORDER BY location_id'),
    insertDraft: db.prepare('INSERT INTO admin_drafts (location_id, content, version, updated_at, updated_by) VALUES (?, ?, 1, ?, ?) ON CONFLICT (location_id) DO NOTHING'),
    updateDraft: db.prepare('UPDATE admin_drafts SET content = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE location_id = ? AND version = ?'),
    insertPublication: db.prepare('INSERT INTO admin_publications (location_id, draft_version, content_hash, actor, at, ok, result) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    lastPublication: db.prepare('SELECT * FROM admin_publications WHERE location_id = ? ORDER BY id DESC LIMIT 1'),
    lastGoodPublication: db.prepare('SELECT * FROM admin_publications WHERE location_id = ? AND ok = 1 ORDER BY id DESC LIMIT 1'),
    feedCache: db.prepare('SELECT feed_id AS feedId, content, fetched_at AS fetchedAt, attempted_at AS attemptedAt, error FROM admin_feed_cache WHERE feed_id = ?'),
    feedGood: db.prepare(
      'INSERT INTO admin_feed_cache (feed_id, content, fetched_at, attempted_at, error) VALUES (?, ?, ?, ?, NULL) ON CONFLICT (feed_id) DO UPDATE SET content = excluded.content, fetched_at = excluded.fetched_at, attempted_at = excluded.attempted_at, error = NULL',
    ),
    feedBad: db.prepare(
      'INSERT INTO admin_feed_cache (feed_id, attempted_at, error) VALUES (?, ?, ?) ON CONFLICT (feed_id) DO UPDATE SET attempted_at = excluded.attempted_at, error = excluded.error',
    ),
  };
  type RawPub = { id: number; location_id: string; draft_version: number; content_hash: string; actor: string; at: number; ok: number; result: string };
  const toPub = (r: RawPub | undefined): PublicationRow | undefined =>
    r && { id: r.id, locationId: r.location_id, draftVersion: r.draft_version, contentHash: r.content_hash, actor: r.actor, at: r.at, ok: r.ok === 1, result: r.result };

  return {
    userByEmail: (email: string) => toUser(s.userByEmail.get(email) as RawUser | undefined),
    userById: (id: number) => toUser(s.userById.get(id) as RawUser | undefined),
    users: () => (s.users.all() as RawUser[]).map((r) => toUser(r)!),
    insertUser(u: { email: string; passwordHash: string; role: Role; locations: string[] }, now: number): number {
      return Number(s.insertUser.run(u.email, u.passwordHash, u.role, JSON.stringify(u.locations), now, now).lastInsertRowid);
    },
    updateUser(id: number, u: { passwordHash: string; role: Role; locations: string[] }, now: number) {
      s.updateUser.run(u.passwordHash, u.role, JSON.stringify(u.locations), now, id);
    },
    insertSession: (idHash: string, userId: number, csrf: string, now: number) => s.insertSession.run(idHash, userId, csrf, now, now),
    session: (idHash: string) =>
      s.session.get(idHash) as { id_hash: string; user_id: number; csrf: string; created_at: number; last_seen_at: number } | undefined,
    touchSession: (idHash: string, now: number) => s.touchSession.run(now, idHash),
    deleteSession: (idHash: string) => s.deleteSession.run(idHash),
    purgeSessions: (idleBefore: number, createdBefore: number) => s.purgeSessions.run(idleBefore, createdBefore).changes,
    insertFailure: (kind: 'account' | 'ip', key: string, at: number) => s.insertFailure.run(kind, key, at),
    failures: (kind: 'account' | 'ip', key: string, since: number) => s.failures.get(kind, key, since) as { n: number; last: number | null },
    clearFailures: (kind: 'account' | 'ip', key: string) => s.clearFailures.run(kind, key),
    purgeFailures: (before: number) => s.purgeFailures.run(before),
    insertAudit(e: { at: number; actor: string; action: string; locationId: string | null; before: unknown; after: unknown; ipHash?: string | null }) {
      const j = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
      s.insertAudit.run(e.at, e.actor, e.action, e.locationId, j(e.before), j(e.after), e.ipHash ?? null);
    },
    audit(q: { locationIds?: string[] | null; locationId?: string; action?: string; beforeId?: number; limit: number }): AuditRow[] {
      const where: string[] = [];
      const args: unknown[] = [];
      if (q.locationId) {
        where.push('location_id = ?');
        args.push(q.locationId);
      }
      if (q.locationIds) {
        where.push(`location_id IN (${q.locationIds.map(() => '?').join(',') || "''"})`);
        args.push(...q.locationIds);
      }
      if (q.action) {
        where.push('action = ?');
        args.push(q.action);
      }
      if (q.beforeId) {
        where.push('id < ?');
        args.push(q.beforeId);
      }
      const sql = `SELECT id, at, actor, action, location_id AS locationId, before_json AS before, after_json AS after FROM admin_audit ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`;
      return db.prepare(sql).all(...args, q.limit) as AuditRow[];
    },
    draft: (id: string) => s.draft.get(id) as DraftRow | undefined,
    drafts: () => s.drafts.all() as DraftRow[],
    insertDraft: (id: string, content: string, now: number, by: string) => s.insertDraft.run(id, content, now, by).changes === 1,
    /** Optimistic update: false when someone saved in between (the version moved on). */
    updateDraft: (id: string, content: string, expectedVersion: number, now: number, by: string) => s.updateDraft.run(content, now, by, id, expectedVersion).changes === 1,
    insertPublication: (p: Omit<PublicationRow, 'id'>) =>
      s.insertPublication.run(p.locationId, p.draftVersion, p.contentHash, p.actor, p.at, p.ok ? 1 : 0, p.result),
    lastPublication: (id: string) => toPub(s.lastPublication.get(id) as RawPub | undefined),
    lastGoodPublication: (id: string) => toPub(s.lastGoodPublication.get(id) as RawPub | undefined),
    feedCache: (id: string) => s.feedCache.get(id) as FeedCacheRow | undefined,
    feedGood: (id: string, content: string, at: number) => s.feedGood.run(id, content, at, at),
    feedBad: (id: string, at: number, error: string) => s.feedBad.run(id, at, error),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
  };
}
export type AdminStore = ReturnType<typeof createAdminStore>;
