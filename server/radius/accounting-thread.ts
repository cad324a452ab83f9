// Group commit on a worker thread: while the writer thread commits (and fsyncs) one batch, the event loop keeps
// receiving and queues the next, which goes as soon as the commit is done; so batches grow with the load and the
// fsync never blocks authentication. Every event is answered only after the commit holding it returned.
import { Worker } from 'node:worker_threads';
import type { AccountingWriter, AcctEvent, AcctResult, BatchOutcome } from './accounting.ts';

type Callback = (err: Error | null, result?: AcctResult) => void;
type Reply = { id: number; out?: BatchOutcome; error?: string };
type Message = Reply | 'ready' | 'closed';

const WORKER = new URL('./accounting-worker.ts', import.meta.url);
const TSX = import.meta.resolve('tsx/esm/api');

export function createThreadAccountingWriter(file: string, onError: (err: Error) => void): AccountingWriter {
  let queue: { ev: AcctEvent; cb: Callback }[] = [];
  let inflight: { id: number; items: { ev: AcctEvent; cb: Callback }[] } | null = null;
  let scheduled = false;
  let seq = 0;
  let closing = false;
  let idle: (() => void)[] = [];
  let ready: Promise<void> | null = null;
  let worker: Worker | null = null; // started by open() (or the next batch after it exited)

  function spawn(): Worker {
    // the sources are TypeScript: the thread registers tsx first, as bin/peron.js does for the main thread
    const boot = `import(${JSON.stringify(TSX)}).then((t) => { t.register(); return import(${JSON.stringify(WORKER.href)}); })`;
    const w = new Worker(boot, { eval: true, workerData: { file } });
    ready = new Promise<void>((resolve) => {
      w.on('message', (m: Message) => (m === 'ready' ? resolve() : typeof m === 'string' ? undefined : done(m)));
      w.once('exit', () => resolve());
    });
    w.on('error', (err) => onError(err));
    w.on('exit', () => {
      if (worker === w) worker = null;
      // its batch was not (known to be) committed: not answered, so the NAS retransmits; the next batch respawns it
      if (inflight) done({ id: inflight.id, error: 'accounting writer thread exited' });
    });
    w.unref();
    return w;
  }

  function send() {
    scheduled = false;
    if (inflight || queue.length === 0 || closing) return;
    inflight = { id: ++seq, items: queue };
    queue = [];
    worker ??= spawn();
    worker.ref(); // keeps the process alive until the batch's answers are out
    worker.postMessage({ id: inflight.id, batch: inflight.items.map((i) => i.ev) });
  }

  function done(m: Reply) {
    if (!inflight || m.id !== inflight.id) return;
    const items = inflight.items;
    inflight = null;
    if (m.error || !m.out) for (const it of items) it.cb(new Error(m.error ?? 'no outcome'));
    else items.forEach((it, i) => it.cb(m.out![i].err ? new Error(m.out![i].err) : null, m.out![i].result));
    send(); // what queued meanwhile goes now, as one batch
    if (!inflight && queue.length === 0) {
      worker?.unref();
      const waiting = idle;
      idle = [];
      for (const r of waiting) r();
    }
  }

  return {
    open() {
      worker ??= spawn();
      return ready!;
    },
    submit(ev, cb) {
      queue.push({ ev, cb });
      if (!scheduled && !inflight) {
        scheduled = true;
        setImmediate(send);
      }
    },
    flush() {
      send();
      if (!inflight && queue.length === 0) return Promise.resolve();
      return new Promise<void>((r) => idle.push(r));
    },
    async close() {
      closing = true;
      const w = worker;
      if (!w) return;
      w.ref();
      // the thread closes its connection (SQLite checkpoints the WAL), then goes
      await new Promise<void>((r) => {
        w.on('message', (m: Message) => m === 'closed' && r());
        w.once('exit', () => r());
        w.postMessage('close');
      });
      await w.terminate();
    },
    get pending() {
      return queue.length + (inflight?.items.length ?? 0);
    },
  };
}
