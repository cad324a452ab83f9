// The writer thread: an event is answered only once it is committed to the site SQLite file (read back through
// another connection), events that queue during a commit go together in the next one, and stop waits for them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../platform/db.ts';
import type { AcctEvent } from './accounting.ts';
import { createThreadAccountingWriter } from './accounting-thread.ts';

const dir = mkdtempSync(join(tmpdir(), 'peron-acct-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ev = (key: string, status: AcctEvent['status'], inputOctets: number): AcctEvent => ({
  status, key, nas: 'ap', nasIp: '10.0.0.1', nasIdentifier: 'ap-1', acctSessionId: key, userName: 'aabbccddeeff', macHash: null,
  eventTime: 1_000_000 + inputOctets, now: 1_000_000 + inputOctets, inputOctets, outputOctets: 0, sessionTime: 0, terminateCause: null, interimInterval: 300,
});

describe('accounting on the writer thread', () => {
  it('answers each event after its commit, groups what queues meanwhile, and flushes on stop', async () => {
    const file = join(dir, 'site.sqlite');
    openDb(file, 'site').close();
    const errors: Error[] = [];
    const writer = createThreadAccountingWriter(file, (e) => errors.push(e));
    await writer.open();
    const reader = new Database(file, { readonly: true });
    const row = reader.prepare('SELECT input_octets, closed_by FROM radius_sessions WHERE id = ?');
    const answered: string[] = [];
    const seen: (number | undefined)[] = [];
    const all: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      all.push(new Promise<void>((resolve, reject) => writer.submit(ev(`s${i % 100}`, i < 100 ? 'start' : i < 200 ? 'interim' : 'stop', i), (err, result) => {
        if (err) return reject(err);
        // durable before answered: another connection already sees it
        seen.push((row.get(`s${i % 100}`) as { input_octets: number } | undefined)?.input_octets);
        expect(result?.change).toBe(i < 100 ? 'insert' : 'update');
        answered.push(`s${i}`);
        resolve();
      })));
      if (i === 150) await new Promise((r) => setImmediate(r)); // a commit starts; the rest queues behind it
    }
    expect(writer.pending).toBeGreaterThan(0);
    await writer.flush();
    await Promise.all(all);
    expect(answered).toHaveLength(300);
    expect(seen.every((v) => v !== undefined)).toBe(true);
    expect(row.get('s42')).toEqual({ input_octets: 242, closed_by: 'stop' });
    expect(writer.pending).toBe(0);
    reader.close();
    await writer.close();
    expect(errors).toEqual([]);
  });
});
