// Logs: one readable line per event for a person at a terminal, JSON lines for journald and pipes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prettyLine, resolveFormat } from './log.ts';

describe('log format', () => {
  it('is readable on a terminal and JSON under systemd or in a pipe', () => {
    expect(resolveFormat('auto', {}, true)).toBe('pretty');
    expect(resolveFormat('auto', { JOURNAL_STREAM: '8:12345' }, true)).toBe('json');
    expect(resolveFormat('auto', { INVOCATION_ID: 'abc' }, true)).toBe('json');
    expect(resolveFormat('auto', {}, false)).toBe('json');
    expect(resolveFormat('pretty', {}, false)).toBe('pretty');
  });

  it('shows time, level, message and fields on one line, and an error with its stack', () => {
    const line = prettyLine(JSON.stringify({ level: 40, time: Date.UTC(2026, 11, 3, 14, 5, 6, 7), msg: 'feed refused', feed: 'demo', reason: 'line 5: bad time' }));
    expect(line).toBe('14:05:06.007 WARN  feed refused  feed=demo reason="line 5: bad time"');
    const err = prettyLine(JSON.stringify({ level: 50, time: 0, msg: 'boom', err: { type: 'Error', message: 'x', stack: 'Error: x\n    at y' } }));
    expect(err.split('\n')).toEqual(['00:00:00.000 ERROR boom', 'Error: x', '    at y']);
  });

  it('starts the site with a short start-up line, not the whole configuration', async () => {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'peron.js');
    const dataDir = mkdtempSync(join(tmpdir(), 'peron-log-'));
    const child = spawn(process.execPath, [bin, 'site', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir,
      '--set', 'radius.authPort=0', '--set', 'radius.acctPort=0', '--set', 'log.format=pretty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('site server listening')) { clearTimeout(t); resolve(); }
      });
    });
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    const first = out.split('\n')[0];
    expect(first).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  peron site starting  location=liberec-hlavni-nadrazi /);
    expect(out).not.toContain('"radius"');
    expect(out).not.toMatch(/^\{/m);
  });
});
