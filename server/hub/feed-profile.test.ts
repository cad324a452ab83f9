import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config-schema.ts';
import { ConfigError } from '../platform/errors.ts';
import { loadConfig } from '../platform/config.ts';

const example = join(import.meta.dirname, '..', '..', 'provisioning', 'hub', 'hub.yaml.example');

describe('the county feed profile (hub.feeds)', () => {
  it('reads the shipped example profile: the real county sources, each with its licence note and locations', () => {
    const c = loadConfig({ schema: configSchema, file: example });
    expect(c.hub.feeds.map((f) => f.id)).toEqual(['dpmlj', 'cz-rail', 'cz-bus']);
    expect(c.hub.feeds.find((f) => f.id === 'cz-rail')!.licence).toMatch(/CC0/);
    expect(c.hub.feeds.every((f) => f.locations.length > 0 && f.refreshHours === 24)).toBe(true);
  });

  it('refuses a feed id listed twice, naming the field', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'peron-hubcfg-')), 'hub.yaml');
    writeFileSync(file, 'hub:\n  feeds:\n    - { id: a, source: /x.zip, locations: [l] }\n    - { id: a, source: /y.zip, locations: [l] }\n');
    expect(() => loadConfig({ schema: configSchema, file })).toThrow(ConfigError);
    expect(() => loadConfig({ schema: configSchema, file })).toThrow(/hub\.feeds\.1\.id|listed twice/);
  });
});
