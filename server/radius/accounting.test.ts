// Accounting upsert rules (RFC 2866; reference §3.3) and the group committer, on a real SQLite database.
import { describe, expect, it } from 'vitest';
import { openDb } from '../platform/db.ts';
import { applyEvent, createAccountingWriter, type AcctEvent } from './accounting.ts';
import { createRadiusStore } from './store.ts';

const T0 = Date.parse('2026-12-01T08:00:00Z');
const ev = (status: AcctEvent['status'], o: Partial<AcctEvent> = {}): AcctEvent => ({
  status, key: 's1', nas: 'ap', nasIp: '10.0.0.1', nasIdentifier: 'ap-1', acctSessionId: 'A1', userName: 'aabbccddeeff', macHash: 'h',
  eventTime: T0, now: T0, inputOctets: 0, outputOctets: 0, sessionTime: 0, terminateCause: null, interimInterval: 300, ...o,
});

function setup() {
  const db = openDb(':memory:', 'site');
  const store = createRadiusStore(db);
  const writer = createAccountingWriter(store);
  const put = (e: AcctEvent) => new Promise<void>((res, rej) => writer.submit(e, (err) => (err ? rej(err) : res())));
  return { db, store, writer, put };
}

describe('accounting upsert rules', () => {
  it('creates the session from an Interim-Update that arrived before its Start', async () => {
    const { store, put } = setup();
    await put(ev('interim', { eventTime: T0 + 300_000, sessionTime: 300, inputOctets: 1000 }));
    const row = store.get('s1')!;
    expect(row.stopped_at).toBe(null);
    expect(row.started_at).toBe(T0);
    expect(row.input_octets).toBe(1000);
    await put(ev('start'));
    expect(store.get('s1')!.input_octets).toBe(1000);
  });

  it('never reopens a stopped session and ignores a duplicate Stop', async () => {
    const { store, put } = setup();
    await put(ev('start'));
    await put(ev('stop', { eventTime: T0 + 600_000, sessionTime: 600, inputOctets: 5000, outputOctets: 9000, terminateCause: 1 }));
    const stopped = store.get('s1')!;
    expect(stopped.stopped_at).toBe(T0 + 600_000);
    expect(stopped.user_name).toBe(null); // personal data gone once closed
    await put(ev('interim', { eventTime: T0 + 900_000, inputOctets: 6000 }));
    await put(ev('stop', { eventTime: T0 + 700_000, inputOctets: 7000, terminateCause: 4 }));
    expect(store.get('s1')).toEqual(stopped);
  });

  it('keeps counters monotone when updates arrive out of order', () => {
    const start = applyEvent(undefined, ev('interim', { inputOctets: 500, outputOctets: 800 }))!.row;
    const older = applyEvent(start, ev('interim', { inputOctets: 100, outputOctets: 100 }))!.row;
    expect([older.input_octets, older.output_octets]).toEqual([500, 800]);
  });

  it('lets a late real Stop finalise a session the reaper closed', async () => {
    const { store, put } = setup();
    await put(ev('start'));
    expect(store.reap(T0 + 3 * 300_000 + 1)).toBe(1);
    expect(store.get('s1')!.closed_by).toBe('reaper');
    await put(ev('stop', { eventTime: T0 + 100_000, inputOctets: 42, terminateCause: 2 }));
    const row = store.get('s1')!;
    expect([row.closed_by, row.input_octets, row.terminate_cause]).toEqual(['stop', 42, 2]);
  });

  it('closes every open session of the NAS on Accounting-On, not those of other NASes', async () => {
    const { store, put } = setup();
    await put(ev('start', { key: 'a' }));
    await put(ev('start', { key: 'b' }));
    await put(ev('start', { key: 'c', nasIp: '10.0.0.2', nasIdentifier: 'ap-2' }));
    await put(ev('on', { key: '', eventTime: T0 + 1000 }));
    expect(store.get('a')!.closed_by).toBe('nas-on');
    expect(store.get('b')!.terminate_cause).toBe(11);
    expect(store.get('c')!.stopped_at).toBe(null);
  });

  it('answers the events of one tick together, each only once its row is in the database', async () => {
    const { writer, store } = setup();
    const done: string[] = [];
    for (let i = 0; i < 50; i++) writer.submit(ev('start', { key: `k${i}` }), (err) => {
      expect(err).toBe(null);
      expect(store.get(`k${i}`)).toBeDefined();
      done.push(`k${i}`);
    });
    expect(done).toHaveLength(0);
    expect(writer.pending).toBe(50);
    // a full burst (libuv reads 32 datagrams a turn) may wait a few turns for more, then all go in one commit
    const observed: number[] = [];
    for (let turn = 0; turn < 5 && done.length < 50; turn++) {
      await new Promise((r) => setImmediate(r));
      observed.push(done.length);
    }
    expect(done).toHaveLength(50);
    expect(observed.every((n) => n === 0 || n === 50)).toBe(true);
  });

  it('commits a small tick at the end of that tick', async () => {
    const { writer } = setup();
    const done: string[] = [];
    for (let i = 0; i < 5; i++) writer.submit(ev('start', { key: `s${i}` }), () => done.push(`s${i}`));
    await new Promise((r) => setImmediate(r));
    expect(done).toHaveLength(5);
  });

  it('purges closed sessions past retention and keeps open ones', async () => {
    const { store, put } = setup();
    await put(ev('start', { key: 'open' }));
    await put(ev('stop', { key: 'old', eventTime: T0 }));
    expect(store.purge(T0 + 1)).toBe(1);
    expect(store.get('old')).toBeUndefined();
    expect(store.get('open')).toBeDefined();
  });
});
