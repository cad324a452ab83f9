// SQLite access: open with WAL and full fsync (durable before acknowledged), apply forward-only .sql migrations.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type DB = Database.Database;

const migrationsRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export type Role = 'site' | 'hub';

/** Opens (creating if needed) a database file, or ':memory:', and migrates it for the role. */
export function openDb(file: string, role: Role): DB {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we answer (an Accounting-Response, a Connect); survives power loss.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, role);
  return db;
}

export interface Migration { id: string; sql: string }

export function listMigrations(role: Role): Migration[] {
  const dir = join(migrationsRoot, role);
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

/**
 * Applies every migration not yet recorded, in file-name order, all in one transaction.
 * Migrations are tracked by name (not only PRAGMA user_version) because capabilities own number ranges
 * (001 platform, 100 captive, 200 radius, 300 departures, 400 content/sync, 500 kiosk) and land independently.
 */
export function migrate(db: DB, role: Role): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const done = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[]);
  const todo = listMigrations(role).filter((m) => !done.has(m.id));
  if (todo.length === 0) return [];
  const apply = db.transaction(() => {
    for (const m of todo) {
      try {
        db.exec(m.sql);
      } catch (err) {
        throw new Error(`migration ${role}/${m.id}.sql failed: ${(err as Error).message}`, { cause: err });
      }
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(m.id, Date.now());
    }
    db.pragma(`user_version = ${done.size + todo.length}`);
  });
  apply();
  return todo.map((m) => m.id);
}
