// The display registry in memory: heartbeats, connects and disconnects change a row here and cost no disk write;
// changed rows go to SQLite in one transaction at most every FLUSH_MS (and at stop). A flood of heartbeats is
// then a few map writes, never thousands of fsyncs that would stall the portal and RADIUS on the same loop.
// Heartbeats are telemetry, not records a traveller relies on: after a crash the registry is up to FLUSH_MS behind.
import type { Logger } from '../platform/log.ts';
import type { DisplayRow, Heartbeat, KioskStore } from './store.ts';

export const FLUSH_MS = 5000;

export function createDisplayRegistry(deps: { store: KioskStore; log: Logger; flushMs?: number }) {
  const { store, log } = deps;
  const rows = new Map<string, DisplayRow>();
  const dirty = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const blank = (id: string, now: number): DisplayRow => ({
    id, firstSeen: now, lastSeen: now, connected: false, clientVersion: null, contentVersion: null, boardVersion: null,
    shows: null, heapBytes: null, uptimeSeconds: null, clockOffsetMs: null, userAgent: null,
  });
  const touch = (id: string, now: number): DisplayRow => {
    let r = rows.get(id);
    if (!r) rows.set(id, (r = blank(id, now)));
    dirty.add(id);
    return r;
  };

  function flush() {
    if (!dirty.size) return;
    const changed = [...dirty].map((id) => rows.get(id)).filter((r): r is DisplayRow => !!r);
    dirty.clear();
    try {
      store.saveDisplays(changed);
    } catch (err) {
      log.error({ err }, 'display registry not saved');
    }
  }

  return {
    /** Loads the saved rows (nobody is connected after a start) and starts the batched writer. */
    start() {
      store.disconnectAll();
      rows.clear();
      for (const r of store.displays()) rows.set(r.id, r);
      timer = setInterval(flush, deps.flushMs ?? FLUSH_MS);
      timer.unref();
    },
    register(id: string, now: number, userAgent: string | null) {
      const r = touch(id, now);
      r.lastSeen = now;
      r.connected = true;
      r.userAgent = userAgent;
    },
    heartbeat(id: string, now: number, hb: Heartbeat) {
      const r = touch(id, now);
      Object.assign(r, {
        lastSeen: now, connected: true, clientVersion: hb.clientVersion ?? null, contentVersion: hb.contentVersion ?? null,
        boardVersion: hb.boardVersion ?? null, shows: hb.shows ?? null, heapBytes: hb.heapBytes ?? null,
        uptimeSeconds: hb.uptimeSeconds ?? null, clockOffsetMs: hb.clockOffsetMs ?? null,
      });
    },
    disconnect(id: string) {
      const r = rows.get(id);
      if (!r) return;
      r.connected = false;
      dirty.add(id);
    },
    /** Retention: displays no longer configured and silent since `before` are dropped here and in SQLite. */
    forgetRemoved(configured: string[], before: number) {
      flush();
      const n = store.forgetRemoved(configured, before);
      if (n) for (const [id, r] of rows) if (!configured.includes(id) && r.lastSeen < before) rows.delete(id);
      return n;
    },
    displays(): DisplayRow[] {
      return [...rows.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((r) => ({ ...r }));
    },
    flush,
    stop() {
      clearInterval(timer);
      flush();
    },
  };
}

export type DisplayRegistry = ReturnType<typeof createDisplayRegistry>;
