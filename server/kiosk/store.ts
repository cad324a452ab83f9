// SQL of the display capability: the site-set emergency message and the display registry (prepared statements).
import type { DB } from '../platform/db.ts';

export interface StoredEmergency {
  text: Record<string, string>;
  expiresAt: number;
  setAt: number;
}

export interface DisplayRow {
  id: string;
  firstSeen: number;
  lastSeen: number;
  connected: boolean;
  clientVersion: string | null;
  contentVersion: string | null;
  boardVersion: string | null;
  shows: string | null;
  heapBytes: number | null;
  uptimeSeconds: number | null;
  clockOffsetMs: number | null;
  userAgent: string | null;
}

export interface Heartbeat {
  clientVersion?: string;
  contentVersion?: string;
  boardVersion?: string;
  shows?: string;
  heapBytes?: number | null;
  uptimeSeconds?: number;
  clockOffsetMs?: number;
}

/** the kiosk_displays columns as a DisplayRow (SQLite has no boolean: connected is 0/1 until toRow) */
const DISPLAY_COLUMNS = `id, first_seen AS firstSeen, last_seen AS lastSeen, connected, client_version AS clientVersion, content_version AS contentVersion,
  board_version AS boardVersion, shows, heap_bytes AS heapBytes, uptime_seconds AS uptimeSeconds, clock_offset_ms AS clockOffsetMs, user_agent AS userAgent`;
type DisplayDbRow = Omit<DisplayRow, 'connected'> & { connected: number };

export function createKioskStore(db: DB) {
  const getEmergency = db.prepare<[], { text_json: string; expires_at: number; set_at: number }>('SELECT text_json, expires_at, set_at FROM kiosk_emergency WHERE id = 1');
  const putEmergency = db.prepare(
    'INSERT INTO kiosk_emergency (id, text_json, expires_at, set_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET text_json = excluded.text_json, expires_at = excluded.expires_at, set_at = excluded.set_at',
  );
  const delEmergency = db.prepare('DELETE FROM kiosk_emergency WHERE id = 1');
  const dismiss = db.prepare('INSERT OR REPLACE INTO kiosk_emergency_dismissed (content_key, dismissed_at) VALUES (?, ?)');
  const isDismissed = db.prepare('SELECT 1 FROM kiosk_emergency_dismissed WHERE content_key = ?').pluck();
  const register = db.prepare(
    `INSERT INTO kiosk_displays (id, first_seen, last_seen, connected, user_agent) VALUES (@id, @now, @now, 1, @ua)
     ON CONFLICT (id) DO UPDATE SET last_seen = @now, connected = 1, user_agent = @ua`,
  );
  const beat = db.prepare(
    `UPDATE kiosk_displays SET last_seen = @now, connected = 1, client_version = @clientVersion, content_version = @contentVersion,
       board_version = @boardVersion, shows = @shows, heap_bytes = @heapBytes, uptime_seconds = @uptimeSeconds, clock_offset_ms = @clockOffsetMs
     WHERE id = @id`,
  );
  const disconnect = db.prepare('UPDATE kiosk_displays SET connected = 0 WHERE id = ?');
  const disconnectAll = db.prepare('UPDATE kiosk_displays SET connected = 0');
  const all = db.prepare<[], DisplayDbRow>(`SELECT ${DISPLAY_COLUMNS} FROM kiosk_displays ORDER BY id`);
  const one = db.prepare<[string], DisplayDbRow>(`SELECT ${DISPLAY_COLUMNS} FROM kiosk_displays WHERE id = ?`);
  const forget = db.prepare("DELETE FROM kiosk_displays WHERE last_seen < ? AND id NOT IN (SELECT value FROM json_each(?))");

  const save = db.prepare(
    `INSERT INTO kiosk_displays (id, first_seen, last_seen, connected, client_version, content_version, board_version, shows, heap_bytes, uptime_seconds, clock_offset_ms, user_agent)
     VALUES (@id, @firstSeen, @lastSeen, @connected, @clientVersion, @contentVersion, @boardVersion, @shows, @heapBytes, @uptimeSeconds, @clockOffsetMs, @userAgent)
     ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, connected = excluded.connected, client_version = excluded.client_version,
       content_version = excluded.content_version, board_version = excluded.board_version, shows = excluded.shows, heap_bytes = excluded.heap_bytes,
       uptime_seconds = excluded.uptime_seconds, clock_offset_ms = excluded.clock_offset_ms, user_agent = excluded.user_agent`,
  );
  const saveAll = db.transaction((rows: DisplayRow[]) => {
    for (const r of rows) save.run({ ...r, connected: r.connected ? 1 : 0 });
  });
  const toRow = (r: DisplayDbRow): DisplayRow => ({ ...r, connected: r.connected === 1 });

  return {
    emergency(): StoredEmergency | null {
      const r = getEmergency.get();
      return r ? { text: JSON.parse(r.text_json), expiresAt: r.expires_at, setAt: r.set_at } : null;
    },
    setEmergency(e: StoredEmergency): void {
      putEmergency.run(JSON.stringify(e.text), e.expiresAt, e.setAt);
    },
    clearEmergency(): boolean {
      return delEmergency.run().changes > 0;
    },
    dismissContentEmergency(key: string, now: number): void {
      dismiss.run(key, now);
    },
    isContentEmergencyDismissed(key: string): boolean {
      return isDismissed.get(key) === 1;
    },
    register(id: string, now: number, userAgent: string | null): void {
      register.run({ id, now, ua: userAgent });
    },
    heartbeat(id: string, now: number, hb: Heartbeat): void {
      beat.run({
        id,
        now,
        clientVersion: hb.clientVersion ?? null,
        contentVersion: hb.contentVersion ?? null,
        boardVersion: hb.boardVersion ?? null,
        shows: hb.shows ?? null,
        heapBytes: hb.heapBytes ?? null,
        uptimeSeconds: hb.uptimeSeconds ?? null,
        clockOffsetMs: hb.clockOffsetMs ?? null,
      });
    },
    /** Writes the in-memory registry's changed rows in one transaction (one fsync for any number of heartbeats). */
    saveDisplays(rows: DisplayRow[]): void {
      if (rows.length) saveAll(rows);
    },
    disconnect(id: string): void {
      disconnect.run(id);
    },
    disconnectAll(): void {
      disconnectAll.run();
    },
    /** Retention: rows of displays no longer in the location config, silent since `before`, are deleted. */
    forgetRemoved(configured: string[], before: number): number {
      return forget.run(before, JSON.stringify(configured)).changes;
    },
    displays(): DisplayRow[] {
      return all.all().map(toRow);
    },
    display(id: string): DisplayRow | null {
      const r = one.get(id);
      return r ? toRow(r) : null;
    },
  };
}

export type KioskStore = ReturnType<typeof createKioskStore>;
