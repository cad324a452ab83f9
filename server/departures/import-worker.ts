// The GTFS import as a worker thread: parsing, index arrays and the one-transaction write run here, off the thread
// that serves the portal, RADIUS and the boards. Started by import-runner.ts; answers one message and exits.
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../platform/db.ts';
import { memorySource, openSource, type FeedSource } from './feed-source.ts';
import { FeedError, parseFeed } from './gtfs-import.ts';
import { computeIndexArrays, INDEX_ARRAYS } from './station-index.ts';
import { createDeparturesStore } from './store.ts';
import type { ImportJob, ImportReply } from './import-runner.ts';

async function run(job: ImportJob): Promise<ImportReply> {
  let src: FeedSource;
  try {
    src = job.source.kind === 'memory' ? memorySource(job.source.label, job.source.files, job.limits) : await openSource(job.source.path, job.limits);
  } catch (err) {
    const e = err as Error & { file?: string };
    return { ok: false, error: { message: e.message, reason: e.message, file: e.file ?? (job.source.kind === 'path' ? job.source.path : undefined), open: true } };
  }
  if (job.source.kind === 'path' && job.source.label) src.label = job.source.label;
  try {
    const data = await parseFeed(src, { feed: job.feed, source: src.label, signature: job.signature, now: job.now });
    const ix = computeIndexArrays(data);
    if (job.dbPath) {
      const db = openDb(job.dbPath, 'site');
      try { createDeparturesStore(db).replaceFeed(data, ix); } finally { db.close(); }
      return { ok: true, stats: data.stats };
    }
    return { ok: true, stats: data.stats, data, ix };
  } catch (err) {
    if (err instanceof FeedError) return { ok: false, error: { message: err.message, reason: err.reason, file: err.file, line: err.line } };
    return { ok: false, error: { message: `${src.label}: ${(err as Error).message}`, reason: `${src.label}: ${(err as Error).message}` } };
  } finally {
    src.close();
  }
}

const reply = await run(workerData as ImportJob);
const transfer: ArrayBuffer[] = [];
if (reply.ok && reply.ix) for (const name of INDEX_ARRAYS) transfer.push(reply.ix[name].buffer as ArrayBuffer);
parentPort!.postMessage(reply, transfer);
