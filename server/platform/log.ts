// One pino root logger; capabilities take children. Secrets are redacted; visited URLs are never logged (GDPR).
// On a terminal the events are shown as one readable line each; under systemd/journald and in pipes they stay JSON
// lines (machine-readable, one object per line). The readable form is a small synchronous formatter rather than
// pino-pretty: pino-pretty's transport runs in a worker thread and its load alone costs more than Peron's whole
// `--help`; what the terminal needs is time, level, message and the fields as key=value.
import pino, { type Logger } from 'pino';

export type { Logger };

export type LogFormat = 'auto' | 'pretty' | 'json';

const REDACT = ['*.secret', '*.password', '*.token', '*.key', '*.*.secret', '*.*.password', '*.*.token', 'req.headers.cookie', 'req.url', 'url', 'userurl'];

/** Pretty on an interactive terminal that is not the journal (systemd sets JOURNAL_STREAM for units it logs). */
export function resolveFormat(format: LogFormat = 'auto', env: NodeJS.ProcessEnv = process.env, isTty = Boolean(process.stdout.isTTY)): 'pretty' | 'json' {
  if (format !== 'auto') return format;
  return isTty && !env.JOURNAL_STREAM && !env.INVOCATION_ID ? 'pretty' : 'json';
}

export function createLogger(opts: { level?: string; format?: LogFormat; destination?: pino.DestinationStream } = {}): Logger {
  const pretty = !opts.destination && resolveFormat(opts.format) === 'pretty';
  return pino(
    { level: opts.level ?? 'info', base: undefined, redact: { paths: REDACT, censor: '[redacted]' } },
    opts.destination ?? (pretty ? prettyStream(process.stdout) : undefined),
  );
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };

/** One JSON log line as a terminal line: `15:04:05.123 INFO  message  key=value …` (errors with their stack below). */
export function prettyLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const { level, time, msg, err, ...rest } = o;
  const t = typeof time === 'number' ? new Date(time).toISOString().slice(11, 23) : '';
  const fields = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
    .join(' ');
  const e = err as { type?: string; message?: string; stack?: string } | undefined;
  return `${t} ${LEVELS[level as number] ?? String(level)} ${msg ?? ''}${fields ? '  ' + fields : ''}${e ? '\n' + (e.stack ?? `${e.type}: ${e.message}`) : ''}`;
}

function prettyStream(out: NodeJS.WritableStream): pino.DestinationStream {
  return { write: (chunk: string) => void out.write(prettyLine(chunk) + '\n') };
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
