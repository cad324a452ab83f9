// Sign-in, lockout and server-side sessions of the admin UI. Sessions live in SQLite (the cookie holds a random
// id; the table holds its sha256) with an idle and an absolute expiry; failed sign-ins lock the account and the
// address for a while (OWASP Authentication Cheat Sheet: account lockout, generic error messages).
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../platform/clock.ts';
import type { AdminConfig } from './config.ts';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import type { AdminMetrics } from './metrics.ts';
import type { AdminStore, Role, UserRow } from './store.ts';

export interface Session {
  idHash: string;
  user: UserRow;
  csrf: string;
}

export type SignInResult =
  | { ok: true; sessionId: string; session: Session }
  | { ok: false; reason: 'invalid' | 'locked'; retryAfterSeconds?: number };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function createAuth(deps: { store: AdminStore; clock: Clock; config: AdminConfig; audit: (e: { actor: string; action: string; after?: unknown; ipHash?: string }) => void; metrics?: AdminMetrics }) {
  const { store, clock, config } = deps;
  const windowMs = config.lockoutWindowMinutes * 60_000;
  const lockMs = config.lockoutMinutes * 60_000;
  const idleMs = config.sessionIdleMinutes * 60_000;
  const absoluteMs = config.sessionAbsoluteHours * 3_600_000;
  let dummy: Promise<string> | undefined;

  /** Seconds until the key may try again, or 0 when it is not locked. */
  function lockedFor(kind: 'account' | 'ip', key: string, threshold: number): number {
    const now = clock.now();
    const { n, last } = store.failures(kind, key, now - windowMs);
    if (n < threshold || last === null) return 0;
    const until = last + lockMs;
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  return {
    async addUser(u: { email: string; password: string; role: Role; locations: string[] }, actor: string): Promise<{ id: number; created: boolean }> {
      const email = u.email.trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`not an e-mail address: ${u.email}`);
      const problem = passwordProblem(u.password);
      if (problem) throw new Error(`password too weak: ${problem}`);
      if (u.role === 'editor' && u.locations.length === 0) throw new Error('an editor needs --locations');
      const passwordHash = await hashPassword(u.password, config.passwordCost);
      const locations = u.role === 'editor' ? u.locations : [];
      const now = clock.now();
      return store.transaction(() => {
        const existing = store.userByEmail(email);
        if (existing) {
          store.updateUser(existing.id, { passwordHash, role: u.role, locations }, now);
          deps.audit({ actor, action: 'user.update', after: { email, role: u.role, locations, password: 'changed' } });
          return { id: existing.id, created: false };
        }
        const id = store.insertUser({ email, passwordHash, role: u.role, locations }, now);
        deps.audit({ actor, action: 'user.add', after: { email, role: u.role, locations } });
        return { id, created: true };
      });
    },

    async signIn(emailRaw: string, password: string, ipHash: string): Promise<SignInResult> {
      const email = emailRaw.trim().toLowerCase().slice(0, 320);
      const now = clock.now();
      store.purgeFailures(now - Math.max(windowMs, lockMs) * 2);
      const wait = Math.max(lockedFor('account', email, config.lockoutAccountFailures), lockedFor('ip', ipHash, config.lockoutIpFailures));
      if (wait > 0) {
        deps.audit({ actor: email || '-', action: 'signin.locked', ipHash });
        deps.metrics?.signIns.inc({ outcome: 'locked' });
        return { ok: false, reason: 'locked', retryAfterSeconds: wait };
      }
      const user = store.userByEmail(email);
      const ok = user ? await verifyPassword(password, user.passwordHash) : (await verifyPassword(password, await (dummy ??= dummyHash(config.passwordCost))), false);
      if (!user || !ok) {
        store.insertFailure('account', email, now);
        store.insertFailure('ip', ipHash, now);
        deps.audit({ actor: email || '-', action: 'signin.failed', ipHash });
        deps.metrics?.signIns.inc({ outcome: 'invalid' });
        return { ok: false, reason: 'invalid' };
      }
      store.clearFailures('account', email);
      const sessionId = randomBytes(32).toString('base64url');
      const csrf = randomBytes(24).toString('base64url');
      store.insertSession(sha256(sessionId), user.id, csrf, now);
      deps.audit({ actor: user.email, action: 'signin', ipHash });
      deps.metrics?.signIns.inc({ outcome: 'ok' });
      return { ok: true, sessionId, session: { idHash: sha256(sessionId), user, csrf } };
    },

    /** The live session for a cookie value, touched; undefined when unknown or expired (and then deleted). */
    session(sessionId: string | undefined): Session | undefined {
      if (!sessionId || sessionId.length > 100) return undefined;
      const idHash = sha256(sessionId);
      const row = store.session(idHash);
      if (!row) return undefined;
      const now = clock.now();
      if (now - row.last_seen_at > idleMs || now - row.created_at > absoluteMs) {
        store.deleteSession(idHash);
        return undefined;
      }
      const user = store.userById(row.user_id);
      if (!user) return undefined;
      store.touchSession(idHash, now);
      return { idHash, user, csrf: row.csrf };
    },

    signOut(session: Session) {
      store.deleteSession(session.idHash);
      deps.audit({ actor: session.user.email, action: 'signout' });
    },

    purge() {
      const now = clock.now();
      return store.purgeSessions(now - idleMs, now - absoluteMs);
    },
  };
}
export type Auth = ReturnType<typeof createAuth>;

/** Role checks, applied on every route and action (not only by hiding links). */
export function canAccessLocation(user: Pick<UserRow, 'role' | 'locations'>, locationId: string): boolean {
  return user.role === 'county-admin' || user.locations.includes(locationId);
}

export function isCountyAdmin(user: Pick<UserRow, 'role'>): boolean {
  return user.role === 'county-admin';
}

/** The locations a user may see, or null for all of them. */
export function visibleLocations(user: Pick<UserRow, 'role' | 'locations'>): string[] | null {
  return user.role === 'county-admin' ? null : user.locations;
}
