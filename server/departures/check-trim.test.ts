import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAndTrim, checkAndTrimInWorker } from './check-trim.ts';
import { DEFAULT_IMPORT_LIMITS } from './feed-source.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'gtfs');

describe('hub feed check and per-location trim', () => {
  it('validates with the site importer and packs a trimmed feed per location; the same input gives the same item', async () => {
    const job = { zip: join(fixtures, 'google-sample-feed-1.zip'), feed: 'demo', limits: DEFAULT_IMPORT_LIMITS, locations: [{ id: 'beatty', stopIds: ['BEATTY_AIRPORT'] }], now: Date.now() };
    const a = await checkAndTrim({ ...job, outDir: mkdtempSync(join(tmpdir(), 'peron-ct-')) });
    const b = await checkAndTrim({ ...job, outDir: mkdtempSync(join(tmpdir(), 'peron-ct-')) });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.lastDate).toMatch(/2010/);
    expect(a.trimmed[0].trips).toBeGreaterThan(0);
    expect(a.trimmed[0].sha256).toBe(b.trimmed[0].sha256);
  });

  it('refuses a broken feed with the importer\'s file and reason', async () => {
    const r = await checkAndTrim({ zip: join(fixtures, 'bad-gtfs.zip'), feed: 'x', limits: DEFAULT_IMPORT_LIMITS, locations: [], outDir: tmpdir(), now: Date.now() });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.reason.length).toBeGreaterThan(0);
  });

  it('runs in a worker thread with the same answer', async () => {
    const r = await checkAndTrimInWorker({ zip: join(fixtures, 'google-sample-feed-1.zip'), feed: 'demo', limits: DEFAULT_IMPORT_LIMITS, locations: [{ id: 'beatty', stopIds: ['BEATTY_AIRPORT'] }], outDir: mkdtempSync(join(tmpdir(), 'peron-ct-')), now: Date.now() });
    expect(r.ok).toBe(true);
  });
});
