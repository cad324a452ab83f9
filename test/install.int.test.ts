// The one-command installer in a throw-away root folder (provisioning/install.sh --root): the files land, the
// systemd units pass `systemd-analyze verify`, the site starts from the installed tree and serves the portal, and
// a second run upgrades in place keeping the configuration and the data.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../server/config-schema.ts';
import { waitFor } from './helpers/hub-fleet.ts';
import { freePort } from './helpers/kiosk-site-process.ts';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'peron-root-'));
let site: ChildProcess | undefined;

const install = (role: 'site' | 'hub') => run('bash', [join(repoRoot, 'provisioning', `install-${role}.sh`), '--root', root, '--node-modules', join(repoRoot, 'node_modules')], { env: { PATH: process.env.PATH ?? '' } });

afterAll(async () => {
  if (site && site.exitCode === null) {
    const gone = new Promise((r) => site!.once('exit', r));
    site.kill('SIGKILL');
    await gone;
  }
  rmSync(root, { recursive: true, force: true });
});

describe('provisioning/install-site.sh and install-hub.sh in a throw-away root', () => {
  it('installs the tree without tests, the config, the units and the peron command, and prints the enrolment step', async () => {
    const { stdout } = await install('site');
    expect(stdout).toContain('installed Peron');
    expect(stdout).toContain('peron site enrol <hub-url> <token>');
    const opt = join(root, 'opt', 'peron');
    for (const f of ['bin/peron.js', 'server/main.ts', 'templates', 'locations/liberec-hlavni-nadrazi.yaml', 'kiosk-client', 'node_modules/better-sqlite3', 'provisioning/kiosk/peron-kiosk-launch.sh']) expect(existsSync(join(opt, f)), f).toBe(true);
    for (const f of ['test', 'bench', '.git', 'server/radius/codec.test.ts']) expect(existsSync(join(opt, f)), f).toBe(false);
    expect(readFileSync(join(root, 'etc/peron/site.yaml'), 'utf8')).toBe(readFileSync(join(repoRoot, 'provisioning/site/site.yaml.example'), 'utf8'));
    expect(statSync(join(root, 'etc/peron/site.env')).mode & 0o777).toBe(0o640);
    const unitDir = join(root, 'etc/systemd/system');
    expect(readdirSync(unitDir).sort()).toEqual(['peron-backup@.service', 'peron-backup@.timer', 'peron-kiosk-watchdog@.service', 'peron-kiosk-watchdog@.timer', 'peron-kiosk@.service', 'peron-site.service']);
    const unit = readFileSync(join(unitDir, 'peron-site.service'), 'utf8');
    expect(unit).toMatch(new RegExp(`^ExecStart=${process.execPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} /opt/peron/bin/peron\\.js site `, 'm'));
    expect(unit).not.toMatch(/tsx|@NODE@/);
    expect(readFileSync(join(root, 'usr/local/bin/peron'), 'utf8')).toContain(`exec ${process.execPath} /opt/peron/bin/peron.js`);
  }, 60_000);

  it('writes units that pass systemd-analyze verify (paths pointed into the root)', async () => {
    const check = mkdtempSync(join(tmpdir(), 'peron-units-'));
    const unitDir = join(root, 'etc/systemd/system');
    await install('hub'); // the hub's unit joins the site's in the same root
    for (const f of readdirSync(unitDir)) {
      // templates get an instance name; /opt/peron paths point into the installed tree
      writeFileSync(join(check, f.replace('@.', '@hala.')), readFileSync(join(unitDir, f), 'utf8').replaceAll('/opt/peron/', `${root}/opt/peron/`));
    }
    const files = readdirSync(check).map((f) => join(check, f));
    expect(files.map((f) => f.split('/').pop())).toContain('peron-hub.service');
    const r = await run('systemd-analyze', ['verify', ...files], { cwd: check }).then((x) => ({ code: 0, stderr: x.stderr }), (e) => ({ code: e.code as number, stderr: e.stderr as string }));
    expect(r.stderr.split('\n').filter((l) => /peron/.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    rmSync(check, { recursive: true, force: true });
  }, 60_000);

  it('starts the site from the installed tree and serves the portal; a second run upgrades in place and keeps config and data', async () => {
    const data = join(root, 'var/lib/peron');
    const yaml = join(root, 'etc/peron/site.yaml');
    appendFileSync(yaml, '# edited by the technician\n');
    mkdirSync(join(data, 'sync'), { recursive: true });
    writeFileSync(join(data, 'keep.txt'), 'data');
    const { stdout } = await install('site');
    expect(stdout).toContain('upgraded Peron');
    expect(stdout).toContain('kept');
    expect(readFileSync(yaml, 'utf8')).toContain('# edited by the technician');
    expect(readFileSync(join(data, 'keep.txt'), 'utf8')).toBe('data');
    expect(readdirSync(join(root, 'opt')).sort()).toEqual(['peron']); // no half-swapped tree left behind

    const port = await freePort();
    site = spawn(process.execPath, [join(root, 'opt/peron/bin/peron.js'), 'site', '--config', yaml, '--data-dir', data, '--host', '127.0.0.1', '--port', String(port),
      '--set', `http.publicUrl=http://127.0.0.1:${port}`, '--set', 'radius.authPort=0', '--set', 'radius.acctPort=0', '--set', 'captive.controller=none', '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'], cwd: join(root, 'opt/peron'), env: { PATH: process.env.PATH ?? '' } });
    await waitFor(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false), 'installed site up', 20_000);
    const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'accept-language': 'cs' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Liberec');
    expect(existsSync(join(data, 'site.sqlite'))).toBe(true);
  }, 60_000);
});
