// Issue 12 (hardening): hostile or careless configuration — numeric secrets in env, YAML alias bombs, unclosed quotes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config-schema.ts';
import { loadConfig } from './config.ts';
import { ConfigError } from './errors.ts';

function tmpFile(name: string, text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'peron-cfg-hard-')), name);
  writeFileSync(f, text);
  return f;
}

describe('configuration hardening (issue 12)', () => {
  it('keeps a numeric secret from env a string, byte for byte (PERON_CAPTIVE_FAS_KEY=0001234567890)', () => {
    const c = loadConfig({ schema: configSchema, env: { PERON_CAPTIVE_FAS_KEY: '0001234567890', PERON_CAPTIVE_UAM_SECRET: '1e3', PERON_HTTP_PORT: '9100' } });
    expect(c.captive.fasKey).toBe('0001234567890');
    expect(c.captive.uamSecret).toBe('1e3');
    expect(c.http.port).toBe(9100);
  });

  it('starts `peron config` with a numeric faskey in env instead of refusing it as a number', () => {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'peron.js');
    const r = spawnSync(process.execPath, [bin, 'config'], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, PERON_CAPTIVE_FAS_KEY: '1234567890' } });
    expect(r.stderr).not.toContain('expected string');
    expect(r.status).toBe(0);
  });

  it('refuses a YAML alias bomb quickly, naming the file', () => {
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n';
    let prev = 'a';
    for (let i = 0; i < 9; i++) { bomb += `b${i}: &b${i} [${Array(10).fill('*' + prev).join(',')}]\n`; prev = `b${i}`; }
    const file = tmpFile('bomb.yaml', bomb);
    const t0 = Date.now();
    let err: unknown;
    try { loadConfig({ schema: configSchema, file }); } catch (e) { err = e; }
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(/alias/);
  });

  it('reports an unclosed quote at the line where it opens, not at the end of the file', () => {
    const file = tmpFile('quote.yaml', 'http:\n  port: 9000\n  host: 127.0.0.1\nlog:\n  level: "info\nlocation: x\ndataDir: y\nlocationsDir: z\n');
    let err: unknown;
    try { loadConfig({ schema: configSchema, file }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).line).toBe(5);
    expect((err as Error).message).toContain(`${file}:5`);
  });
});
