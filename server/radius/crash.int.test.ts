// Crash test: a real `peron site` process under accounting load is killed with SIGKILL and restarted on the
// same data dir; every Accounting-Request that got an Accounting-Response must be in the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { ATTR, CODE, int, text } from './codec.ts';
import { SECRET, TestNas, freeUdpPort } from '../../test/helpers/radius-peer.ts';


describe('accounting survives SIGKILL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'peron-crash-'));
  const procs: ChildProcess[] = [];
  let nas: TestNas;
  afterAll(() => {
    nas?.close();
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startSite(auth: number, acct: number): Promise<ChildProcess> {
    const p = spawn(process.execPath, [join(repoRoot, 'bin/peron.js'), 'site', '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1', '--set', `radius.authPort=${auth}`, '--set', `radius.acctPort=${acct}`, '--set', 'radius.host=127.0.0.1', '--log-level', 'warn'], {
      env: { ...process.env, PERON_RADIUS_CLIENTS: JSON.stringify([{ name: 'crash-ap', address: '127.0.0.1', secret: SECRET }]) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    procs.push(p);
    let err = '';
    p.stderr!.on('data', (d) => (err += d));
    for (let i = 0; i < 100; i++) {
      const r = await nas.send(nas.build(CODE.StatusServer, [], { withMa: true }), acct, 200);
      if (r?.code === CODE.AccountingResponse) return p;
      if (p.exitCode !== null) throw new Error(`peron site exited: ${err}`);
    }
    throw new Error(`peron site did not answer Status-Server: ${err}`);
  }

  it('keeps every acknowledged Start, Interim-Update and Stop', async () => {
    nas = new TestNas();
    await nas.ready();
    const [auth, acct] = [await freeUdpPort(), await freeUdpPort()];
    const first = await startSite(auth, acct);

    // acked[sessionId] = the events that got an Accounting-Response
    const acked = new Map<string, { start?: boolean; interim?: number; stop?: boolean }>();
    let sent = 0;
    let running = true;
    const worker = async (w: number) => {
      for (let s = 0; running; s++) {
        const id = `w${w}-s${s}`;
        const steps: [number, number][] = [[1, 0], [3, 1000 + s], [3, 2000 + s], [2, 3000 + s]];
        for (const [status, octets] of steps) {
          let r: Awaited<ReturnType<TestNas['send']>>;
          do {
            // a NAS retransmits until answered (a loaded CI box may take longer than one timeout)
            if (!running) return;
            sent++;
            r = await nas.send(nas.build(CODE.AccountingRequest, [int(ATTR.AcctStatusType, status), text(ATTR.AcctSessionId, id), text(ATTR.UserName, 'aabbccddee' + String(w).padStart(2, '0')), text(ATTR.NasIdentifier, 'crash-ap'), int(ATTR.AcctInputOctets, octets)]), acct, 300);
          } while (r?.code !== CODE.AccountingResponse && running);
          if (r?.code !== CODE.AccountingResponse) return; // the server is gone
          const a = acked.get(id) ?? {};
          if (status === 1) a.start = true;
          if (status === 3) a.interim = octets;
          if (status === 2) a.stop = true;
          acked.set(id, a);
        }
      }
    };
    const workers = Array.from({ length: 48 }, (_, w) => worker(w));
    // kill it mid-load, once a good number of records has been acknowledged
    await vi.waitFor(() => expect(acked.size).toBeGreaterThan(300), { timeout: 20_000, interval: 50 });
    first.kill('SIGKILL');
    running = false;
    await Promise.all(workers);
    await new Promise((r) => (first.exitCode !== null || first.signalCode ? r(null) : first.once('exit', r)));
    expect(acked.size).toBeGreaterThan(50);

    const second = await startSite(auth, acct);
    const db = new Database(join(dataDir, 'site.sqlite'), { readonly: true });
    const rows = new Map((db.prepare('SELECT acct_session_id, input_octets, closed_by FROM radius_sessions').all() as { acct_session_id: string; input_octets: number; closed_by: string | null }[]).map((r) => [r.acct_session_id, r]));
    db.close();
    const missing: string[] = [];
    for (const [id, a] of acked) {
      const row = rows.get(id);
      if (!row) missing.push(`${id}: no row`);
      else if (a.interim !== undefined && row.input_octets < a.interim) missing.push(`${id}: interim ${a.interim} lost`);
      else if (a.stop && row.closed_by !== 'stop') missing.push(`${id}: stop lost`);
    }
    expect(missing, `${sent} sent, ${acked.size} sessions acknowledged`).toEqual([]);
    second.kill('SIGTERM');
  }, 60_000);
});
