// Issue 12 item 8: a corrupt site database no longer stops the station in a restart loop. A real `peron site` finds
// the damage at start (PRAGMA quick_check), moves the file aside with a timestamp, says so in one log line, starts
// fresh and salvages the accounting and the privacy key; a database that is not a database at all (SQLITE_NOTADB)
// starts fresh too, and the content comes back from the last trusted release kept on disk.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, writeSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { ATTR, CODE, int, text } from '../radius/codec.ts';
import { SECRET, TestNas, freeUdpPort } from '../../test/helpers/radius-peer.ts';
import { baseLocation, enrolledDataDir, startFleetSite, startTestHub, waitFor, withAnnouncement } from '../../test/helpers/hub-fleet.ts';

const LIBEREC = 'liberec-hlavni-nadrazi';
const procs: ChildProcess[] = [];
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

async function freeTcpPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

/** Overwrites bytes of a file in place (a damaged sector). */
function scribble(file: string, offset: number, length: number) {
  const fd = openSync(file, 'r+');
  try { writeSync(fd, Buffer.alloc(length, 0xab), 0, length, offset); } finally { closeSync(fd); }
}

describe('a corrupt site database', () => {
  it('is moved aside at start with one clear log line; accounting and the privacy key are salvaged; the station serves', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'peron-corrupt-'));
    const nas = new TestNas();
    await nas.ready();
    cleanup.push(async () => nas.close());
    const [auth, acct, http] = [await freeUdpPort(), await freeUdpPort(), await freeTcpPort()];
    let log = '';
    const start = async () => {
      log = '';
      const p = spawn(process.execPath, [join(repoRoot, 'bin/peron.js'), 'site', '--data-dir', dataDir, '--port', String(http), '--host', '127.0.0.1', '--set', `radius.authPort=${auth}`, '--set', `radius.acctPort=${acct}`, '--set', 'radius.host=127.0.0.1', '--log-level', 'warn'], {
        env: { PATH: process.env.PATH ?? '', PERON_RADIUS_CLIENTS: JSON.stringify([{ name: 'db-ap', address: '127.0.0.1', secret: SECRET }]) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      procs.push(p);
      p.stdout!.on('data', (d) => (log += d));
      p.stderr!.on('data', (d) => (log += d));
      for (let i = 0; i < 150; i++) {
        const r = await nas.send(nas.build(CODE.StatusServer, [], { withMa: true }), acct, 200);
        if (r?.code === CODE.AccountingResponse) return p;
        if (p.exitCode !== null) throw new Error(`peron site exited (${p.exitCode}): ${log}`);
      }
      throw new Error(`peron site did not answer: ${log}`);
    };
    const stop = async (p: ChildProcess) => { const gone = new Promise((r) => p.once('exit', r)); p.kill('SIGTERM'); await gone; };

    const first = await start();
    for (let s = 0; s < 20; s++) {
      const r = await nas.send(nas.build(CODE.AccountingRequest, [int(ATTR.AcctStatusType, 1), text(ATTR.AcctSessionId, `db-s${s}`), text(ATTR.UserName, 'aabbccddee' + String(s).padStart(2, '0')), text(ATTR.NasIdentifier, 'db-ap')]), acct, 2000);
      expect(r?.code).toBe(CODE.AccountingResponse);
    }
    await waitFor(async () => ((await (await fetch(`http://127.0.0.1:${http}/api/departures`)).json()) as { feeds: { loaded: boolean }[] }).feeds.some((f) => f.loaded), 'the demo timetable', 20_000);
    await stop(first);

    const file = join(dataDir, 'site.sqlite');
    const db = new Database(file);
    const key = db.prepare("SELECT value FROM meta WHERE key = 'privacy_key'").pluck().get();
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const page = db.prepare("SELECT pageno FROM dbstat WHERE name = 'gtfs_stop_times' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1").pluck().get() as number;
    db.close();
    expect(page).toBeGreaterThan(1);
    scribble(file, (page - 1) * pageSize, pageSize); // a damaged page of the timetable

    const second = await start();
    const lines = log.split('\n').filter((l) => l.includes('is corrupt'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toMatch(/moved aside to .*site\.sqlite\.corrupt-\d{4}-\d\d-\d\dT/);
    expect(lines[0]).toContain('20 radius_sessions');
    expect(readdirSync(dataDir).filter((f) => /^site\.sqlite\.corrupt-[^-]/.test(f) && !/-(wal|shm)$/.test(f))).toHaveLength(1);
    expect((await fetch(`http://127.0.0.1:${http}/`)).status).toBe(200);
    await stop(second);
    const fresh = new Database(file, { readonly: true });
    expect(fresh.prepare('SELECT count(*) FROM radius_sessions').pluck().get()).toBe(20);
    expect(fresh.prepare("SELECT value FROM meta WHERE key = 'privacy_key'").pluck().get()).toBe(key);
    expect(fresh.pragma('quick_check', { simple: true })).toBe('ok');
    fresh.close();
  }, 90_000);

  it('that is not a database at all starts fresh, and the content comes back from the trusted release on disk', async () => {
    const hub = await startTestHub();
    cleanup.push(() => hub.close());
    const dataDir = await enrolledDataDir(hub, 'db-1', LIBEREC);
    let site = await startFleetSite({ dataDir, location: LIBEREC });
    await hub.api.publish(LIBEREC, { location: withAnnouncement(baseLocation(join(repoRoot, 'locations'), LIBEREC), 'z vydání'), files: {} }, 'admin');
    await waitFor(() => site.app.content.current().source === 'release:1', 'release 1');
    await site.close();
    await hub.close();
    scribble(join(dataDir, 'site.sqlite'), 0, 100); // the header: SQLITE_NOTADB

    site = await startFleetSite({ dataDir, location: LIBEREC });
    cleanup.push(() => site.close());
    expect(site.app.content.current().source).toBe('release:1');
    expect(site.app.content.current().location.announcements[0].text.cs).toBe('z vydání');
    expect(readdirSync(dataDir).some((f) => f.startsWith('site.sqlite.corrupt-'))).toBe(true);
  }, 60_000);
});
