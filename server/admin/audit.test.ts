import { describe, expect, it } from 'vitest';
import { openDb } from '../platform/db.ts';
import { fixedClock } from '../platform/clock.ts';
import { createAudit } from './audit.ts';
import { createAdminStore } from './store.ts';

describe('audit log', () => {
  it('cannot be edited or deleted, not even with direct SQL', () => {
    const db = openDb(':memory:', 'hub');
    const audit = createAudit({ store: createAdminStore(db), clock: fixedClock(0) });
    audit.record({ actor: 'a@kraj-lbc.cz', action: 'draft.names', locationId: 'jablonec-nad-nisou', before: { names: { cs: 'A' } }, after: { names: { cs: 'B' } } });
    expect(() => db.prepare("UPDATE admin_audit SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM admin_audit').run()).toThrow(/append-only/);
    const [e] = audit.list({ locationIds: null });
    expect(e).toMatchObject({ actor: 'a@kraj-lbc.cz', action: 'draft.names', locationId: 'jablonec-nad-nisou' });
    expect(JSON.parse(e.before!)).toEqual({ names: { cs: 'A' } });
    expect(JSON.parse(e.after!)).toEqual({ names: { cs: 'B' } });
  });

  it('shows an editor only the entries of their locations', () => {
    const db = openDb(':memory:', 'hub');
    const audit = createAudit({ store: createAdminStore(db), clock: fixedClock(0) });
    audit.record({ actor: 'x', action: 'draft.names', locationId: 'jablonec-nad-nisou' });
    audit.record({ actor: 'y', action: 'draft.names', locationId: 'liberec-hlavni-nadrazi' });
    audit.record({ actor: 'z', action: 'signin' });
    expect(audit.list({ locationIds: ['jablonec-nad-nisou'] }).map((e) => e.actor)).toEqual(['x']);
    expect(audit.list({ locationIds: null }).length).toBe(3);
    expect(audit.list({ locationIds: null, locationId: 'liberec-hlavni-nadrazi' }).map((e) => e.actor)).toEqual(['y']);
  });
});
