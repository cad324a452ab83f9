// Interop: the real UDP server driven by FreeRADIUS radclient and radtest (freeradius-utils), plus our own NAS
// client where a byte-level check is needed (Message-Authenticator position, duplicates).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTR, CODE, encodeUserPassword, octets, text, type Packet } from './codec.ts';
import { SECRET, TestNas, startTestRadius, type TestRadius } from '../../test/helpers/radius-peer.ts';
import type { SessionRow } from './store.ts';
import { radclient as radclientTool, radtest } from '../../test/helpers/freeradius-tools.ts';

const radclient = (port: number, cmd: 'auth' | 'acct' | 'status', attrs: string, secret = SECRET) => radclientTool(port, cmd, attrs, secret);

const MA = 'Message-Authenticator = 0x00';
const classOf = (out: string) => /Class = (0x[0-9a-f]+)/.exec(out)?.[1];

describe('RADIUS server against radclient and radtest', () => {
  let strict: TestRadius; // default NAS: Message-Authenticator required
  let legacy: TestRadius; // a NAS without Message-Authenticator: limit Proxy-State applies
  let nas: TestNas;
  beforeAll(async () => {
    strict = await startTestRadius();
    legacy = await startTestRadius({ flags: { 'radius.clients': [{ name: 'legacy-ap', address: '127.0.0.0/8', secret: SECRET, requireMessageAuthenticator: false }] } });
    strict.acceptances.acceptMac('7c:c5:37:ff:f8:af');
    strict.acceptances.logins.set('guest-4711', { acceptanceId: 'acc-uam', password: 'Kp3-xr9' });
    legacy.acceptances.acceptMac('7c:c5:37:ff:f8:af');
    nas = new TestNas();
    await nas.ready();
  });
  afterAll(async () => {
    nas.close();
    await strict.close();
    await legacy.close();
  });

  it.each([
    ['7c:c5:37:ff:f8:af', '7c:c5:37:ff:f8:af'],
    ['7cc537fff8af', '7C-C5-37-FF-F8-AF'],
    ['7C-C5-37-FF-F8-AF', '7C-C5-37-FF-F8-AF'],
    ['7C-C5-37-FF-F8-AF@macauth', '7C-C5-37-FF-F8-AF'],
    ['7CC537FFF8AF', '7CC537FFF8AF'],
  ])('lets in an accepted client asking with MAC User-Name %s', async (user, station) => {
    const r = await radclient(strict.auth, 'auth', `User-Name = "${user}", User-Password = "${user}", Calling-Station-Id = "${station}", Called-Station-Id = "00:17:0f:20:18:40:CountyWiFi", NAS-Identifier = "ap-1", Service-Type = Call-Check, ${MA}`);
    expect(r.code, r.out).toBe('Access-Accept');
    for (const line of ['Session-Timeout = 7200', 'Idle-Timeout = 900', 'Acct-Interim-Interval = 300', 'WISPr-Bandwidth-Max-Up = 5000000', 'WISPr-Bandwidth-Max-Down = 20000000', 'ChilliSpot-Bandwidth-Max-Up = 5000', 'ChilliSpot-Bandwidth-Max-Down = 20000']) {
      expect(r.out).toContain(line);
    }
    expect(Buffer.from(classOf(r.out)!.slice(2), 'hex').toString()).toMatch(/^peron:[0-9a-f-]{36}:/);
  });

  it('rejects a client that has not accepted the terms, with a Reply-Message', async () => {
    const r = await radclient(strict.auth, 'auth', `User-Name = "aa-bb-cc-dd-ee-01", User-Password = "aa-bb-cc-dd-ee-01", Calling-Station-Id = "AA-BB-CC-DD-EE-01", ${MA}`);
    expect(r.code, r.out).toBe('Access-Reject');
    expect(r.out).toContain('Reply-Message = "Pro připojení nejprve potvrďte podmínky');
  });

  it('rejects a MAC User-Name whose Calling-Station-Id names another device', async () => {
    const r = await radclient(strict.auth, 'auth', `User-Name = "7cc537fff8af", User-Password = "7cc537fff8af", Calling-Station-Id = "AA-BB-CC-DD-EE-01", ${MA}`);
    expect(r.code, r.out).toBe('Access-Reject');
  });

  it('lets in a UAM login by PAP and by CHAP (radtest), and rejects a wrong password', async () => {
    const [pap, chap, wrong] = await Promise.all([
      radtest(['guest-4711', 'Kp3-xr9', `127.0.0.1:${strict.auth}`, '0', SECRET]),
      radtest(['-t', 'chap', 'guest-4711', 'Kp3-xr9', `127.0.0.1:${strict.auth}`, '0', SECRET]),
      radtest(['guest-4711', 'Kp3-xr8', `127.0.0.1:${strict.auth}`, '0', SECRET]),
    ]);
    expect(pap.code, pap.out).toBe('Access-Accept');
    expect(chap.code, chap.out).toBe('Access-Accept');
    expect(wrong.code, wrong.out).toBe('Access-Reject');
  });

  it('checks CHAP against the CHAP-Challenge a CoovaChilli-style NAS sends', async () => {
    const challenge = '0x' + Buffer.from('a1b2c3d4e5f60718293a4b5c6d7e8f90', 'hex').toString('hex');
    const { createHash } = await import('node:crypto');
    const resp = createHash('md5').update(Buffer.concat([Buffer.from([7]), Buffer.from('Kp3-xr9'), Buffer.from(challenge.slice(2), 'hex')])).digest('hex');
    const r = await radclient(strict.auth, 'auth', `User-Name = "guest-4711", CHAP-Challenge = ${challenge}, CHAP-Password = 0x07${resp}, ${MA}`);
    expect(r.code, r.out).toBe('Access-Accept');
  });

  it('answers Status-Server on both ports (RFC 5997)', async () => {
    const [a, b] = await Promise.all([radclient(strict.auth, 'status', MA), radclient(strict.acct, 'status', MA)]);
    expect(a.code, a.out).toBe('Access-Accept');
    expect(b.code, b.out).toBe('Accounting-Response');
  });

  it('silently drops an Access-Request without Message-Authenticator when the NAS must send one', async () => {
    const before = strict.radius.server.stats().drops.missing_message_authenticator ?? 0;
    const r = await radclient(strict.auth, 'auth', 'User-Name = "7cc537fff8af", User-Password = "7cc537fff8af"');
    expect(r.code).toBe(null);
    expect(strict.radius.server.stats().drops.missing_message_authenticator).toBe(before + 1); // radclient -r 1: one try
  });

  it('answers a legacy NAS without Message-Authenticator, but drops its Proxy-State without one (limit Proxy-State)', async () => {
    const plain = await radclient(legacy.auth, 'auth', 'User-Name = "7cc537fff8af", User-Password = "7cc537fff8af"');
    expect(plain.code, plain.out).toBe('Access-Accept');
    const proxied = await radclient(legacy.auth, 'auth', 'User-Name = "7cc537fff8af", User-Password = "7cc537fff8af", Proxy-State = 0x6f6e65');
    expect(proxied.code).toBe(null);
    expect(legacy.radius.server.stats().drops.proxy_state_without_message_authenticator).toBe(1);
    const signed = await radclient(legacy.auth, 'auth', `User-Name = "7cc537fff8af", User-Password = "7cc537fff8af", Proxy-State = 0x6f6e65, Proxy-State = 0x74776f, ${MA}`);
    expect(signed.code, signed.out).toBe('Access-Accept');
    expect(signed.out).toMatch(/Proxy-State = 0x6f6e65[\s\S]*Proxy-State = 0x74776f/);
  });

  it('gives no answer to a NAS using the wrong secret', async () => {
    const before = strict.radius.server.stats().drops.bad_authenticator ?? 0;
    const [auth, acct] = await Promise.all([
      radclient(strict.auth, 'auth', `User-Name = "7cc537fff8af", User-Password = "7cc537fff8af", ${MA}`, 'not-the-secret'),
      radclient(strict.acct, 'acct', 'Acct-Status-Type = Start, Acct-Session-Id = "x"', 'not-the-secret'),
    ]);
    expect([auth.code, acct.code]).toEqual([null, null]);
    expect(strict.radius.server.stats().drops.bad_authenticator).toBe(before + 2);
  });

  it('puts Message-Authenticator first in Access-Accept and Access-Reject', async () => {
    const ask = (user: string) =>
      nas.send(nas.build(CODE.AccessRequest, (auth) => [text(ATTR.UserName, user), octets(ATTR.UserPassword, encodeUserPassword(user, nas.secret, auth))]), strict.auth);
    const [accept, reject] = (await Promise.all([ask('7cc537fff8af'), ask('0a0b0c0d0e0f')])) as Packet[];
    expect([accept.code, reject.code]).toEqual([CODE.AccessAccept, CODE.AccessReject]);
    expect(accept.attrs[0].type).toBe(ATTR.MessageAuthenticator);
    expect(reject.attrs[0].type).toBe(ATTR.MessageAuthenticator);
  });

  it('answers a retransmitted Access-Request with the cached reply, never a second session', async () => {
    const pkt = nas.build(CODE.AccessRequest, (auth) => [text(ATTR.UserName, '7cc537fff8af'), octets(ATTR.UserPassword, encodeUserPassword('x', nas.secret, auth))]);
    const before = strict.radius.server.stats();
    const first = (await nas.send(pkt, strict.auth))!;
    const again = (await nas.send(pkt, strict.auth))!;
    expect(again.raw).toEqual(first.raw);
    const after = strict.radius.server.stats();
    expect(after.accepts - before.accepts).toBe(1);
    expect(after.duplicates - before.duplicates).toBe(1);
  });

  it('records an accounting sequence from radclient under the session id the Class carried', async () => {
    const login = await radclient(strict.auth, 'auth', `User-Name = "7cc537fff8af", User-Password = "7cc537fff8af", Calling-Station-Id = "7C-C5-37-FF-F8-AF", ${MA}`);
    const cls = classOf(login.out)!;
    const sessionId = Buffer.from(cls.slice(2), 'hex').toString().split(':')[1];
    const base = `Acct-Session-Id = "5F1A-0001", User-Name = "7cc537fff8af", Calling-Station-Id = "7C-C5-37-FF-F8-AF", NAS-Identifier = "ap-1", Class = ${cls}`;
    const row = () => strict.db.prepare('SELECT * FROM radius_sessions WHERE id = ?').get(sessionId) as SessionRow | undefined;

    const interim = await radclient(strict.acct, 'acct', `Acct-Status-Type = Interim-Update, ${base}, Acct-Session-Time = 300, Acct-Input-Octets = 1000, Acct-Output-Octets = 2000`);
    expect(interim.code, interim.out).toBe('Accounting-Response');
    expect(row()?.input_octets).toBe(1000); // an Interim before the Start creates the session
    // radclient signs this one with Message-Authenticator too (over a zero authenticator, RFC 5176 §3.5 style)
    expect((await radclient(strict.acct, 'acct', `Acct-Status-Type = Start, ${base}, ${MA}`)).code).toBe('Accounting-Response');
    const stop = await radclient(strict.acct, 'acct', `Acct-Status-Type = Stop, ${base}, Acct-Session-Time = 600, Acct-Input-Octets = 5, Acct-Input-Gigawords = 1, Acct-Output-Octets = 7000, Acct-Terminate-Cause = User-Request, Acct-Delay-Time = 2`);
    expect(stop.code).toBe('Accounting-Response');
    const stopped = row()!;
    expect(stopped.input_octets).toBe(2 ** 32 + 5);
    expect(stopped.output_octets).toBe(7000);
    expect(stopped.terminate_cause).toBe(1);
    expect(stopped.user_name).toBe(null);
    expect(stopped.mac_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stopped)).not.toMatch(/7c.?c5/i);
    const late = await radclient(strict.acct, 'acct', `Acct-Status-Type = Interim-Update, ${base}, Acct-Input-Octets = 9`);
    expect(late.code).toBe('Accounting-Response');
    expect(row()).toEqual(stopped); // an Interim after Stop does not reopen it

    const metrics = await strict.metrics.metrics();
    expect(metrics).toContain('peron_radius_accounting_requests_total{nas="test-nas",status="stop"} 1');
    expect(metrics).toMatch(/peron_radius_accounting_octets_total\{direction="in"\} 4294967301/);
    expect(metrics).toMatch(/peron_radius_requests_total\{nas="test-nas",outcome="accept"\} \d+/);
  });

  it('closes the open sessions of a NAS that sends Accounting-On', async () => {
    const start = (id: string) => radclient(strict.acct, 'acct', `Acct-Status-Type = Start, Acct-Session-Id = "${id}", User-Name = "0a0b0c0d0e0f", NAS-Identifier = "ap-reboot"`);
    await Promise.all([start('r-1'), start('r-2')]);
    const open = () => (strict.db.prepare("SELECT count(*) FROM radius_sessions WHERE nas_identifier = 'ap-reboot' AND stopped_at IS NULL").pluck().get() as number);
    expect(open()).toBe(2);
    const on = await radclient(strict.acct, 'acct', 'Acct-Status-Type = Accounting-On, NAS-Identifier = "ap-reboot"');
    expect(on.code).toBe('Accounting-Response');
    expect(open()).toBe(0);
  });

  it('records a retransmitted Accounting-Request once, also when it arrives while the first is being written', async () => {
    const pkt = nas.build(CODE.AccountingRequest, [octets(ATTR.AcctStatusType, Buffer.from([0, 0, 0, 3])), text(ATTR.AcctSessionId, 'dup-1'), text(ATTR.UserName, '0a0b0c0d0e0f')]);
    const before = strict.radius.server.stats();
    nas.sendRaw(pkt, strict.acct);
    const first = await nas.send(pkt, strict.acct);
    const again = await nas.send(pkt, strict.acct);
    expect(first?.code).toBe(CODE.AccountingResponse);
    expect(again?.raw).toEqual(first?.raw);
    const after = strict.radius.server.stats();
    expect(after.accounted - before.accounted).toBe(1);
    expect(after.duplicates - before.duplicates).toBe(2);
  });

  it('drops packets from addresses that are not NAS clients', async () => {
    const other = await startTestRadius({ flags: { 'radius.clients': [{ name: 'far-ap', address: '10.0.0.0/8', secret: SECRET }] } });
    try {
      const r = await nas.send(nas.build(CODE.AccessRequest, [text(ATTR.UserName, '7cc537fff8af')]), other.auth, 300);
      expect(r).toBe(null);
      expect(other.radius.server.stats().drops.unknown_client).toBe(1);
      expect(await other.metrics.metrics()).toContain('peron_radius_requests_total{nas="unknown",outcome="drop_unknown_client"} 1');
    } finally {
      await other.close();
    }
  });

  it('reaps sessions silent for three interim intervals', async () => {
    strict.db.prepare("UPDATE radius_sessions SET last_seen = last_seen - 901000 WHERE acct_session_id = 'dup-1'").run();
    expect(strict.radius.housekeeping().reaped).toBe(1);
    const row = strict.db.prepare("SELECT closed_by, user_name FROM radius_sessions WHERE acct_session_id = 'dup-1'").get();
    expect(row).toEqual({ closed_by: 'reaper', user_name: null });
  });
});
