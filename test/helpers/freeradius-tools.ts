// FreeRADIUS' own clients (Debian freeradius-utils) as test peers: radclient reads attributes on stdin, radtest
// takes arguments; both report the reply code ("Access-Accept", …) or null when nothing came back.
import { spawn } from 'node:child_process';

export interface ToolResult {
  code: string | null;
  out: string;
}

function run(cmd: string, args: string[], stdin?: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', () => resolve({ code: /Received (\S+) Id/.exec(out)?.[1] ?? null, out }));
    p.stdin.end(stdin === undefined ? undefined : stdin + '\n');
  });
}

/** `radclient -x` to 127.0.0.1:port; a request that gets no answer costs timeoutSeconds × (retries + 1). */
export function radclient(port: number, cmd: 'auth' | 'acct' | 'status', attrs: string, secret: string, opts: { timeoutSeconds?: number; retries?: number } = {}): Promise<ToolResult> {
  return run('radclient', ['-x', '-t', String(opts.timeoutSeconds ?? 1), '-r', String(opts.retries ?? 1), `127.0.0.1:${port}`, cmd, secret], attrs);
}

export function radtest(args: string[]): Promise<ToolResult> {
  return run('radtest', args);
}
