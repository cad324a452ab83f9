// Hub SQL of county alerts (prepared statements): the alerts issued and the last signed state sent to sites.
import type { DB } from '../platform/db.ts';

export interface AlertRow {
  id: string;
  text: Record<string, string>;
  severity: string;
  locations: 'all' | string[];
  issuedAt: number;
  expiresAt: number;
  endedAt: number | null;
  actor: string;
  source: string;
}

interface Raw { id: string; text_json: string; severity: string; locations_json: string; issuedAt: number; expiresAt: number; endedAt: number | null; actor: string; source: string }
const COLS = 'id, text_json, severity, locations_json, issued_at AS issuedAt, expires_at AS expiresAt, ended_at AS endedAt, actor, source';
const row = (r: Raw): AlertRow => ({ ...r, text: JSON.parse(r.text_json), locations: JSON.parse(r.locations_json) });

export function createAlertsStore(db: DB) {
  const s = {
    upsert: db.prepare(
      `INSERT INTO hub_alerts (id, text_json, severity, locations_json, issued_at, expires_at, ended_at, actor, source)
       VALUES (@id, @text, @severity, @locations, @issuedAt, @expiresAt, NULL, @actor, @source)
       ON CONFLICT (id) DO UPDATE SET text_json = excluded.text_json, severity = excluded.severity, locations_json = excluded.locations_json,
         issued_at = excluded.issued_at, expires_at = excluded.expires_at, ended_at = NULL, actor = excluded.actor, source = excluded.source`,
    ),
    end: db.prepare('UPDATE hub_alerts SET ended_at = ? WHERE id = ? AND ended_at IS NULL'),
    get: db.prepare<[string], Raw>(`SELECT ${COLS} FROM hub_alerts WHERE id = ?`),
    live: db.prepare<[number], Raw>(`SELECT ${COLS} FROM hub_alerts WHERE ended_at IS NULL AND expires_at > ? ORDER BY issued_at DESC`),
    recent: db.prepare<[number], Raw>(`SELECT ${COLS} FROM hub_alerts ORDER BY issued_at DESC LIMIT ?`),
    state: db.prepare<[], { seq: number; envelope: string }>('SELECT seq, envelope FROM hub_alert_state WHERE id = 1'),
    setState: db.prepare('INSERT INTO hub_alert_state (id, seq, envelope) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, envelope = excluded.envelope'),
  };
  return {
    upsert: (a: Omit<AlertRow, 'endedAt'>) => s.upsert.run({ ...a, text: JSON.stringify(a.text), locations: JSON.stringify(a.locations) }),
    /** true when it was in force */
    end: (id: string, at: number) => s.end.run(at, id).changes === 1,
    get: (id: string) => { const r = s.get.get(id); return r ? row(r) : undefined; },
    live: (now: number) => s.live.all(now).map(row),
    recent: (n = 50) => s.recent.all(n).map(row),
    state: () => s.state.get() ?? null,
    setState: (seq: number, envelope: string) => s.setState.run(seq, envelope),
    transaction: <T>(fn: () => T) => db.transaction(fn)(),
  };
}

export type AlertsStore = ReturnType<typeof createAlertsStore>;
