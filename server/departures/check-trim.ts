// The hub's feed check: validates a GTFS zip with the sites' own importer (parseFeed, the same reader and limits),
// then trims it per location (trim.ts, streaming) and packs each trimmed feed as a deterministic zip (same input →
// same bytes → same release item). Runs inside a worker thread (check-trim-worker.ts), never on the serving thread.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { zipDeterministic } from '../platform/zip-write.ts';
import { openSource, type ImportLimits } from './feed-source.ts';
import { FeedError, parseFeed } from './gtfs-import.ts';
import { trimFeed } from './trim.ts';

export interface CheckTrimJob { zip: string; feed: string; limits: ImportLimits; locations: { id: string; stopIds: string[] }[]; outDir: string; now: number }
export type CheckTrimReply =
  | { ok: true; firstDate: string; lastDate: string; stopTimes: number; warnings: string[]; trimmed: { locationId: string; file: string; sha256: string; size: number; trips: number }[] }
  | { ok: false; error: { reason: string; file?: string; line?: number } };

export async function checkAndTrim(job: CheckTrimJob): Promise<CheckTrimReply> {
  let stats;
  try {
    const src = await openSource(job.zip, job.limits);
    try { stats = (await parseFeed(src, { feed: job.feed, source: job.zip, signature: null, now: job.now })).stats; } finally { src.close(); }
  } catch (err) {
    const e = err as FeedError & { file?: string };
    return { ok: false, error: { reason: e.reason ?? e.message, file: e.file, line: e.line } };
  }
  const trimmed = [];
  for (const loc of job.locations) {
    const dir = mkdtempSync(join(tmpdir(), 'peron-trim-'));
    try {
      const t = await trimFeed(job.zip, loc.stopIds, dir);
      const files: Record<string, Buffer> = {};
      for (const f of readdirSync(dir)) files[f] = readFileSync(join(dir, f));
      const zip = zipDeterministic(files);
      const file = join(job.outDir, `${job.feed}.${loc.id}.zip`);
      writeFileSync(file, zip);
      trimmed.push({ locationId: loc.id, file, sha256: createHash('sha256').update(zip).digest('hex'), size: zip.length, trips: t.trips });
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
  return { ok: true, firstDate: stats.firstDate, lastDate: stats.lastDate, stopTimes: stats.stopTimes, warnings: stats.warnings.slice(0, 20), trimmed };
}

/** Runs checkAndTrim in a worker thread, so a national feed never stalls the hub's serving thread. */
export function checkAndTrimInWorker(job: CheckTrimJob): Promise<CheckTrimReply> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./check-trim-worker.ts', import.meta.url), { workerData: job });
    let settled = false;
    const done = (r: CheckTrimReply) => { if (!settled) { settled = true; resolve(r); } };
    worker.once('message', done);
    worker.once('error', (err) => done({ ok: false, error: { reason: `the feed check worker failed: ${err.message}` } }));
    worker.once('exit', (code) => done({ ok: false, error: { reason: `the feed check worker exited (${code}) without an answer` } }));
  });
}
