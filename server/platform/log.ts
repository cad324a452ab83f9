// One pino root logger; capabilities take children. Secrets are redacted; visited URLs are never logged (GDPR).
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: undefined,
      redact: {
        paths: ['*.secret', '*.password', '*.token', '*.key', '*.*.secret', '*.*.password', '*.*.token', 'req.headers.cookie', 'req.url', 'url', 'userurl'],
        censor: '[redacted]',
      },
    },
    opts.destination,
  );
}

/** A logger that drops everything: for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Logs at most `perInterval` messages per key per interval; counts the rest (malformed packets, bad requests). */
export function rateLimitedLog(log: Logger, intervalMs = 10_000, perInterval = 5) {
  const windows = new Map<string, { start: number; n: number; dropped: number }>();
  return (key: string, obj: object, msg: string) => {
    const now = Date.now();
    let w = windows.get(key);
    if (!w || now - w.start > intervalMs) {
      if (w && w.dropped > 0) log.warn({ key, suppressed: w.dropped }, 'suppressed repeated log messages');
      w = { start: now, n: 0, dropped: 0 };
      windows.set(key, w);
    }
    if (w.n++ < perInterval) log.warn(obj, msg);
    else w.dropped++;
  };
}
