// SQL of the RADIUS capability: accounting sessions (prepared statements only).
import type { DB } from '../platform/db.ts';

export interface SessionRow {
  id: string;
  nas: string;
  nas_ip: string;
  nas_identifier: string | null;
  acct_session_id: string;
  user_name: string | null;
  mac_hash: string | null;
  started_at: number;
  updated_at: number;
  last_seen: number;
  stopped_at: number | null;
  input_octets: number;
  output_octets: number;
  session_time: number;
  interim_interval: number;
  terminate_cause: number | null;
  closed_by: string | null;
}

export type ClosedBy = 'stop' | 'nas-on' | 'nas-off' | 'reaper' | 'admin';

export function createRadiusStore(db: DB) {
  const get = db.prepare<[string], SessionRow>('SELECT * FROM radius_sessions WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO radius_sessions (id, nas, nas_ip, nas_identifier, acct_session_id, user_name, mac_hash, started_at, updated_at, last_seen,
       stopped_at, input_octets, output_octets, session_time, interim_interval, terminate_cause, closed_by)
     VALUES (@id, @nas, @nas_ip, @nas_identifier, @acct_session_id, @user_name, @mac_hash, @started_at, @updated_at, @last_seen,
       @stopped_at, @input_octets, @output_octets, @session_time, @interim_interval, @terminate_cause, @closed_by)`,
  );
  const update = db.prepare(
    `UPDATE radius_sessions SET user_name = @user_name, started_at = @started_at, updated_at = @updated_at, last_seen = @last_seen,
       stopped_at = @stopped_at, input_octets = @input_octets, output_octets = @output_octets, session_time = @session_time,
       terminate_cause = @terminate_cause, closed_by = @closed_by WHERE id = @id`,
  );
  const closeNas = db.prepare(
    `UPDATE radius_sessions SET stopped_at = @now, updated_at = @now, user_name = NULL, terminate_cause = @cause, closed_by = @by
     WHERE stopped_at IS NULL AND nas_ip = @nas_ip AND (@nas_identifier IS NULL OR nas_identifier IS NULL OR nas_identifier = @nas_identifier)`,
  );
  const reap = db.prepare(
    `UPDATE radius_sessions SET stopped_at = last_seen, user_name = NULL, closed_by = 'reaper'
     WHERE stopped_at IS NULL AND last_seen + 3 * interim_interval * 1000 < ?`,
  );
  const purge = db.prepare('DELETE FROM radius_sessions WHERE stopped_at IS NOT NULL AND stopped_at < ?');
  const listOpen = db.prepare<[number], SessionRow>('SELECT * FROM radius_sessions WHERE stopped_at IS NULL ORDER BY started_at DESC LIMIT ?');
  const closeOne = db.prepare(
    `UPDATE radius_sessions SET stopped_at = @now, updated_at = @now, user_name = NULL, terminate_cause = @cause, closed_by = @by
     WHERE id = @id AND stopped_at IS NULL`,
  );
  return {
    get: (id: string) => get.get(id),
    insert: (row: SessionRow) => void insert.run(row),
    update: (row: SessionRow) => void update.run(row),
    closeNas: (nas_ip: string, nas_identifier: string | null, now: number, cause: number, by: ClosedBy) => closeNas.run({ nas_ip, nas_identifier, now, cause, by }).changes,
    closeOne: (id: string, now: number, cause: number, by: ClosedBy) => closeOne.run({ id, now, cause, by }).changes,
    reap: (now: number) => reap.run(now).changes,
    purge: (before: number) => purge.run(before).changes,
    listOpen: (limit: number) => listOpen.all(limit),
    /** wraps fn in one transaction (BEGIN … COMMIT); nested calls become savepoints */
    transaction: <A extends unknown[], R>(fn: (...args: A) => R) => db.transaction(fn),
  };
}

export type RadiusStore = ReturnType<typeof createRadiusStore>;
