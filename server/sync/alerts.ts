// The site's end of county alerts: takes the hub's signed alert state from the fast channel (pushed, no jitter) or
// by pull (on every (re)connect of the channel and every poll), verifies it with the keys the site trusts for
// releases, refuses an older seq, stores the last good state durably before using it, and tells listeners
// (boards, pages) at every change and at every expiry. A state past an alert's expiry never shows that alert.
import type { KeyObject } from 'node:crypto';
import type { Clock } from '../platform/clock.ts';
import type { DB } from '../platform/db.ts';
import type { Logger } from '../platform/log.ts';
import { alertFor, alertStateSchema, ALERTS_PATH, nextExpiry, verifyAlertState, type AlertState, type CountyAlertView } from '../protocol/index.ts';
import { readLimited } from './read-limited.ts';

const MAX_BYTES = 1 << 20;
const MAX_TIMER = 2 ** 31 - 1;

export type AlertAccept = 'stored' | 'unchanged' | 'refused';

export function createAlertStateStore(db: DB) {
  const get = db.prepare<[], { seq: number; state_json: string }>('SELECT seq, state_json FROM sync_alerts WHERE id = 1');
  const put = db.prepare(
    'INSERT INTO sync_alerts (id, seq, envelope, state_json, stored_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, envelope = excluded.envelope, state_json = excluded.state_json, stored_at = excluded.stored_at',
  );
  return {
    load(): AlertState | null {
      const r = get.get();
      if (!r) return null;
      const s = alertStateSchema.safeParse(JSON.parse(r.state_json));
      return s.success ? s.data : null;
    },
    seq: () => get.get()?.seq ?? -1,
    save: (state: AlertState, envelope: string, now: number) => put.run(state.seq, envelope, JSON.stringify(state), now),
  };
}

/** For processes that only read (the workers of a multi-process site): the state the owner stored, re-read at most once a second. */
export function createAlertReader(db: DB, clock: Clock, locationId: () => string): () => CountyAlertView | null {
  const store = createAlertStateStore(db);
  let at = -Infinity;
  let seq = -2;
  let state: AlertState | null = null;
  return () => {
    const now = clock.now();
    if (now - at > 1000) {
      at = now;
      const s = store.seq();
      if (s !== seq) {
        seq = s;
        state = store.load();
      }
    }
    return alertFor(state, locationId(), now);
  };
}

export function createAlertReceiver(o: {
  db: DB;
  clock: Clock;
  log: Logger;
  trusted: () => ReadonlyMap<string, KeyObject>;
  locationId: () => string;
  hubUrl?: string;
  credential?: string;
  fetch?: typeof fetch;
}) {
  const store = createAlertStateStore(o.db);
  let state = store.load();
  const listeners = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;
  let lastError: string | null = null;
  let refused: { at: number; message: string } | null = null;

  function changed() {
    schedule();
    for (const fn of listeners) fn();
  }

  /** One timer at the nearest expiry, so boards hear "ended" at that moment even when nobody asks. */
  function schedule() {
    clearTimeout(timer);
    const now = o.clock.now();
    const at = nextExpiry(state, o.locationId(), now);
    if (at === null) return;
    timer = setTimeout(changed, Math.min(at - now + 5, MAX_TIMER));
    timer.unref();
  }

  /** A signed state from the channel or a pull: verified, newer than the last good one, stored, then used. */
  function accept(raw: unknown, via: string): AlertAccept {
    const v = verifyAlertState(raw, o.trusted());
    if (!v.ok) {
      refused = { at: o.clock.now(), message: v.message };
      o.log.warn({ via, reason: v.reason }, `county alert state refused: ${v.message}`);
      return 'refused';
    }
    const last = state?.seq ?? -1;
    if (v.state.seq === last) return 'unchanged';
    if (v.state.seq < last) {
      refused = { at: o.clock.now(), message: `seq ${v.state.seq} is older than the stored ${last}` };
      o.log.warn({ via, seq: v.state.seq, last }, 'county alert state refused: older than the stored one');
      return 'refused';
    }
    store.save(v.state, JSON.stringify(raw), o.clock.now()); // durable (synchronous=FULL) before it is shown
    state = v.state;
    o.log.info({ via, seq: v.state.seq, alerts: v.state.alerts.length }, 'county alert state stored');
    changed();
    return 'stored';
  }

  async function pull(): Promise<AlertAccept | 'error' | 'none'> {
    if (!o.hubUrl || !o.credential) return 'none';
    try {
      const res = await (o.fetch ?? fetch)(`${o.hubUrl.replace(/\/$/, '')}${ALERTS_PATH}`, {
        headers: { authorization: `Bearer ${o.credential}`, ...(state ? { 'if-none-match': `"alerts-${state.seq}"` } : {}) },
        signal: AbortSignal.timeout(15_000),
      });
      if (res.status === 304) return 'unchanged';
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`hub answered HTTP ${res.status}`);
      }
      const text = (await readLimited(res, MAX_BYTES, 'the county alert state')).toString('utf8');
      lastError = null;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        refused = { at: o.clock.now(), message: 'the county alert state is not JSON' };
        return 'refused';
      }
      return accept(raw, 'pull');
    } catch (err) {
      lastError = (err as Error).message;
      o.log.debug({ err: lastError }, 'cannot fetch the county alert state');
      return 'error';
    }
  }

  schedule();
  return {
    accept,
    pull,
    current: (): CountyAlertView | null => alertFor(state, o.locationId(), o.clock.now()),
    onChange(fn: () => void): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    /** the content changed (another location id) */
    recheck: () => changed(),
    status: () => ({ seq: state?.seq ?? null, alerts: state?.alerts.length ?? 0, lastError, refused: refused ? { at: new Date(refused.at).toISOString(), message: refused.message } : null }),
    stop() {
      clearTimeout(timer);
      listeners.clear();
    },
  };
}

export type AlertReceiver = ReturnType<typeof createAlertReceiver>;
