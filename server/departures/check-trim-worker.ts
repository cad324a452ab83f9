// The hub's feed check (check-trim.ts) as a worker thread: answers one message and exits.
import { parentPort, workerData } from 'node:worker_threads';
import { checkAndTrim, type CheckTrimJob } from './check-trim.ts';

parentPort!.postMessage(await checkAndTrim(workerData as CheckTrimJob));
