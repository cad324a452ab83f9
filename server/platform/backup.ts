// `peron site|hub backup <file>` and `… restore <file>`: one self-contained SQLite file per backup. The database
// is copied with SQLite's online backup API (a consistent snapshot while the server keeps writing); the few files
// of the data dir a restore needs besides it (the site's enrolment and downloaded release blobs, the hub's
// generated signing key and release blobs) ride along in a table of the copy. A restore checks the file's
// integrity and role first and refuses while a process has the database open; it swaps the database by rename.
import { fsyncPath } from './atomic-file.ts';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Role } from './db.ts';

/** Files of the data dir kept with the database, per role (folders taken whole). Imported GTFS lives in SQLite. */
export const BACKUP_FILES: Record<Role, string[]> = {
  site: ['sync/enrolment.json', 'sync/blobs'],
  hub: ['hub/signing-key.pem', 'hub/blobs'],
};

export class BackupError extends Error {
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'BackupError';
  }
}

export const dbFileOf = (dataDir: string, role: Role) => join(dataDir, `${role}.sqlite`);

function walk(root: string, rel: string): string[] {
  const abs = join(root, rel);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [rel];
  return readdirSync(abs).flatMap((n) => walk(root, join(rel, n)));
}

export interface BackupResult {
  file: string;
  bytes: number;
  files: number;
  migrations: number;
}

/** Writes a consistent backup of the role's database and files to `out` (a temp file renamed into place). */
export async function backupDataDir(dataDir: string, role: Role, out: string, now = new Date()): Promise<BackupResult> {
  const dbFile = dbFileOf(dataDir, role);
  if (!existsSync(dbFile)) throw new BackupError(`no ${role} database at ${dbFile} (is --data-dir right?)`);
  const tmp = `${out}.partial-${process.pid}`;
  rmSync(tmp, { force: true });
  const src = new Database(dbFile, { fileMustExist: true });
  try {
    src.pragma('busy_timeout = 5000');
    // SQLite online backup: pages copied while the server keeps serving; restarts itself if another process writes.
    await src.backup(tmp);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new BackupError(`cannot back up ${dbFile}: ${(err as Error).message}`, { cause: err });
  } finally {
    src.close();
  }
  const b = new Database(tmp);
  let files = 0;
  let migrations = 0;
  try {
    b.pragma('journal_mode = DELETE'); // one self-contained file, no -wal beside it
    migrations = (b.prepare('SELECT count(*) FROM schema_migrations').pluck().get() as number) ?? 0;
    b.exec('CREATE TABLE peron_backup (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    b.exec('CREATE TABLE peron_backup_files (path TEXT PRIMARY KEY, mode INTEGER NOT NULL, data BLOB NOT NULL)');
    const meta = b.prepare('INSERT INTO peron_backup (key, value) VALUES (?, ?)');
    const put = b.prepare('INSERT INTO peron_backup_files (path, mode, data) VALUES (?, ?, ?)');
    b.transaction(() => {
      meta.run('role', role);
      meta.run('createdAt', now.toISOString());
      meta.run('dataDir', dataDir);
      // blobs are content-addressed and written before the row that names them: every one the snapshot needs exists
      for (const rel of BACKUP_FILES[role].flatMap((r) => walk(dataDir, r))) {
        const abs = join(dataDir, rel);
        if (rel.split(sep).some((p) => p.startsWith('.') || p.includes('.partial'))) continue;
        put.run(rel.split(sep).join('/'), statSync(abs).mode & 0o777, readFileSync(abs));
        files++;
      }
    })();
  } finally {
    b.close();
  }
  fsyncPath(tmp);
  renameSync(tmp, out);
  fsyncPath(dirname(out));
  return { file: out, bytes: statSync(out).size, files, migrations };
}

/** PIDs of processes that have `file` (or its -wal) open, from /proc (Linux); empty where /proc is not readable. */
export function processesUsing(file: string): number[] {
  if (!existsSync(file) || !existsSync('/proc')) return [];
  const targets = new Set([realpathSync(file), realpathSync(file) + '-wal']);
  const pids: number[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (targets.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          pids.push(Number(pid));
          break;
        }
      } catch {
        // the fd closed meanwhile
      }
    }
  }
  return pids;
}

export interface RestoreResult {
  createdAt: string;
  files: number;
  /** where the database that was replaced went, if there was one */
  previous?: string;
}

/** Checks a backup file without changing anything: SQLite integrity, role, the tables it must have. */
export function verifyBackup(file: string, role: Role): { createdAt: string } {
  if (!existsSync(file)) throw new BackupError(`${file}: no such file`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${file}: not a Peron backup (${(err as Error).message})`, { cause: err });
  }
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${file}: damaged (SQLite integrity_check: ${String(check)}); nothing was changed`);
    const meta = (() => {
      try {
        return Object.fromEntries((db.prepare('SELECT key, value FROM peron_backup').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
      } catch (err) {
        throw new BackupError(`${file}: not a Peron backup (no peron_backup table); nothing was changed`, { cause: err });
      }
    })();
    if (meta.role !== role) throw new BackupError(`${file}: a ${meta.role ?? 'unknown'} backup, not a ${role} backup; nothing was changed`);
    return { createdAt: meta.createdAt };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file}: not a Peron backup (${(err as Error).message}); nothing was changed`, { cause: err });
  } finally {
    db.close();
  }
}

/**
 * Restores a backup into dataDir. Refuses while any process has the database open (stop the service first);
 * the database is swapped by rename, the replaced one kept as <role>.sqlite.before-restore-<time>.
 */
export function restoreDataDir(dataDir: string, role: Role, file: string, now = new Date()): RestoreResult {
  const { createdAt } = verifyBackup(file, role);
  const dbFile = dbFileOf(dataDir, role);
  const users = processesUsing(dbFile);
  if (users.length) throw new BackupError(`${dbFile} is in use by process${users.length > 1 ? 'es' : ''} ${users.join(', ')} (a running peron ${role}?): stop it first, e.g. systemctl stop peron-${role}; nothing was changed`);
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${dbFile}.restoring-${process.pid}`;
  writeFileSync(tmp, readFileSync(file));
  const db = new Database(tmp);
  let files = 0;
  try {
    const rows = db.prepare('SELECT path, mode, data FROM peron_backup_files ORDER BY path').all() as { path: string; mode: number; data: Buffer }[];
    for (const r of rows) {
      const target = join(dataDir, ...r.path.split('/'));
      if (relative(dataDir, target).startsWith('..')) throw new BackupError(`${file}: file path ${r.path} leaves the data dir; nothing was changed`);
    }
    for (const r of rows) {
      const target = join(dataDir, ...r.path.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      const part = `${target}.restoring-${process.pid}`;
      writeFileSync(part, r.data, { mode: r.mode });
      fsyncPath(part);
      renameSync(part, target);
      files++;
    }
    db.exec('DROP TABLE peron_backup_files; DROP TABLE peron_backup');
    db.pragma('journal_mode = WAL');
  } catch (err) {
    db.close();
    rmSync(tmp, { force: true });
    throw err;
  }
  db.close();
  fsyncPath(tmp);
  let previous: string | undefined;
  if (existsSync(dbFile)) {
    previous = `${dbFile}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dbFile, previous);
  }
  // a -wal or -shm left by the replaced database must not be replayed onto the restored one
  for (const ext of ['-wal', '-shm']) {
    if (existsSync(dbFile + ext)) {
      if (previous) renameSync(dbFile + ext, previous + ext);
      else rmSync(dbFile + ext, { force: true });
    }
  }
  renameSync(tmp, dbFile);
  fsyncPath(dataDir);
  return { createdAt, files, previous };
}
