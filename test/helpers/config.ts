// Builds a validated site config for tests: a throw-away data dir, port 0, quiet logs, boards opened at 127.0.0.1.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type Config } from '../../server/config-schema.ts';
import { loadConfig } from '../../server/platform/config.ts';

export function testConfig(flags: Record<string, unknown> = {}): Config {
  const dataDir = mkdtempSync(join(tmpdir(), 'peron-test-'));
  return loadConfig({ schema: configSchema, env: {}, flags: { dataDir, 'http.port': 0, 'log.level': 'silent', 'radius.authPort': 0, 'radius.acctPort': 0, 'kiosk.displayHosts': ['127.0.0.1'], ...flags } }) as Config;
}
