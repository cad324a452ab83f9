// Issue 12 item 6: every change reaches the audit log, whichever door it came through — the machine API and the
// CLI as well as the admin UI — with an actor the hub established (the token, loopback, the OS user), never the
// name the caller wrote into the request.
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { loadLocation } from '../content/index.ts';
import { startTestHub, type TestHub } from '../../test/helpers/hub-fleet.ts';

const LIBEREC = 'liberec-hlavni-nadrazi';
const hubs: TestHub[] = [];
afterAll(async () => { for (const h of hubs) await h.close().catch(() => undefined); });

type AuditRow = { actor: string; action: string; location_id: string | null; after_json: string | null };
function auditRows(dataDir: string): AuditRow[] {
  const db = new Database(join(dataDir, 'hub.sqlite'), { readonly: true });
  try { return db.prepare("SELECT actor, action, location_id, after_json FROM admin_audit WHERE action NOT LIKE 'draft.%' ORDER BY id").all() as AuditRow[]; } finally { db.close(); }
}
const publish = (hub: TestHub, headers: Record<string, string> = {}) =>
  fetch(`${hub.url}/api/hub/locations/${LIBEREC}/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ location: loadLocation(join(repoRoot, 'locations'), LIBEREC), actor: 'spravce@kraj-lbc.cz' }),
  });

describe('the audit log covers every door', () => {
  it('records a machine-API publish with the actor the guard established, not the one in the body', async () => {
    const hub = await startTestHub();
    hubs.push(hub);
    const r = await publish(hub);
    expect(r.status).toBe(200);
    const rows = auditRows(hub.dataDir).filter((a) => a.action === 'publish');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'api:loopback', location_id: LIBEREC });
    expect(JSON.parse(rows[0].after_json!)).toMatchObject({ via: 'api', claimedActor: 'spravce@kraj-lbc.cz' });

    const tokenHub = await startTestHub({ 'hub.adminToken': 'a-long-admin-token-for-tests' });
    hubs.push(tokenHub);
    expect((await publish(tokenHub, { authorization: 'Bearer a-long-admin-token-for-tests' })).status).toBe(200);
    expect((await publish(tokenHub, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect(auditRows(tokenHub.dataDir).filter((a) => a.action === 'publish').map((a) => a.actor)).toEqual(['api:admin-token']);
  });

  it('records a refused API publish as publish.failed', async () => {
    const hub = hubs[0];
    const bad = await fetch(`${hub.url}/api/hub/locations/${LIBEREC}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ location: { id: 'jablonec-nad-nisou' } }) });
    expect(bad.status).toBe(400);
    expect(auditRows(hub.dataDir).at(-1)).toMatchObject({ actor: 'api:loopback', action: 'publish.failed', location_id: LIBEREC });
  });

  it('records `peron hub site add` (a real process) with the operating-system user', async () => {
    const hub = hubs[0];
    const r = await promisify(execFile)(process.execPath, [join(repoRoot, 'bin', 'peron.js'), 'hub', 'site', 'add', 'audit-1', '--location', LIBEREC, '--data-dir', hub.dataDir], { env: { PATH: process.env.PATH ?? '' }, timeout: 20_000 });
    expect(r.stdout).toContain('site audit-1 registered');
    const row = auditRows(hub.dataDir).find((a) => a.action === 'site.add');
    expect(row).toMatchObject({ actor: `cli:${userInfo().username}`, location_id: LIBEREC });
    expect(JSON.parse(row!.after_json!)).toMatchObject({ via: 'cli', siteId: 'audit-1' });
  });
});
