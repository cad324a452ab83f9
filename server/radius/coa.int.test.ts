// CoA / Disconnect (RFC 5176) end to end: a real site server, sessions from accounting, the admin API and the
// `peron radius disconnect` command, against a small NAS on loopback that checks our authenticators.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { startTestSite, type TestSite } from '../../test/helpers/site.ts';
import { SECRET, TestNas, freeUdpPort, startTestDas } from '../../test/helpers/radius-peer.ts';
import { ATTR, CODE, getInt, getText, int, text } from './codec.ts';

type Das = Awaited<ReturnType<typeof startTestDas>>;

describe('Disconnect-Request to the NAS', () => {
  let site: TestSite;
  let nas: TestNas;
  let das: Das;
  let answer: Parameters<typeof startTestDas>[1] = () => ({ ack: true });
  let acct = 0;
  let dataDir = '';
  const clients = (dasPort: number, ma = true) => [{ name: 'chilli-1', address: '127.0.0.1', secret: SECRET, coaPort: dasPort, coaMessageAuthenticator: ma }];

  beforeAll(async () => {
    das = await startTestDas(SECRET, (p) => answer(p));
    acct = await freeUdpPort();
    site = await startTestSite({ 'radius.host': '127.0.0.1', 'radius.acctPort': acct, 'radius.clients': clients(das.port), 'radius.coaTimeoutMs': 150, 'radius.coaRetries': 1 });
    dataDir = site.app.deps.db.name.replace(/\/site\.sqlite$/, '');
    nas = new TestNas();
    await nas.ready();
  });
  afterAll(async () => {
    nas.close();
    das.close();
    await site.close();
  });
  afterEach(() => {
    answer = () => ({ ack: true });
    das.received.length = 0;
  });

  async function openSession(acctSessionId: string): Promise<string> {
    const r = await nas.send(
      nas.build(CODE.AccountingRequest, [int(ATTR.AcctStatusType, 1), text(ATTR.AcctSessionId, acctSessionId), text(ATTR.UserName, 'AA-BB-CC-DD-EE-FF'), text(ATTR.CallingStationId, 'AA-BB-CC-DD-EE-FF'), text(ATTR.NasIdentifier, 'chilli-hall')]),
      acct,
    );
    expect(r?.code).toBe(CODE.AccountingResponse);
    const list = (await (await fetch(`${site.url}/api/radius/sessions`)).json()) as { sessions: { id: string; nas: string }[] };
    const s = list.sessions.find((x) => x.nas === 'chilli-1' && !seen.has(x.id));
    seen.add(s!.id);
    return s!.id;
  }
  const seen = new Set<string>();

  it('lists open sessions without personal data and ends one with a signed Disconnect-Request', async () => {
    const id = await openSession('cs-1');
    const listed = await (await fetch(`${site.url}/api/radius/sessions`)).text();
    expect(listed).toContain(id);
    expect(listed).not.toMatch(/AA-BB|aabb|mac|user/i);

    const r = await fetch(`${site.url}/api/radius/sessions/${id}/disconnect`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ outcome: 'ack' });
    expect(das.received).toHaveLength(1);
    const { packet, authenticatorOk, maOk } = das.received[0];
    expect(packet.code).toBe(CODE.DisconnectRequest);
    expect([authenticatorOk, maOk]).toEqual([true, true]);
    expect(getText(packet, ATTR.UserName)).toBe('AA-BB-CC-DD-EE-FF'); // CoovaChilli needs User-Name
    expect(getText(packet, ATTR.AcctSessionId)).toBe('cs-1');
    expect(getText(packet, ATTR.NasIdentifier)).toBe('chilli-hall');
    expect(Math.abs(getInt(packet, ATTR.EventTimestamp)! - Date.now() / 1000)).toBeLessThan(5);
    const after = (await (await fetch(`${site.url}/api/radius/sessions`)).json()) as { sessions: { id: string }[] };
    expect(after.sessions.map((s) => s.id)).not.toContain(id);
  });

  it('reports a NAK with its Error-Cause in words and keeps the session open', async () => {
    const id = await openSession('cs-2');
    answer = () => ({ ack: false, errorCause: 503 });
    const r = await fetch(`${site.url}/api/radius/sessions/${id}/disconnect`, { method: 'POST', headers: { 'accept-language': 'en' } });
    expect(r.status).toBe(502);
    expect(await r.json()).toEqual({
      outcome: 'nak', errorCause: 503, errorCauseText: 'Session-Context-Not-Found',
      error: { code: 'RADIUS_DISCONNECT_NAK', message: 'The access point refused to end the session.' },
    });
    const list = (await (await fetch(`${site.url}/api/radius/sessions`)).json()) as { sessions: { id: string }[] };
    expect(list.sessions.map((s) => s.id)).toContain(id);
  });

  it('retransmits the same packet and reports a NAS that does not answer', async () => {
    const id = await openSession('cs-3');
    answer = () => 'silent';
    const r = await fetch(`${site.url}/api/radius/sessions/${id}/disconnect`, { method: 'POST' });
    expect(r.status).toBe(504);
    expect(((await r.json()) as { outcome: string }).outcome).toBe('timeout');
    expect(das.received).toHaveLength(2);
    expect(das.received[1].packet.raw).toEqual(das.received[0].packet.raw);
  });

  it('answers 404 for an unknown session', async () => {
    const r = await fetch(`${site.url}/api/radius/sessions/nope/disconnect`, { method: 'POST' });
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('RADIUS_SESSION_NOT_FOUND');
  });

  it('`peron radius disconnect` ends a session without Message-Authenticator for a NAS that refuses it (uspot)', async () => {
    const id = await openSession('cs-4');
    const env = { ...process.env, PERON_RADIUS_CLIENTS: JSON.stringify(clients(das.port, false)), PERON_DATA_DIR: dataDir, PERON_LOG_LEVEL: 'silent' };
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, [join(repoRoot, 'bin/peron.js'), 'radius', 'disconnect', id], { env }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(out.stdout + out.stderr).toContain(`session ${id}: disconnected (Disconnect-ACK)`);
    expect(out.code).toBe(0);
    expect(das.received[0].maOk).toBe(null);
    expect(das.received[0].authenticatorOk).toBe(true);
  });
});

describe('admin guard', () => {
  it('refuses the session list without the admin token', async () => {
    const site = await startTestSite({ 'http.adminToken': 't0ken-xyz' });
    try {
      expect((await fetch(`${site.url}/api/radius/sessions`)).status).toBe(401);
      expect((await fetch(`${site.url}/api/radius/sessions/x/disconnect`, { method: 'POST' })).status).toBe(401);
      expect((await fetch(`${site.url}/api/radius/sessions`, { headers: { authorization: 'Bearer t0ken-xyz' } })).status).toBe(200);
    } finally {
      await site.close();
    }
  });
});
