// The county's central FreeRADIUS 3.2 (Debian package freeradius) proxying guest requests to a station's Peron:
// radclient → FreeRADIUS → Peron for MAC auth, PAP, CHAP and accounting. The guest profile's reply attributes
// survive the proxy, FreeRADIUS complains about no Message-Authenticator or Proxy-State, and a Peron that was
// away is marked alive again by its answers to Status-Server alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, freeUdpPort, startTestRadius, type TestRadius } from '../../test/helpers/radius-peer.ts';
import { radclient } from '../../test/helpers/freeradius-tools.ts';
import { startFreeRadiusProxy, type FreeRadiusProxy } from '../../test/helpers/freeradius-proxy.ts';
import type { SessionRow } from './store.ts';

const FRONT = 'county-front-secret'; // NAS ↔ FreeRADIUS; Peron's own secret is SECRET
const MAC_USER = 'User-Name = "7cc537fff8af", User-Password = "7cc537fff8af", Calling-Station-Id = "7C-C5-37-FF-F8-AF", NAS-Identifier = "ap-hala"';
const PROFILE = ['Session-Timeout = 7200', 'Idle-Timeout = 900', 'Acct-Interim-Interval = 300', 'WISPr-Bandwidth-Max-Up = 5000000', 'WISPr-Bandwidth-Max-Down = 20000000', 'ChilliSpot-Bandwidth-Max-Up = 5000', 'ChilliSpot-Bandwidth-Max-Down = 20000'];
const classOf = (out: string) => /Class = (0x[0-9a-f]+)/.exec(out)?.[1];
const viaProxy = (fr: FreeRadiusProxy, cmd: 'auth' | 'acct', attrs: string) => radclient(cmd === 'auth' ? fr.auth : fr.acct, cmd, attrs, FRONT, { timeoutSeconds: 3, retries: 1 });

describe('FreeRADIUS 3.2 as a proxy in front of Peron', () => {
  let peron: TestRadius;
  let fr: FreeRadiusProxy;
  // a second pair: FreeRADIUS sees its Peron away first, then only Status-Server may bring it back
  let lateFr: FreeRadiusProxy;
  let latePeron: TestRadius | undefined;
  let revived: Promise<void>;
  let unanswered: Promise<unknown> | undefined;

  beforeAll(async () => {
    const [authPort, acctPort] = [await freeUdpPort(), await freeUdpPort()];
    lateFr = await startFreeRadiusProxy({ homeAuth: authPort, homeAcct: acctPort, homeSecret: SECRET, clientSecret: FRONT, responseWindow: 1 });
    unanswered = radclient(lateFr.auth, 'auth', MAC_USER, FRONT, { timeoutSeconds: 4, retries: 1 }); // nobody listens yet
    await lateFr.waitFor(/Proxying request to home server/);
    latePeron = await startTestRadius({ flags: { 'radius.authPort': authPort, 'radius.acctPort': acctPort } });
    revived = lateFr.waitFor(/Marking home server 127\.0\.0\.1 port \d+ alive/, 9_000);

    peron = await startTestRadius();
    peron.acceptances.acceptMac('7c:c5:37:ff:f8:af');
    peron.acceptances.logins.set('guest-4711', { acceptanceId: 'acc-uam', password: 'Kp3-xr9' });
    fr = await startFreeRadiusProxy({ homeAuth: peron.auth, homeAcct: peron.acct, homeSecret: SECRET, clientSecret: FRONT });
  });
  afterAll(async () => {
    await unanswered;
    await Promise.all([fr?.stop(), lateFr?.stop()]);
    await Promise.all([peron?.close(), latePeron?.close()]);
  });

  it('lets in an accepted MAC through the proxy with the whole guest profile and Class, and rejects an unknown one', async () => {
    const ok = await viaProxy(fr, 'auth', MAC_USER);
    expect(ok.code, ok.out).toBe('Access-Accept');
    for (const line of PROFILE) expect(ok.out).toContain(line);
    expect(Buffer.from(classOf(ok.out)!.slice(2), 'hex').toString()).toMatch(/^peron:[0-9a-f-]{36}:/);
    const no = await viaProxy(fr, 'auth', 'User-Name = "aabbccddee01", User-Password = "aabbccddee01", Calling-Station-Id = "AA-BB-CC-DD-EE-01"');
    expect(no.code, no.out).toBe('Access-Reject');
    expect(no.out).toContain('Reply-Message = "Pro připojení nejprve potvrďte podmínky');
  });

  it('checks a PAP and a CHAP login whose password FreeRADIUS re-encrypted for Peron', async () => {
    const pap = await viaProxy(fr, 'auth', 'User-Name = "guest-4711", User-Password = "Kp3-xr9"');
    expect(pap.code, pap.out).toBe('Access-Accept');
    for (const line of PROFILE) expect(pap.out).toContain(line);
    const chap = await viaProxy(fr, 'auth', 'User-Name = "guest-4711", CHAP-Password = "Kp3-xr9"'); // radclient computes the CHAP response
    expect(chap.code, chap.out).toBe('Access-Accept');
    expect(chap.out).toContain('WISPr-Bandwidth-Max-Down = 20000000');
    const wrong = await viaProxy(fr, 'auth', 'User-Name = "guest-4711", CHAP-Password = "Kp3-xr8"');
    expect(wrong.code, wrong.out).toBe('Access-Reject');
  });

  it('records accounting proxied by FreeRADIUS under the session the Class carried', async () => {
    const login = await viaProxy(fr, 'auth', MAC_USER);
    const cls = classOf(login.out)!;
    const sessionId = Buffer.from(cls.slice(2), 'hex').toString().split(':')[1];
    const base = `Acct-Session-Id = "PX-0001", User-Name = "7cc537fff8af", Calling-Station-Id = "7C-C5-37-FF-F8-AF", NAS-Identifier = "ap-hala", Class = ${cls}`;
    for (const step of ['Acct-Status-Type = Start', 'Acct-Status-Type = Interim-Update, Acct-Session-Time = 300, Acct-Input-Octets = 1000, Acct-Output-Octets = 2000', 'Acct-Status-Type = Stop, Acct-Session-Time = 600, Acct-Input-Octets = 4000, Acct-Output-Octets = 9000, Acct-Terminate-Cause = User-Request']) {
      const r = await viaProxy(fr, 'acct', `${base}, ${step}`);
      expect(r.code, r.out).toBe('Accounting-Response');
    }
    const row = peron.db.prepare('SELECT * FROM radius_sessions WHERE id = ?').get(sessionId) as SessionRow | undefined;
    expect(row).toMatchObject({ input_octets: 4000, output_octets: 9000, session_time: 600, terminate_cause: 1 });
    expect(row!.stopped_at).not.toBe(null);
  });

  it('gives FreeRADIUS nothing to warn about: no Message-Authenticator or Proxy-State complaint', async () => {
    const out = fr.output();
    expect(out).toMatch(/Received Access-Accept Id \d+ from 127\.0\.0\.1:\d+/);
    expect(out).toMatch(/Proxy-State = 0x/); // FreeRADIUS did add its Proxy-State, and Peron echoed it back
    const complaints = out.split('\n').filter((l) => /WARN|ERROR|invalid|discard|ignor/i.test(l) && /Message-Authenticator|Proxy-State|signature/i.test(l));
    expect(complaints).toEqual([]);
    expect(out).not.toMatch(/ERROR: Failing proxied request/);
  });

  it('is marked alive again by FreeRADIUS from Status-Server answers alone after it was away', async () => {
    await revived;
    const out = lateFr.output();
    expect(out).toMatch(/Marking home server 127\.0\.0\.1 port \d+ as zombie/);
    // the request that brought it back is FreeRADIUS' own Status-Server check, answered by Peron
    const check = /\((\d+)\) Sent Status-Server Id \d+/.exec(out)?.[1];
    expect(check).toBeDefined();
    expect(out).toMatch(new RegExp(`\\(${check}\\) Marking home server 127\\.0\\.0\\.1 port \\d+ alive`));
    expect(out).toMatch(/Received response to status check \d+ ID \d+/);
    // no guest request reached Peron in between: the revival came from the checks
    expect(out).not.toMatch(/Received Access-(Accept|Reject) Id \d+ from 127\.0\.0\.1/);
    expect(latePeron!.radius.server.stats().status).toBeGreaterThanOrEqual(1);
  }, 10_000);
});
