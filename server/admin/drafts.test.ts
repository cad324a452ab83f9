import { describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { join } from 'node:path';
import { openDb } from '../platform/db.ts';
import { fixedClock } from '../platform/clock.ts';
import { silentLogger } from '../platform/log.ts';
import { createAudit } from './audit.ts';
import { createDrafts } from './drafts.ts';
import { nextTermsVersion } from './sections.ts';
import { createAdminStore } from './store.ts';

function setup() {
  const db = openDb(':memory:', 'hub');
  const clock = fixedClock(Date.parse('2026-12-01T08:00:00Z'));
  const store = createAdminStore(db);
  const audit = createAudit({ store, clock });
  const drafts = createDrafts({ store, clock, log: silentLogger(), audit, locationsDir: join(repoRoot, 'locations') });
  drafts.seed();
  return { drafts, audit, clock };
}
const ID = 'jablonec-nad-nisou';

describe('location drafts', () => {
  it('are seeded once from the location files', () => {
    const { drafts } = setup();
    expect(drafts.list().map((d) => d.location.id)).toContain(ID);
    expect(drafts.seed()).toEqual([]);
  });

  it('replace a stored draft that no longer fits the schema with the file, keeping the old one in the audit log', () => {
    const db = openDb(':memory:', 'hub');
    const clock = fixedClock(0);
    const store = createAdminStore(db);
    const audit = createAudit({ store, clock });
    const drafts = createDrafts({ store, clock, log: silentLogger(), audit, locationsDir: join(repoRoot, 'locations') });
    drafts.seed();
    const old = JSON.parse(store.draft(ID)!.content);
    old.removedSection = { x: 1 };
    db.prepare('UPDATE admin_drafts SET content = ? WHERE location_id = ?').run(JSON.stringify(old), ID);
    drafts.seed();
    expect(drafts.get(ID)!.location).not.toHaveProperty('removedSection');
    const [e] = audit.list({ locationIds: [ID], action: 'draft.reseed' });
    expect(JSON.parse(e.before!).removedSection).toEqual({ x: 1 });
    expect(JSON.parse(e.after!).reason).toMatch(/removedSection/);
  });

  it('save nothing when a field is invalid and say which field', () => {
    const { drafts, audit } = setup();
    const before = drafts.get(ID)!;
    const r = drafts.save(ID, 'guest', { guest: { sessionTimeout: '10', idleTimeout: '900', interimInterval: '300', downKbps: 'fast', upKbps: '2000', rememberDays: '1', randomizedMacs: 'remember' } }, before.version, 'e@x.cz');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path).sort()).toEqual(['guestProfile.downKbps', 'guestProfile.sessionTimeout']);
    expect(drafts.get(ID)).toEqual(before);
    expect(audit.list({ locationIds: [ID] }).map((e) => e.action)).toEqual(['draft.seed']);
  });

  it('gives changed terms a new version and leaves unchanged terms alone', () => {
    const { drafts } = setup();
    const d = drafts.get(ID)!;
    const same = drafts.save(ID, 'terms', { summary: d.location.terms.summary, text: d.location.terms.text }, d.version, 'e@x.cz');
    expect(same).toMatchObject({ ok: true, changed: false });
    const r = drafts.save(ID, 'terms', { summary: d.location.terms.summary, text: { ...d.location.terms.text, cs: 'Nové podmínky.' } }, d.version, 'e@x.cz');
    expect(r.ok && r.draft.location.terms.version).toBe('2026-12-01');
    expect(nextTermsVersion('2026-12-01', Date.parse('2026-12-01T20:00:00Z'), 'Europe/Prague')).toBe('2026-12-01.2');
    expect(nextTermsVersion('2026-12-01.2', Date.parse('2026-12-01T20:00:00Z'), 'Europe/Prague')).toBe('2026-12-01.3');
  });

  it('refuses an announcement that ends before it starts and an emergency message that has already expired', () => {
    const { drafts } = setup();
    const d = drafts.get(ID)!;
    const text = { cs: 'Výluka', en: 'Closure', de: 'Sperrung', pl: 'Zamknięcie' };
    const a = drafts.save(ID, 'announcements', { announcements: [{ text, priority: 'info', validFrom: '2026-12-10T10:00', validTo: '2026-12-09T10:00' }] }, d.version, 'e@x.cz');
    expect(a.ok === false && a.issues.map((i) => [i.path, i.code])).toEqual([['announcements.0.validTo', 'rule_after']]);
    const e = drafts.save(ID, 'emergency', { text, expires: '2026-12-01T08:00' }, d.version, 'e@x.cz'); // 07:00 UTC, an hour ago
    expect(e.ok === false && e.issues.map((i) => [i.path, i.code])).toEqual([['emergency.expires', 'rule_future']]);
    expect(drafts.get(ID)!.version).toBe(d.version);
    expect(drafts.save(ID, 'emergency', { text, expires: '2026-12-01T12:00' }, d.version, 'e@x.cz').ok).toBe(true);
  });

  it('refuses to overwrite a colleague\'s newer save', () => {
    const { drafts } = setup();
    const d = drafts.get(ID)!;
    const names = { cs: 'Jablonec n. N.', en: 'Jablonec', de: 'Gablonz', pl: 'Jablonec' };
    expect(drafts.save(ID, 'names', { names }, d.version, 'a@x.cz').ok).toBe(true);
    const stale = drafts.save(ID, 'names', { names: { ...names, cs: 'Jiný' } }, d.version, 'b@x.cz');
    expect(stale).toMatchObject({ ok: false, conflict: true });
    expect(drafts.get(ID)!.location.names.cs).toBe('Jablonec n. N.');
  });

  it('adds and removes list rows, ignoring the blank row', () => {
    const { drafts } = setup();
    const d = drafts.get(ID)!;
    const n = d.location.tiles.length;
    const tiles: Record<string, unknown> = {};
    d.location.tiles.forEach((t, i) => (tiles[i] = { ...t, remove: i === 0 ? '1' : undefined }));
    tiles[n] = { id: 'zoo', icon: 'tourism', url: 'https://www.zooliberec.cz/', title: { cs: 'Zoo', en: 'Zoo', de: 'Zoo', pl: 'Zoo' } };
    tiles[n + 1] = { id: '', icon: 'info', title: { cs: '', en: '', de: '', pl: '' } };
    const r = drafts.save(ID, 'tiles', { tiles }, d.version, 'a@x.cz');
    expect(r.ok).toBe(true);
    const after = drafts.get(ID)!.location.tiles;
    expect(after.length).toBe(n);
    expect(after[0].id).toBe(d.location.tiles[1].id);
    expect(after[n - 1]).toMatchObject({ id: 'zoo', url: 'https://www.zooliberec.cz/' });
  });
});
