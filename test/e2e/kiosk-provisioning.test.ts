// The display box scripts against a real site: the launcher's Chromium (headless here) starts before the site,
// waits on its local page and reaches the board by itself; the watchdog restarts the browser only after
// repeated missing heartbeats, and never while the site itself is unreachable.
import { afterEach, expect, it } from 'vitest';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSiteApp, type RunningApp } from '../../server/app.ts';
import { repoRoot } from '../../server/config-schema.ts';
import { testConfig } from '../helpers/config.ts';
import { displayKey } from '../../server/kiosk/index.ts';
import { createPrivacy } from '../../server/platform/privacy.ts';
import { CHROMIUM } from '../helpers/browser.ts';
import { freePort } from '../helpers/kiosk-site-process.ts';

const dir = join(repoRoot, 'provisioning', 'kiosk');
const apps: RunningApp[] = [];
let launcher: ChildProcess | undefined;
afterEach(async () => {
  if (launcher && launcher.exitCode === null) {
    launcher.kill('SIGTERM');
    await new Promise((r) => launcher!.once('exit', r));
  }
  for (const a of apps.splice(0)) await a.close();
});

async function site(port: number, flags: Record<string, unknown> = {}) {
  const app = createSiteApp({ config: testConfig({ 'http.port': port, ...flags }) });
  await app.listen(port);
  apps.push(app);
  return app;
}

it('launches Chromium before the site is up and reaches the board once it answers', async () => {
  const port = await freePort();
  // the site's key is fixed here, so the display key for kiosk.env is known before the site starts
  const hashKey = 'k'.repeat(32);
  const key = displayKey(createPrivacy(Buffer.from(hashKey)), 'hala-odjezdy');
  launcher = spawn(join(dir, 'peron-kiosk-launch.sh'), ['hala-odjezdy'], {
    env: { ...process.env, PERON_KIOSK_KEY: key, PERON_SITE_URL: `http://127.0.0.1:${port}`, PERON_CHROMIUM: CHROMIUM, PERON_KIOSK_EXTRA_FLAGS: '--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage' },
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 2500));
  expect(launcher.exitCode).toBeNull();
  const base = `http://127.0.0.1:${port}`;
  await site(port, { 'privacy.hashKey': hashKey });
  let status: { up?: boolean } = {};
  for (let i = 0; i < 60 && !status.up; i++) {
    await new Promise((r) => setTimeout(r, 500));
    status = await (await fetch(`${base}/kiosk/hala-odjezdy/status.json`)).json();
  }
  expect(status.up).toBe(true);
  launcher.kill('SIGTERM');
  const code = await new Promise((r) => launcher!.once('exit', (c, s) => r(c ?? s)));
  expect(code).not.toBeNull();
}, 60_000);

it('restarts the browser after three checks without a heartbeat, not while the site is unreachable', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'peron-watchdog-'));
  const log = join(tmp, 'systemctl.log');
  writeFileSync(join(tmp, 'systemctl'), `#!/bin/sh\necho "$@" >> ${log}\n`);
  chmodSync(join(tmp, 'systemctl'), 0o755);
  const port = await freePort();
  // async: the site runs in this process and must answer curl meanwhile
  const run = async () =>
    (
      await promisify(execFile)(join(dir, 'peron-kiosk-watchdog.sh'), ['hala-odjezdy'], {
        env: { ...process.env, PATH: `${tmp}:${process.env.PATH}`, PERON_SITE_URL: `http://127.0.0.1:${port}`, RUNTIME_DIRECTORY: tmp },
        encoding: 'utf8',
      })
    ).stdout;
  await run();
  await run();
  await run();
  expect(existsSync(log)).toBe(false);
  await site(port);
  await run();
  await run();
  expect(existsSync(log)).toBe(false);
  expect(await run()).toContain('restarting peron-kiosk@hala-odjezdy.service');
  expect(readFileSync(log, 'utf8').trim()).toBe('restart peron-kiosk@hala-odjezdy.service');
});
