import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config-schema.ts';
import { envName, loadConfig, maskSecrets } from './config.ts';
import { ConfigError } from './errors.ts';

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'peron-cfg-'));
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('configuration', () => {
  it('layers defaults < file < env < flags', () => {
    const file = tmpFile('site.yaml', 'http:\n  port: 9000\n  host: 127.0.0.1\nlocation: jablonec-nad-nisou\n');
    const onlyFile = loadConfig({ schema: configSchema, file });
    expect(onlyFile.http.port).toBe(9000);
    expect(onlyFile.captive.controller).toBe('none');
    const withEnv = loadConfig({ schema: configSchema, file, env: { PERON_HTTP_PORT: '9100' } });
    expect(withEnv.http.port).toBe(9100);
    expect(withEnv.http.host).toBe('127.0.0.1');
    const withFlag = loadConfig({ schema: configSchema, file, env: { PERON_HTTP_PORT: '9100' }, flags: { 'http.port': '9200' } });
    expect(withFlag.http.port).toBe(9200);
    expect(withFlag.location).toBe('jablonec-nad-nisou');
  });

  it('rejects an unknown key in the file, naming file, line and field', () => {
    const file = tmpFile('bad.yaml', 'http:\n  port: 9000\n  prot: 1\n');
    expect(() => loadConfig({ schema: configSchema, file })).toThrow(ConfigError);
    try {
      loadConfig({ schema: configSchema, file });
    } catch (err) {
      expect((err as ConfigError).message).toBe(`${file}:3: http.prot: unknown key "prot"`);
    }
  });

  it('names the line of a value of the wrong type', () => {
    const file = tmpFile('bad.yaml', 'location: x\nhttp:\n  port: eighty\n');
    expect(() => loadConfig({ schema: configSchema, file })).toThrow(/bad\.yaml:3: http\.port: .*number/);
  });

  it('rejects unknown PERON_ environment variables instead of ignoring a typo', () => {
    expect(() => loadConfig({ schema: configSchema, env: { PERON_HTTP_PROT: '1' } })).toThrow(/unknown environment variable PERON_HTTP_PROT/);
  });

  it('reads a secret from a *_FILE variable', () => {
    const f = tmpFile('secret', 'uam-s3cret\n');
    const c = loadConfig({ schema: configSchema, env: { PERON_CAPTIVE_UAM_SECRET_FILE: f } });
    expect(c.captive.uamSecret).toBe('uam-s3cret');
  });

  it('is frozen after validation', () => {
    const c = loadConfig({ schema: configSchema });
    expect(Object.isFrozen(c.http)).toBe(true);
  });

  it('masks secrets when the config is logged', () => {
    const c = loadConfig({
      schema: configSchema,
      env: { PERON_CAPTIVE_UAM_SECRET: 'topsecret', PERON_RADIUS_CLIENTS: '[{"name":"ap","address":"127.0.0.1","secret":"radsecret"}]' },
    });
    const text = JSON.stringify(maskSecrets(c));
    expect(text).not.toContain('topsecret');
    expect(text).not.toContain('radsecret');
    expect(text).toContain('"uamSecret":"***"');
  });

  it('derives env names from config paths', () => {
    expect(envName(['captive', 'uamSecret'])).toBe('PERON_CAPTIVE_UAM_SECRET');
    expect(envName(['http', 'publicUrl'])).toBe('PERON_HTTP_PUBLIC_URL');
  });
});
