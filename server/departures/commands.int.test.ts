// `peron import-gtfs` as a real process: imports a feed into the site database; a broken feed exits 1, names the file.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GTFS } from '../../test/helpers/departures-engine.ts';
import { repoRoot } from '../config-schema.ts';
import { openDb } from '../platform/db.ts';

const run = (args: string[]) =>
  promisify(execFile)(process.execPath, [join(repoRoot, 'bin', 'peron.js'), ...args], { cwd: repoRoot }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );

describe('peron import-gtfs', () => {
  it('imports a zip, then refuses a broken one and keeps the first', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'peron-cli-'));
    const ok = await run(['import-gtfs', 'google', join(GTFS, 'google-sample-feed-1.zip'), '--data-dir', dataDir]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^imported google in \d+ ms: 1 agencies, 9 stops, 5 routes, 11 trips, 28 stop times, 11 frequencies; service 2007-01-01 – 2010-12-31/);
    const bad = await run(['import-gtfs', 'google', join(GTFS, 'bad-gtfs.zip'), '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('agency.txt: required file is missing from the feed');
    const db = openDb(join(dataDir, 'site.sqlite'), 'site');
    expect(db.prepare("SELECT COUNT(*) FROM gtfs_trip WHERE feed = 'google'").pluck().get()).toBe(11);
    db.close();
  }, 60_000);
});
