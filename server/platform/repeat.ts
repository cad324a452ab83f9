// A job that runs now and then every interval while the capability runs (purges, rebuilds): one place for the
// timer that must not keep the process alive, must not run twice after a restart of the capability, and whose
// failure is logged instead of killing the process or silently stopping the job.
import type { Logger } from './log.ts';

export interface Repeat {
  /** Runs the job now (unless told not to) and then every interval; a second start restarts the interval. */
  start(opts?: { now?: boolean }): void;
  stop(): void;
}

export function repeat(what: string, everyMs: number, job: () => unknown, log?: Logger): Repeat {
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    try {
      const r = job();
      if (r instanceof Promise) r.catch((err: unknown) => log?.error({ err }, `${what} failed`));
    } catch (err) {
      log?.error({ err }, `${what} failed`);
    }
  };
  return {
    start(opts = {}) {
      if (timer) clearInterval(timer);
      if (opts.now !== false) run();
      timer = setInterval(run, everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
