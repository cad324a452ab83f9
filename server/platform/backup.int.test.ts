// Backups as an operator runs them: `peron hub backup` and `peron site backup` against real serving processes
// (while the portal takes Connects), both processes SIGKILLed, `… restore` into fresh data dirs, and the restored
// pair serves the same release and acceptances and keeps working (a new release is signed with the same key and
// accepted by the site). A restore is refused while the server runs, and for a damaged or wrong-role file.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { loadLocation } from '../content/index.ts';
import { waitFor, withAnnouncement } from '../../test/helpers/hub-fleet.ts';
import { connect } from '../../test/helpers/captive-http.ts';
import { freeUdpPort } from '../../test/helpers/radius-peer.ts';
import { radclient } from '../../test/helpers/freeradius-tools.ts';
import { freePort } from '../../test/helpers/kiosk-site-process.ts';

const run = promisify(execFile);
const PERON = join(repoRoot, 'bin', 'peron.js');
const LIBEREC = 'liberec-hlavni-nadrazi';
const SECRET = 'backup-test-secret';
const children: ChildProcess[] = [];


const env = { PATH: process.env.PATH ?? '', PERON_RADIUS_CLIENTS: JSON.stringify([{ name: 'ap', address: '127.0.0.1', secret: SECRET, requireMessageAuthenticator: false }]) };

function start(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [PERON, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
  children.push(child);
  return child;
}
const peron = (args: string[]) => run(process.execPath, [PERON, ...args], { env });
const fails = (args: string[]) => peron(args).then((r) => ({ code: 0, stderr: r.stderr }), (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }));

async function kill(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

const json = async (url: string, init?: RequestInit) => (await fetch(url, { ...init, headers: { connection: 'close', ...(init?.headers ?? {}) } })).json() as Promise<any>;
const macAuth = (port: number, mac: string) => radclient(port, 'auth', `User-Name = "${mac}", User-Password = "${mac}", Calling-Station-Id = "${mac}"`, SECRET);
const count = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
};

afterAll(async () => {
  for (const c of children) await kill(c);
});

describe('backup and restore of a hub and a site (real processes)', () => {
  it('restores both into fresh data dirs from backups taken while serving; they serve the same release and acceptances', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'peron-backup-'));
    const [hubDir, siteDir, hubDir2, siteDir2] = ['hub', 'site', 'hub-restored', 'site-restored'].map((d) => join(tmp, d));
    const [hubPort, sitePort, authPort, acctPort] = [await freePort(), await freePort(), await freeUdpPort(), await freeUdpPort()];
    const hubUrl = `http://127.0.0.1:${hubPort}`;
    const siteUrl = `http://127.0.0.1:${sitePort}`;
    const hubArgs = (dir: string) => ['hub', '--data-dir', dir, '--host', '127.0.0.1', '--set', `hub.port=${hubPort}`, '--set', `hub.publicUrl=${hubUrl}`, '--log-level', 'warn'];
    // the "none" controller takes the guest's MAC from the kernel's neighbour table: here a file naming 127.0.0.1
    const arpFile = join(tmp, 'arp');
    writeFileSync(arpFile, 'IP address       HW type     Flags       HW address            Mask     Device\n127.0.0.1        0x1         0x2         3c:22:fb:11:22:33     *        wlan0\n');
    const siteArgs = (dir: string) => ['site', '--set', `captive.arpFile=${arpFile}`, '--data-dir', dir, '--host', '127.0.0.1', '--port', String(sitePort), '--location', LIBEREC, '--log-level', 'warn',
      '--set', `radius.host=127.0.0.1`, '--set', `radius.authPort=${authPort}`, '--set', `radius.acctPort=${acctPort}`, '--set', 'sync.pokeDelayMaxMs=50', '--set', 'sync.heartbeatSeconds=1', '--set', 'sync.retryMaxMs=500'];

    const add = await peron(['hub', 'site', 'add', 'lbc-backup-1', '--location', LIBEREC, '--data-dir', hubDir, '--set', `hub.publicUrl=${hubUrl}`]);
    const token = /enrolment token[^:]*: (\S+)/.exec(add.stdout)![1];
    let hub = start(hubArgs(hubDir));
    await waitFor(() => fetch(`${hubUrl}/healthz`).then((r) => r.ok, () => false), 'hub up', 20_000);
    await peron(['site', 'enrol', hubUrl, token, '--data-dir', siteDir, '--insecure']); // a loopback hub in the test: plain http
    let site = start(siteArgs(siteDir));
    await waitFor(async () => (await json(`${siteUrl}/api/sync/status`).catch(() => ({}))).pokeConnected, 'site connected', 20_000);
    const publish = (text: string) =>
      json(`${hubUrl}/api/hub/locations/${LIBEREC}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ location: withAnnouncement(loadLocation(join(repoRoot, 'locations'), LIBEREC), text), actor: 'test' }) });
    expect(await publish('Před zálohou')).toEqual({ sites: [{ siteId: 'lbc-backup-1', version: 1 }] });
    await waitFor(async () => (await json(`${siteUrl}/api/sync/status`)).source === 'release:1', 'site on release 1', 15_000);

    expect((await connect(siteUrl, '/?mac=3c22fb112233')).status).toBe(303);
    expect((await macAuth(authPort, '3c22fb112233')).code).toBe('Access-Accept');

    // backups while both serve and the portal keeps taking Connects
    const hubBak = join(tmp, 'hub.bak');
    const siteBak = join(tmp, 'site.bak');
    const load = Promise.all(Array.from({ length: 20 }, () => connect(siteUrl, '/')));
    const [hb, sb] = await Promise.all([peron(['hub', 'backup', hubBak, '--data-dir', hubDir]), peron(['site', 'backup', siteBak, '--data-dir', siteDir])]);
    await load;
    expect(hb.stdout).toMatch(/backup of the hub written to .*hub\.bak \(\d+ bytes, \d+ migrations, [1-9]\d* data files\)/);
    expect(sb.stdout).toMatch(/backup of the site written to .*site\.bak/);
    expect(count(siteBak, 'PRAGMA integrity_check') as unknown).toBe('ok');

    // a running site is not restored over
    const before = readFileSync(join(siteDir, 'site.sqlite'));
    const busy = await fails(['site', 'restore', siteBak, '--data-dir', siteDir]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/site\.sqlite is in use by process(es)? \d+(, \d+)* \(a running peron site\?\).*stop it first.*nothing was changed/);
    expect(readFileSync(join(siteDir, 'site.sqlite')).equals(before)).toBe(true);

    await kill(site);
    await kill(hub);

    // damaged and wrong-role backups change nothing
    const damaged = join(tmp, 'damaged.bak');
    const raw = readFileSync(siteBak);
    writeFileSync(damaged, Buffer.concat([raw.subarray(0, 100), Buffer.alloc(4096, 0xab), raw.subarray(4196)]));
    const bad = await fails(['site', 'restore', damaged, '--data-dir', siteDir2]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/damaged\.bak: (damaged|not a Peron backup)/);
    const wrongRole = await fails(['site', 'restore', hubBak, '--data-dir', siteDir2]);
    expect(wrongRole.stderr).toContain('a hub backup, not a site backup; nothing was changed');
    expect(existsSync(join(siteDir2, 'site.sqlite'))).toBe(false);

    expect((await peron(['hub', 'restore', hubBak, '--data-dir', hubDir2])).stdout).toMatch(/restored the hub from .*hub\.bak/);
    expect((await peron(['site', 'restore', siteBak, '--data-dir', siteDir2])).stdout).toMatch(/restored the site from .*site\.bak/);
    const accepted = count(join(siteDir2, 'site.sqlite'), 'SELECT count(*) FROM sqlite_master WHERE name = \'peron_backup_files\'');
    expect(accepted).toBe(0); // the backup's own tables are gone from the restored database

    hub = start(hubArgs(hubDir2));
    site = start(siteArgs(siteDir2));
    await waitFor(() => fetch(`${siteUrl}/healthz`).then((r) => r.ok, () => false), 'restored site up', 20_000);
    expect(await json(`${siteUrl}/api/sync/status`)).toMatchObject({ source: 'release:1', servingVersion: 1 });
    expect((await macAuth(authPort, '3c22fb112233')).code).toBe('Access-Accept');
    expect((await macAuth(authPort, '3c22fb990000')).code).toBe('Access-Reject');

    await waitFor(() => fetch(`${hubUrl}/healthz`).then((r) => r.ok, () => false), 'restored hub up', 20_000);
    await waitFor(async () => (await json(`${hubUrl}/api/hub/sites`)).sites[0]?.servingVersion === 1, 'restored hub hears the restored site', 15_000);
    // the restored hub signs with the same key, knows the site's credential and counts on from version 1
    expect(await publish('Po obnově')).toEqual({ sites: [{ siteId: 'lbc-backup-1', version: 2 }] });
    await waitFor(async () => (await json(`${siteUrl}/api/sync/status`)).source === 'release:2', 'restored site takes release 2', 15_000);
    await kill(site);
    await kill(hub);
  }, 120_000);
});
