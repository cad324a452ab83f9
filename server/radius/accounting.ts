// Accounting (RFC 2866): idempotent session upserts and a group committer that writes the events of one
// event-loop tick (a few ticks while datagrams keep arriving in full bursts) in one SQLite transaction; the caller
// answers each request only after that commit.
import type { ClosedBy, RadiusStore, SessionRow } from './store.ts';
import { ACCT_STATUS } from './codec.ts';

export type AcctStatus = 'start' | 'interim' | 'stop' | 'on' | 'off';

export const STATUS_NAME: Record<number, AcctStatus> = {
  [ACCT_STATUS.Start]: 'start',
  [ACCT_STATUS.InterimUpdate]: 'interim',
  [ACCT_STATUS.Stop]: 'stop',
  [ACCT_STATUS.AccountingOn]: 'on',
  [ACCT_STATUS.AccountingOff]: 'off',
};

export interface AcctEvent {
  status: AcctStatus;
  /** session key: our id from Class, else 'h:' + hash(NAS, Acct-Session-Id, MAC); empty for on/off */
  key: string;
  nas: string;
  nasIp: string;
  nasIdentifier: string | null;
  acctSessionId: string;
  userName: string | null;
  macHash: string | null;
  /** when it happened at the NAS: Event-Timestamp, else receive time − Acct-Delay-Time (ms) */
  eventTime: number;
  /** receive time (ms) */
  now: number;
  inputOctets: number;
  outputOctets: number;
  sessionTime: number;
  terminateCause: number | null;
  interimInterval: number;
}

export interface AcctResult {
  /** what the event changed: 'insert' | 'update' | 'noop' | number of sessions closed (on/off) */
  change: 'insert' | 'update' | 'noop' | number;
  deltaIn: number;
  deltaOut: number;
}

/**
 * The upsert rules: an Interim or Stop before Start creates the row; an Interim after Stop never reopens it;
 * a duplicate Stop changes nothing; a real Stop still finalises a row the reaper or a NAS reboot closed.
 */
export function applyEvent(old: SessionRow | undefined, ev: AcctEvent): { row: SessionRow; insert: boolean } | null {
  const stop = ev.status === 'stop';
  if (!old) {
    return {
      insert: true,
      row: {
        id: ev.key,
        nas: ev.nas,
        nas_ip: ev.nasIp,
        nas_identifier: ev.nasIdentifier,
        acct_session_id: ev.acctSessionId,
        user_name: stop ? null : ev.userName,
        mac_hash: ev.macHash,
        started_at: ev.status === 'start' ? ev.eventTime : ev.eventTime - ev.sessionTime * 1000,
        updated_at: ev.eventTime,
        last_seen: ev.now,
        stopped_at: stop ? ev.eventTime : null,
        input_octets: ev.inputOctets,
        output_octets: ev.outputOctets,
        session_time: ev.sessionTime,
        interim_interval: ev.interimInterval,
        terminate_cause: stop ? ev.terminateCause : null,
        closed_by: stop ? 'stop' : null,
      },
    };
  }
  if (old.closed_by === 'stop') return null; // duplicate Stop, Interim or Start after Stop
  const counters = {
    input_octets: Math.max(old.input_octets, ev.inputOctets),
    output_octets: Math.max(old.output_octets, ev.outputOctets),
    session_time: Math.max(old.session_time, ev.sessionTime),
  };
  if (old.stopped_at !== null && !stop) {
    // closed by the reaper, a NAS reboot or an admin: keep it closed, but keep the better counters
    if (counters.input_octets === old.input_octets && counters.output_octets === old.output_octets && counters.session_time === old.session_time) return null;
    return { insert: false, row: { ...old, ...counters } };
  }
  const started = ev.status === 'start' ? Math.min(old.started_at, ev.eventTime) : old.started_at;
  return {
    insert: false,
    row: {
      ...old,
      ...counters,
      started_at: started,
      updated_at: Math.max(old.updated_at, ev.eventTime),
      last_seen: Math.max(old.last_seen, ev.now),
      user_name: stop ? null : (old.user_name ?? ev.userName),
      stopped_at: stop ? ev.eventTime : null,
      terminate_cause: stop ? ev.terminateCause : null,
      closed_by: stop ? 'stop' : null,
    },
  };
}

const NAS_REBOOT = 11;
/** libuv's read limit per socket and loop turn (uv__udp_io) */
const BURST = 32;
const MAX_WAIT_TURNS = 3; // Acct-Terminate-Cause NAS-Reboot (RFC 2866 §5.10)

type Callback = (err: Error | null, result?: AcctResult) => void;

export interface AccountingWriter {
  /** queues an event; cb runs after the transaction holding it committed (or failed) */
  submit(ev: AcctEvent, cb: Callback): void;
  /** commits whatever is queued now (used on stop) */
  flush(): void;
  readonly pending: number;
}

export function createAccountingWriter(store: RadiusStore): AccountingWriter {
  let queue: { ev: AcctEvent; cb: Callback; result?: AcctResult; err?: Error }[] = [];
  let scheduled = false;

  const applyOne = (ev: AcctEvent): AcctResult => {
    if (ev.status === 'on' || ev.status === 'off') {
      return { change: store.closeNas(ev.nasIp, ev.nasIdentifier, ev.eventTime, NAS_REBOOT, (ev.status === 'on' ? 'nas-on' : 'nas-off') as ClosedBy), deltaIn: 0, deltaOut: 0 };
    }
    const old = store.get(ev.key);
    const next = applyEvent(old, ev);
    if (!next) return { change: 'noop', deltaIn: 0, deltaOut: 0 };
    if (next.insert) store.insert(next.row);
    else store.update(next.row);
    return {
      change: next.insert ? 'insert' : 'update',
      deltaIn: next.row.input_octets - (old?.input_octets ?? 0),
      deltaOut: next.row.output_octets - (old?.output_octets ?? 0),
    };
  };

  const commit = store.transaction((batch: typeof queue) => {
    for (const item of batch) {
      try {
        item.result = applyOne(item.ev);
      } catch (err) {
        item.err = err as Error; // one bad event must not hold back the others; its NAS gets no answer
      }
    }
  });

  // libuv reads at most 32 datagrams per socket and loop turn: a turn that brought that many suggests more are
  // waiting in the socket, so the commit waits one more turn (a few at most) to take them into the same fsync.
  let seen = 0;
  let waited = 0;
  function tick() {
    const fresh = queue.length - seen;
    if (fresh >= BURST && waited < MAX_WAIT_TURNS) {
      seen = queue.length;
      waited++;
      setImmediate(tick);
      return;
    }
    flush();
  }

  function flush() {
    scheduled = false;
    seen = 0;
    waited = 0;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    try {
      commit.immediate(batch); // BEGIN IMMEDIATE: a deferred transaction that read, then writes after another worker committed, fails at once with SQLITE_BUSY (WAL snapshot), with no busy wait
    } catch (err) {
      for (const item of batch) item.cb(err as Error);
      return;
    }
    for (const item of batch) item.cb(item.err ?? null, item.result);
  }

  return {
    submit(ev, cb) {
      queue.push({ ev, cb });
      if (!scheduled) {
        scheduled = true;
        setImmediate(tick);
      }
    },
    flush,
    get pending() {
      return queue.length;
    },
  };
}
