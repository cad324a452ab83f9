// Runs one GTFS import in a worker thread (import-worker.ts), so a big or hostile feed never stalls the serving
// thread: the portal, RADIUS and the boards keep their latency. The one door for anything that imports a feed.
import { Worker } from 'node:worker_threads';
import type { FeedData, FeedStats } from './feed-data.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './feed-source.ts';
import { FeedError } from './gtfs-import.ts';
import type { IndexArrays } from './station-index.ts';

export type ImportSource =
  | { kind: 'path'; path: string; label?: string }
  | { kind: 'memory'; label: string; files: Record<string, string> };

export interface ImportJob {
  feed: string;
  source: ImportSource;
  /** the site database file the worker writes the feed into; null (an in-memory database) = data is sent back */
  dbPath: string | null;
  limits: ImportLimits;
  signature: string | null;
  now: number;
}

export type ImportReply =
  | { ok: true; stats: FeedStats; data?: FeedData; ix?: IndexArrays }
  | { ok: false; error: { message: string; reason: string; file?: string; line?: number; open?: boolean } };

export interface ImportOptions { feed: string; signature?: string | null; now?: number }

/** Imports one feed in a worker thread and resolves with its stats (or, for an in-memory database, its data). */
export function importFeedInWorker(source: ImportSource, dbPath: string | null, limits: ImportLimits = DEFAULT_IMPORT_LIMITS, opts: ImportOptions): Promise<{ stats: FeedStats; data?: FeedData; ix?: IndexArrays }> {
  const job: ImportJob = { feed: opts.feed, source, dbPath, limits, signature: opts.signature ?? null, now: opts.now ?? Date.now() };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { workerData: job });
    let settled = false;
    worker.once('message', (r: ImportReply) => {
      settled = true;
      if (r.ok) resolve({ stats: r.stats, data: r.data, ix: r.ix });
      else reject(Object.assign(new FeedError(r.error.reason, r.error.file, r.error.line), { opened: !r.error.open }));
    });
    worker.once('error', (err) => { settled = true; reject(new FeedError(`the import worker failed: ${err.message}`, undefined, undefined, { cause: err })); });
    worker.once('exit', (code) => { if (!settled) reject(new FeedError(`the import worker exited (${code}) without an answer`)); });
  });
}
