// Starts test/helpers/kiosk-site-child.ts as a real `node` process on a fixed port; kill() is SIGKILL.
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Board } from '../../server/departures/types.ts';

const child = join(dirname(fileURLToPath(import.meta.url)), 'kiosk-site-child.ts');

export interface SiteProcess {
  port: number;
  url: string;
  proc: ChildProcess;
  setBoard(board: Board, opts?: { stamp?: boolean }): void;
  kill(): Promise<void>;
}

export async function startSiteProcess(flags: Record<string, unknown>, board?: Board): Promise<SiteProcess> {
  const proc = fork(child, [], {
    env: { ...process.env, KIOSK_CHILD_FLAGS: JSON.stringify(flags), KIOSK_CHILD_BOARD: board ? JSON.stringify(board) : '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    proc.once('message', (m: { port: number }) => resolve(m.port));
    proc.once('exit', (code) => reject(new Error(`site child exited (${code}) before listening`)));
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    proc,
    setBoard: (b, opts = {}) => proc.send({ board: b, stamp: opts.stamp }),
    kill: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

/** A free TCP port on loopback (bound then released), for a server that must come back on the same port. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}
