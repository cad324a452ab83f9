import { describe, expect, it } from 'vitest';
import { openDb } from '../platform/db.ts';
import { fixedClock } from '../platform/clock.ts';
import { adminConfig } from './config.ts';
import { canAccessLocation, createAuth, visibleLocations } from './auth.ts';
import { createAudit } from './audit.ts';
import { createAdminStore } from './store.ts';

function setup(over: Record<string, unknown> = {}) {
  const db = openDb(':memory:', 'hub');
  const clock = fixedClock(Date.parse('2026-12-01T08:00:00Z'));
  const store = createAdminStore(db);
  const audit = createAudit({ store, clock });
  const config = adminConfig.parse({ passwordCost: 10, ...over });
  const auth = createAuth({ store, clock, config, audit: (e) => audit.record(e) });
  return { db, clock, store, audit, auth };
}

describe('sign-in lockout', () => {
  it('locks an account after repeated failures, even for the right password, and unlocks after the lockout time', async () => {
    const { auth, clock } = setup({ lockoutAccountFailures: 3, lockoutMinutes: 15 });
    await auth.addUser({ email: 'editor@kraj-lbc.cz', password: 'long enough password', role: 'county-admin', locations: [] }, 'test');
    for (let i = 0; i < 3; i++) expect(await auth.signIn('editor@kraj-lbc.cz', 'wrong password', `ip${i}`)).toEqual({ ok: false, reason: 'invalid' });
    const locked = await auth.signIn('Editor@kraj-lbc.cz', 'long enough password', 'ip9');
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    expect((locked as { retryAfterSeconds: number }).retryAfterSeconds).toBe(15 * 60);
    clock.advance(15 * 60_000 + 1000);
    expect(await auth.signIn('editor@kraj-lbc.cz', 'long enough password', 'ip9')).toMatchObject({ ok: true });
  });

  it('locks an address that tries many accounts', async () => {
    const { auth } = setup({ lockoutIpFailures: 4, lockoutAccountFailures: 100 });
    await auth.addUser({ email: 'a@kraj-lbc.cz', password: 'long enough password', role: 'county-admin', locations: [] }, 'test');
    for (let i = 0; i < 4; i++) await auth.signIn(`guess${i}@kraj-lbc.cz`, 'x', 'same-ip');
    expect(await auth.signIn('a@kraj-lbc.cz', 'long enough password', 'same-ip')).toMatchObject({ ok: false, reason: 'locked' });
    expect(await auth.signIn('a@kraj-lbc.cz', 'long enough password', 'other-ip')).toMatchObject({ ok: true });
  });

  it('counts only failures inside the window', async () => {
    const { auth, clock } = setup({ lockoutAccountFailures: 3, lockoutWindowMinutes: 10 });
    await auth.addUser({ email: 'a@kraj-lbc.cz', password: 'long enough password', role: 'county-admin', locations: [] }, 'test');
    await auth.signIn('a@kraj-lbc.cz', 'x', 'i');
    await auth.signIn('a@kraj-lbc.cz', 'x', 'i');
    clock.advance(11 * 60_000);
    await auth.signIn('a@kraj-lbc.cz', 'x', 'i');
    expect(await auth.signIn('a@kraj-lbc.cz', 'long enough password', 'i')).toMatchObject({ ok: true });
  });

  it('records sign-ins and failed sign-ins in the audit log', async () => {
    const { auth, audit } = setup();
    await auth.addUser({ email: 'a@kraj-lbc.cz', password: 'long enough password', role: 'county-admin', locations: [] }, 'test');
    await auth.signIn('a@kraj-lbc.cz', 'nope', 'i');
    await auth.signIn('a@kraj-lbc.cz', 'long enough password', 'i');
    expect(audit.list({ locationIds: null }).map((e) => `${e.actor} ${e.action}`)).toEqual(['a@kraj-lbc.cz signin', 'a@kraj-lbc.cz signin.failed', 'test user.add']);
  });
});

describe('sessions', () => {
  it('ends a session after the idle time and after the absolute lifetime', async () => {
    const { auth, clock } = setup({ sessionIdleMinutes: 30, sessionAbsoluteHours: 2 });
    await auth.addUser({ email: 'a@kraj-lbc.cz', password: 'long enough password', role: 'county-admin', locations: [] }, 'test');
    const r = await auth.signIn('a@kraj-lbc.cz', 'long enough password', 'i');
    if (!r.ok) throw new Error('sign-in failed');
    for (let i = 0; i < 4; i++) {
      clock.advance(29 * 60_000);
      expect(auth.session(r.sessionId)?.user.email).toBe('a@kraj-lbc.cz');
    }
    clock.advance(5 * 60_000); // 2 h 1 min after sign-in, though never idle for 30 min
    expect(auth.session(r.sessionId)).toBeUndefined();

    const r2 = await auth.signIn('a@kraj-lbc.cz', 'long enough password', 'i');
    if (!r2.ok) throw new Error('sign-in failed');
    clock.advance(31 * 60_000);
    expect(auth.session(r2.sessionId)).toBeUndefined();
  });

  it('stores only a hash of the session id and forgets a signed-out session', async () => {
    const { auth, db } = setup();
    await auth.addUser({ email: 'a@kraj-lbc.cz', password: 'long enough password', role: 'county-admin', locations: [] }, 'test');
    const r = await auth.signIn('a@kraj-lbc.cz', 'long enough password', 'i');
    if (!r.ok) throw new Error('sign-in failed');
    expect(db.prepare('SELECT id_hash FROM admin_sessions').pluck().all()).not.toContain(r.sessionId);
    auth.signOut(auth.session(r.sessionId)!);
    expect(auth.session(r.sessionId)).toBeUndefined();
  });

  it('refuses weak passwords and editors without locations', async () => {
    const { auth } = setup();
    await expect(auth.addUser({ email: 'a@kraj-lbc.cz', password: 'short', role: 'county-admin', locations: [] }, 't')).rejects.toThrow(/12 characters/);
    await expect(auth.addUser({ email: 'b@kraj-lbc.cz', password: 'long enough password', role: 'editor', locations: [] }, 't')).rejects.toThrow(/--locations/);
  });
});

describe('roles', () => {
  it('lets a county administrator into every location and an editor only into theirs', () => {
    const admin = { role: 'county-admin' as const, locations: [] };
    const editor = { role: 'editor' as const, locations: ['jablonec-nad-nisou'] };
    expect(canAccessLocation(admin, 'liberec-hlavni-nadrazi')).toBe(true);
    expect(canAccessLocation(editor, 'jablonec-nad-nisou')).toBe(true);
    expect(canAccessLocation(editor, 'liberec-hlavni-nadrazi')).toBe(false);
    expect(visibleLocations(admin)).toBeNull();
    expect(visibleLocations(editor)).toEqual(['jablonec-nad-nisou']);
  });
});
