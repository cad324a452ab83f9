// The command line: flags reach the right config keys; help for command groups lists their commands.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeContext } from './cli.ts';

const config = async (argv: string[]) => makeContext(argv, {}, { out: () => undefined, err: () => undefined }).ctx.config();

describe('command line', () => {
  it('sends probes to the port the site really listens on when no public URL is configured', async () => {
    const c = await config(['site', '--port', '9001']);
    expect(c.http.port).toBe(9001);
    expect(c.http.publicUrl).toBe('http://localhost:9001');
  });

  it('keeps a configured public URL whatever the port', async () => {
    const c = await config(['site', '--port', '9001', '--set', 'http.publicUrl=http://portal.wifi.kraj-lbc.cz']);
    expect(c.http.publicUrl).toBe('http://portal.wifi.kraj-lbc.cz');
  });

  it('gives `peron hub --port` to the hub, not to the site port', async () => {
    const c = await config(['hub', '--port', '9100']);
    expect(c.hub.port).toBe(9100);
    expect(c.hub.publicUrl).toBe('http://localhost:9100');
    expect(c.http.port).toBe(8080);
  });

  it('answers `peron radius --help` (a command group) with its commands, not "unknown command"', () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'peron.js');
    const r = spawnSync(process.execPath, [bin, 'radius', '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).not.toContain('unknown command');
    expect(r.stdout).toContain('Usage: peron radius <command>');
    expect(r.stdout).toMatch(/radius sessions +list open RADIUS sessions/);
    expect(r.stdout).toContain('radius disconnect <session-id>');
    expect(r.status).toBe(0);
    const hubSite = spawnSync(process.execPath, [bin, 'hub', 'site', '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(hubSite.stdout).toContain('hub site add <site-id> --location <id>');
    expect(hubSite.stdout).not.toContain('run the county hub');
  });

  it('refuses stray words after a command that takes none, instead of starting a server', () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'peron.js');
    const r = spawnSync(process.execPath, [bin, 'site', 'bakup', 'x.bak', '--port', '0'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "site bakup x.bak"');
    expect(r.stdout).not.toContain('listening');
  });
});

describe('README configuration reference', () => {
  it('lists exactly the keys, defaults and descriptions of `peron config --doc`', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { repoRoot } = await import('./config-schema.ts');
    const { configDoc } = await import('./cli.ts');
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- config-doc:start -->\n([\s\S]*?)\n<!-- config-doc:end -->/.exec(readme);
    expect(block, 'README.md has a <!-- config-doc:start --> … <!-- config-doc:end --> block').not.toBeNull();
    // on a mismatch: paste the output of `node bin/peron.js config --doc` between the markers
    expect(block![1].split("\n")).toEqual(await configDoc());
  });
});
