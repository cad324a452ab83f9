// The accounting writer's thread (worker_threads): its own connection to the site SQLite file, committing each
// batch the event loop sends in one immediate transaction (one fsync, synchronous=FULL) and posting back the
// outcome per event. The fsync waits here, so the event loop keeps answering Access-Requests meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../platform/db.ts';
import { createBatchApplier, type AcctEvent } from './accounting.ts';
import { createRadiusStore } from './store.ts';

const db = openDb((workerData as { file: string }).file, 'site');
const apply = createBatchApplier(createRadiusStore(db));
parentPort!.on('message', (msg: { id: number; batch: AcctEvent[] } | 'close') => {
  if (msg === 'close') {
    db.close();
    parentPort!.postMessage('closed');
    return;
  }
  try {
    parentPort!.postMessage({ id: msg.id, out: apply(msg.batch) });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error).message });
  }
});
parentPort!.postMessage('ready');
