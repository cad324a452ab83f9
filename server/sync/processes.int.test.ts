import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { loadLocation } from '../content/index.ts';
import { waitFor, withAnnouncement } from '../../test/helpers/hub-fleet.ts';
import { freePort } from '../../test/helpers/kiosk-site-process.ts';

const run = promisify(execFile);
const PERON = join(repoRoot, 'bin', 'peron.js');
const LIBEREC = 'liberec-hlavni-nadrazi';
const children: ChildProcess[] = [];


function start(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [PERON, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
  children.push(child);
  return child;
}

async function kill(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

const json = async (url: string, init?: RequestInit) => (await fetch(url, { ...init, headers: { connection: 'close', ...(init?.headers ?? {}) } })).json() as Promise<any>;

afterAll(async () => {
  for (const c of children) await kill(c);
});

describe('hub and site as real processes', () => {
  it('enrols a site through the CLI, publishes to it, and the site keeps its release through a hub crash and its own restart', async () => {
    const hubDir = mkdtempSync(join(tmpdir(), 'peron-hub-'));
    const siteDir = mkdtempSync(join(tmpdir(), 'peron-site-'));
    const [hubPort, sitePort] = [await freePort(), await freePort()];
    const hubUrl = `http://127.0.0.1:${hubPort}`;
    const hubArgs = ['hub', '--data-dir', hubDir, '--host', '127.0.0.1', '--set', `hub.port=${hubPort}`, '--set', `hub.publicUrl=${hubUrl}`, '--log-level', 'warn'];
    const siteArgs = ['site', '--data-dir', siteDir, '--host', '127.0.0.1', '--port', String(sitePort), '--location', LIBEREC, '--log-level', 'warn',
      '--set', 'radius.authPort=0', '--set', 'radius.acctPort=0', '--set', 'sync.pokeDelayMaxMs=50', '--set', 'sync.heartbeatSeconds=1', '--set', 'sync.retryMaxMs=500'];

    const add = await run(process.execPath, [PERON, 'hub', 'site', 'add', 'lbc-proc-1', '--location', LIBEREC, '--data-dir', hubDir, '--set', `hub.publicUrl=${hubUrl}`]);
    const token = /enrolment token[^:]*: (\S+)/.exec(add.stdout)![1];
    expect(add.stdout).toContain(`peron site enrol ${hubUrl} ${token}`);

    let hub = start(hubArgs);
    await waitFor(() => fetch(`${hubUrl}/healthz`).then((r) => r.ok), 'hub up', 20_000);
    const enrol = await run(process.execPath, [PERON, 'site', 'enrol', hubUrl, token, '--data-dir', siteDir, '--insecure']);
    expect(enrol.stdout).toContain('enrolled site lbc-proc-1');
    const file = join(siteDir, 'sync', 'enrolment.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ siteId: 'lbc-proc-1', locationId: LIBEREC, hubUrl });
    await expect(run(process.execPath, [PERON, 'site', 'enrol', hubUrl, token, '--data-dir', siteDir, '--insecure'])).rejects.toMatchObject({ stderr: expect.stringContaining('already used') });

    let site = start(siteArgs);
    const siteUrl = `http://127.0.0.1:${sitePort}`;
    await waitFor(async () => (await json(`${siteUrl}/api/sync/status`)).pokeConnected, 'site connected to the hub', 20_000);

    const location = withAnnouncement(loadLocation(join(repoRoot, 'locations'), LIBEREC), 'Z procesu do procesu');
    const pub = await json(`${hubUrl}/api/hub/locations/${LIBEREC}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ location, actor: 'test' }) });
    expect(pub).toEqual({ sites: [{ siteId: 'lbc-proc-1', version: 1 }] });
    await waitFor(async () => (await json(`${siteUrl}/api/sync/status`)).source === 'release:1', 'site switched', 15_000);
    await waitFor(async () => (await json(`${hubUrl}/api/hub/sites`)).sites[0]?.servingVersion === 1, 'hub sees the heartbeat', 15_000);

    await kill(hub);
    const pulled = await json(`${siteUrl}/api/sync/pull`, { method: 'POST' });
    expect(pulled.result).toBe('error');
    expect(pulled.status).toMatchObject({ source: 'release:1', hubReachable: false });

    await kill(site);
    site = start(siteArgs);
    await waitFor(() => fetch(`${siteUrl}/healthz`).then((r) => r.ok), 'site restarted', 20_000);
    expect(await json(`${siteUrl}/api/sync/status`)).toMatchObject({ source: 'release:1', servingVersion: 1 });

    hub = start(hubArgs);
    await waitFor(() => fetch(`${hubUrl}/healthz`).then((r) => r.ok), 'hub back', 20_000);
    await waitFor(async () => (await json(`${hubUrl}/api/hub/sites`)).sites[0]?.stale === false, 'site fresh at the hub again', 15_000);
    await kill(site);
    await kill(hub);
  }, 120_000);
});
