import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { openDb } from '../platform/db.ts';
import { verifyPassword } from './passwords.ts';

function peron(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [join(repoRoot, 'bin/peron.js'), ...args], { env: { PATH: process.env.PATH ?? '', ...opts.env }, timeout: 60_000 }, (err, out, errOut) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out, err: errOut }),
    );
    child.stdin!.end(opts.stdin ?? '');
  });
}

describe('peron hub user add', () => {
  it('creates an editor with the password from stdin, then updates them with one from the environment', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'peron-cli-'));
    const r = await peron(['hub', 'user', 'add', 'Editor@MestoJablonec.cz', '--role', 'editor', '--locations', 'jablonec-nad-nisou', '--data-dir', dataDir, '--set', 'admin.passwordCost=10'], { stdin: 'heslo ze standardního vstupu\n' });
    expect(r.err).toBe('');
    expect(r.out.trim()).toBe('created editor@mestojablonec.cz (editor: jablonec-nad-nisou)');
    const r2 = await peron(['hub', 'user', 'add', 'editor@mestojablonec.cz', '--role=county-admin', '--data-dir', dataDir, '--set', 'admin.passwordCost=10'], { env: { PERON_ADMIN_PASSWORD: 'heslo z prostředí 2026' } });
    expect(r2.out.trim()).toBe('updated editor@mestojablonec.cz (county-admin)');
    const db = openDb(join(dataDir, 'hub.sqlite'), 'hub');
    const row = db.prepare('SELECT role, locations, password_hash FROM admin_users').get() as { role: string; locations: string; password_hash: string };
    expect(row.role).toBe('county-admin');
    expect(await verifyPassword('heslo z prostředí 2026', row.password_hash)).toBe(true);
    expect(db.prepare('SELECT actor, action FROM admin_audit ORDER BY id').all()).toEqual([
      { actor: `cli:${userInfo().username}`, action: 'user.add' },
      { actor: `cli:${userInfo().username}`, action: 'user.update' },
    ]);
    db.close();
  });

  it('never takes a password from the command line, and refuses unknown locations and weak passwords', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'peron-cli-'));
    const argv = await peron(['hub', 'user', 'add', 'a@kraj-lbc.cz', '--role', 'county-admin', '--password', 'visible-in-ps', '--data-dir', dataDir]);
    expect(argv.code).toBe(64);
    expect(argv.err).toMatch(/--password is not accepted/);
    const unknown = await peron(['hub', 'user', 'add', 'a@kraj-lbc.cz', '--role', 'editor', '--locations', 'praha', '--data-dir', dataDir], { stdin: 'long enough password\n' });
    expect(unknown.code).toBe(65);
    expect(unknown.err).toMatch(/unknown location\(s\) praha/);
    const weak = await peron(['hub', 'user', 'add', 'a@kraj-lbc.cz', '--role', 'county-admin', '--data-dir', dataDir], { stdin: 'short\n' });
    expect(weak.code).toBe(65);
    expect(weak.err).toMatch(/at least 12 characters/);
  });
});
