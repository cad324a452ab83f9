// Opening the site database when it may be damaged (a power cut on a cheap SD card, a full disk): PRAGMA quick_check
// at start; a corrupt file (SQLITE_NOTADB, SQLITE_CORRUPT, a failed check) is moved aside with a timestamp, the
// station starts on a fresh database, and what can still be read (acceptances, accounting, the privacy key, trusted
// releases) is copied over row by row. The timetable comes back from re-import, content from the release on disk.
import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import type { Logger } from './log.ts';
import { openDb, type DB, type Role } from './db.ts';

const CORRUPT = /^SQLITE_(NOTADB|CORRUPT)/;

export class DatabaseCorrupt extends Error {
  readonly code: string;
  constructor(message: string, code: string, opts: { cause?: unknown } = {}) {
    super(message, opts);
    this.code = code;
    this.name = 'DatabaseCorrupt';
  }
}

/** Tables rebuilt from elsewhere (the GTFS re-import) are not salvaged; everything else is worth a try. */
const NOT_SALVAGED = /^(gtfs_|schema_migrations$|sqlite_)/;

function check(file: string, role: Role): DB {
  let db: DB | undefined;
  try {
    db = new Database(file);
    const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length) throw new DatabaseCorrupt(`quick_check: ${problems.join('; ')}`, 'SQLITE_CORRUPT');
    db.close();
    db = undefined;
    return openDb(file, role);
  } catch (err) {
    try { db?.close(); } catch { /* already broken */ }
    const code = (err as { code?: string }).code ?? '';
    if (err instanceof DatabaseCorrupt || CORRUPT.test(code)) throw err instanceof DatabaseCorrupt ? err : new DatabaseCorrupt((err as Error).message, code, { cause: err });
    throw err;
  }
}

/** Copies every readable row of every salvageable table; a damaged page ends that table's copy, not the start-up. */
function salvage(from: string, to: DB): Record<string, number> {
  const copied: Record<string, number> = {};
  let old: DB;
  try {
    old = new Database(from, { fileMustExist: true });
  } catch {
    return copied;
  }
  try {
    const tables = to.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
    for (const t of tables.filter((n) => !NOT_SALVAGED.test(n))) {
      let n = 0;
      try {
        const cols = (to.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name);
        const oldCols = new Set((old.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name));
        const common = cols.filter((c) => oldCols.has(c));
        if (!common.length) continue;
        const list = common.map((c) => `"${c}"`).join(', ');
        const ins = to.prepare(`INSERT OR IGNORE INTO "${t}" (${list}) VALUES (${common.map(() => '?').join(', ')})`);
        to.exec('BEGIN');
        try {
          for (const row of old.prepare(`SELECT ${list} FROM "${t}"`).raw().iterate() as Iterable<unknown[]>) {
            try { if (ins.run(...row).changes) n++; } catch { /* a row that no longer fits is skipped */ }
          }
        } catch { /* a damaged page: keep what was read so far */ }
        to.exec('COMMIT');
      } catch { /* the table is unreadable */ }
      if (n) copied[t] = n;
    }
  } finally {
    old.close();
  }
  return copied;
}

/**
 * Opens the database for the role; if it is corrupt, moves it (and its -wal/-shm) aside as
 * `<file>.corrupt-<timestamp>`, logs one line saying so, and returns a fresh database with what could be salvaged.
 */
export function openDbRecovering(file: string, role: Role, log: Logger, now: () => number = Date.now): DB {
  if (file === ':memory:' || !existsSync(file)) return openDb(file, role);
  try {
    return check(file, role);
  } catch (err) {
    if (!(err instanceof DatabaseCorrupt)) throw err;
    const aside = `${file}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, aside);
    for (const ext of ['-wal', '-shm']) if (existsSync(file + ext)) renameSync(file + ext, aside + ext);
    const db = openDb(file, role);
    const copied = salvage(aside, db);
    const summary = Object.entries(copied).map(([t, n]) => `${n} ${t}`).join(', ') || 'nothing readable';
    log.error(
      { file, movedTo: aside, code: err.code, salvaged: copied },
      `${role} database ${file} is corrupt (${err.code}: ${err.message}); moved aside to ${aside}, started on a fresh database, salvaged ${summary}; content returns from the last trusted release, the timetable from re-import`,
    );
    return db;
  }
}
