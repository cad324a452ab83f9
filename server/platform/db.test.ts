import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listMigrations, migrate, openDb } from './db.ts';

describe('database', () => {
  it('applies every migration once and records it', () => {
    const db = openDb(':memory:', 'site');
    const applied = db.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all();
    expect(applied).toEqual(listMigrations('site').map((m) => m.id));
    expect(migrate(db, 'site')).toEqual([]);
    db.close();
  });

  it('opens a file in WAL mode with full sync, so a commit survives a power cut', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'peron-db-')), 'site.sqlite');
    const db = openDb(file, 'site');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('hub and site databases have their own migrations', () => {
    const hub = openDb(':memory:', 'hub');
    expect(hub.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(listMigrations('hub').length);
    hub.close();
  });
});
