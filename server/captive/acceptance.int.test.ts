// The AcceptanceService answers RADIUS relies on, driven through the real portal over HTTP.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, connectFields, request } from '../../test/helpers/captive-http.ts';
import { testConfig } from '../../test/helpers/config.ts';
import { startTestSite, type TestSite } from '../../test/helpers/site.ts';
import { createSiteApp } from '../app.ts';
import { fixedClock } from '../platform/clock.ts';
import { FRESH_CONNECT_MS, UAM_LOGIN_TTL_MS, type Acceptances } from './acceptances.ts';
import { arpLookup } from './controllers/none.ts';
import { misconfiguredLevel, openNdsRhid } from './controllers/opennds.ts';
import { uamChapResponse, uamMd, uamPapDecode } from './controllers/uam.ts';

const PUBLIC = 'http://portal.test';
const SECRET = 'uamsecret42';
const DAY = 86_400_000;
let open: TestSite[] = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});

/** The kernel ARP table as the "none" controller reads it, with this test client (127.0.0.1) at `mac`. */
const arpFile = join(mkdtempSync(join(tmpdir(), 'peron-arp-')), 'arp');
function arpSays(mac: string) {
  const colons = mac.replace(/[^0-9a-fA-F]/g, '').toLowerCase().match(/../g)!.join(':');
  writeFileSync(arpFile, `IP address       HW type     Flags       HW address            Mask     Device\n127.0.0.1        0x1         0x2         ${colons}     *        wlan0\n`);
}
/** A Connect in "none" mode from a client the neighbour table knows by this MAC. */
function connectMac(url: string, mac: string) {
  arpSays(mac);
  return connect(url, `/?mac=${mac}`);
}

async function site(flags: Record<string, unknown>, clock = fixedClock(Date.UTC(2026, 11, 1, 8, 0))) {
  const s = await startTestSite({ 'http.publicUrl': PUBLIC, 'captive.arpFile': arpFile, ...flags }, { clock });
  open.push(s);
  // the same object the app hands to RADIUS
  const acceptances: Acceptances = s.app.acceptances;
  return { s, clock, acceptances };
}

function setGuestProfile(s: TestSite, patch: Record<string, unknown>) {
  const loc = s.app.content.current().location;
  s.app.content.replace({ ...loc, guestProfile: { ...loc.guestProfile, ...patch } }, 'test');
}

function uamQuery(mac: string, challenge = randomBytes(16).toString('hex')) {
  const q = `res=notyet&uamip=10.1.0.1&uamport=3990&challenge=${challenge}&called=AA-BB-CC-DD-EE-FF&mac=${mac}&ip=127.0.0.1&nasid=liberec-hl-n&sessionid=5f1e0a1b00000001&userurl=http%3A%2F%2Fexample.com%2F`;
  return { q: `${q}&md=${uamMd(`${PUBLIC}/?${q}`, SECRET)}`, challenge };
}

describe('findByMac', () => {
  it('flips from null to the acceptance after Connect, for the MAC in any vendor format, at the current terms only', async () => {
    const { s, clock, acceptances } = await site({});
    const now = () => clock.now();
    expect(acceptances.findByMac('3c:22:fb:11:22:33', now())).toBeNull();
    const c = await connectMac(s.url, '3C-22-FB-11-22-33');
    expect(c.status).toBe(303);
    const hit = acceptances.findByMac('3c22fb112233', now());
    expect(hit?.acceptanceId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(acceptances.findByMac('3C:22:FB:11:22:33', now())).toEqual(hit);
    expect(acceptances.findByMac('3c22.fb11.2233', now())).toEqual(hit);
    expect(acceptances.findByMac('3c:22:fb:11:22:34', now())).toBeNull();
    expect(acceptances.findByMac('not a mac', now())).toBeNull();
    // remembered for guestProfile.rememberDays (1 by default)
    clock.advance(DAY - 60_000);
    expect(acceptances.findByMac('3c22fb112233', now())).toEqual(hit);
    clock.advance(120_000);
    expect(acceptances.findByMac('3c22fb112233', now())).toBeNull();
  });

  it('stops counting an acceptance when the terms version changes', async () => {
    const { s, clock, acceptances } = await site({});
    await connectMac(s.url, '3c22fb112233');
    expect(acceptances.findByMac('3c22fb112233', clock.now())).not.toBeNull();
    const loc = s.app.content.current().location;
    s.app.content.replace({ ...loc, terms: { ...loc.terms, version: '2027-01' } }, 'test');
    expect(acceptances.findByMac('3c22fb112233', clock.now())).toBeNull();
  });

  it('lets a randomised MAC in only right after its Connect when the profile says portal-each-time', async () => {
    const { s, clock, acceptances } = await site({});
    setGuestProfile(s, { randomizedMacs: 'portal-each-time', rememberDays: 7 });
    await connectMac(s.url, 'da:a1:19:00:00:01'); // 0xda: locally administered
    await connectMac(s.url, '3c:22:fb:00:00:01');
    expect(acceptances.findByMac('daa119000001', clock.now())).not.toBeNull();
    clock.advance(FRESH_CONNECT_MS + 1000);
    expect(acceptances.findByMac('daa119000001', clock.now())).toBeNull();
    expect(acceptances.findByMac('3c22fb000001', clock.now())).not.toBeNull();
  });

  it('purges acceptances older than captive.retentionDays', async () => {
    const { s, clock, acceptances } = await site({ 'captive.retentionDays': 2 });
    setGuestProfile(s, { rememberDays: 30 });
    await connectMac(s.url, '3c22fb112233');
    clock.advance(DAY);
    expect(acceptances.purge(clock.now())).toBe(0);
    clock.advance(DAY + 1000);
    expect(acceptances.purge(clock.now())).toBe(1);
    expect(acceptances.findByMac('3c22fb112233', clock.now())).toBeNull();
  });
});

describe('UAM (CoovaChilli / uspot)', () => {
  const flags = { 'captive.controller': 'uam', 'captive.uamSecret': SECRET, 'captive.uamServerUrl': `${PUBLIC}/` };

  it('answers findUamLogin only after Connect, with the password the CHAP response was made from', async () => {
    const { s, clock, acceptances } = await site(flags);
    const { q, challenge } = uamQuery('02-11-22-33-44-55');
    const page = await request(s.url, `/?${q}`);
    expect(page.status).toBe(200);
    expect(acceptances.findByMac('021122334455', clock.now())).toBeNull();
    const f = connectFields(page.text);
    expect(f.q).toBe(q);
    const c = await request(s.url, '/connect', { method: 'POST', body: new URLSearchParams(f).toString() });
    expect(c.status).toBe(303);
    const logon = new URL(String(c.headers.location));
    expect(`${logon.origin}${logon.pathname}`).toBe('http://10.1.0.1:3990/logon');
    const username = logon.searchParams.get('username')!;
    expect(username).toMatch(/^p[0-9a-f]{20}$/);
    expect(logon.searchParams.get('userurl')).toBe(`${PUBLIC}/online?lang=cs&userurl=${encodeURIComponent('http://example.com/')}`);

    const login = acceptances.findUamLogin(username, clock.now())!;
    expect(login.password).toHaveLength(16);
    expect(logon.searchParams.get('response')).toBe(uamChapResponse(login.password, challenge, SECRET));
    expect(acceptances.findByMac('02:11:22:33:44:55', clock.now())?.acceptanceId).toBe(login.acceptanceId);
    expect(acceptances.findUamLogin('p' + '0'.repeat(20), clock.now())).toBeNull();
    clock.advance(UAM_LOGIN_TTL_MS + 1000);
    expect(acceptances.findUamLogin(username, clock.now())).toBeNull();
  });

  it('puts a PAP password= that chilli decodes to the issued password', async () => {
    const { s, clock, acceptances } = await site({ ...flags, 'captive.uamAuth': 'pap' });
    const { q, challenge } = uamQuery('02-11-22-33-44-56');
    const c = await connect(s.url, `/?${q}`);
    const logon = new URL(String(c.headers.location));
    const login = acceptances.findUamLogin(logon.searchParams.get('username')!, clock.now())!;
    expect(uamPapDecode(logon.searchParams.get('password')!, challenge, SECRET)).toBe(login.password);
  });

  it('refuses a tampered md with a translated page and records nothing', async () => {
    const { s, clock, acceptances } = await site(flags);
    const { q } = uamQuery('02-11-22-33-44-57');
    const tampered = q.replace('mac=02-11-22-33-44-57', 'mac=02-11-22-33-44-58');
    const r = await request(s.url, `/?${tampered}`, { headers: { 'accept-language': 'en' } });
    expect(r.status).toBe(403);
    expect(r.text).toContain('The link from the access point is invalid');
    expect(r.text).not.toContain('name="t"');
    // a form built for the good query cannot carry the tampered one
    const good = connectFields((await request(s.url, `/?${q}`)).text);
    const post = await request(s.url, '/connect', { method: 'POST', body: new URLSearchParams({ ...good, q: tampered }).toString() });
    expect(post.status).toBe(403);
    expect(acceptances.findByMac('021122334458', clock.now())).toBeNull();
    expect(acceptances.findByMac('021122334457', clock.now())).toBeNull();
  });

  it('refuses a replayed challenge on the portal and on Connect', async () => {
    const { s } = await site(flags);
    const { q } = uamQuery('02-11-22-33-44-59');
    const page = await request(s.url, `/?${q}`);
    const body = new URLSearchParams(connectFields(page.text)).toString();
    expect((await request(s.url, '/connect', { method: 'POST', body })).status).toBe(303);
    const again = await request(s.url, '/connect', { method: 'POST', body });
    expect(again.status).toBe(403);
    expect(again.text).toContain('Odkaz už byl použit');
    expect((await request(s.url, `/?${q}`)).status).toBe(403);
  });

  it('sends res=success back to the online page', async () => {
    const { s } = await site(flags);
    const q = `res=success&uamip=10.1.0.1&uamport=3990&called=AA-BB-CC-DD-EE-FF&mac=02-11-22-33-44-60&ip=127.0.0.1&userurl=http%3A%2F%2Fexample.com%2F`;
    const r = await request(s.url, `/?lang=pl&${q}&md=${uamMd(`${PUBLIC}/?${q}`, SECRET)}`);
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe(`${PUBLIC}/online?lang=pl&userurl=${encodeURIComponent('http://example.com/')}`);
  });
});

describe('openNDS FAS level 1', () => {
  const flags = { 'captive.controller': 'opennds', 'captive.fasKey': 'faskey-1', 'captive.gatewayAddresses': ['192.168.8.0/24'] };
  // the neighbour table agrees with the payload's clientmac (a disagreeing one is refused: security.int.test.ts)
  beforeEach(() => arpSays('3c:22:fb:aa:bb:cc'));
  const fasOf = (hid: string, extra = '') =>
    Buffer.from(`hid=${hid}, clientip=127.0.0.1, clientmac=3c:22:fb:aa:bb:cc, gatewayname=Liberec%20hl.n.%20Node%3a0eda2deee0a7%20, gatewayaddress=192.168.8.1:2050, authdir=opennds_auth, originurl=http%3A%2F%2Fexample.org%2F${extra}`).toString('base64');

  it('hands the browser to the gateway with tok = sha256(hid ‖ faskey), and stores the gateway name decoded', async () => {
    const { s, clock, acceptances } = await site(flags);
    const hid = randomBytes(32).toString('hex');
    const c = await connect(s.url, `/?fas=${encodeURIComponent(fasOf(hid))}`);
    expect(c.headers.location).toBe(`http://192.168.8.1:2050/opennds_auth/?tok=${openNdsRhid(hid, 'faskey-1')}&redir=${encodeURIComponent(`${PUBLIC}/online?lang=cs&userurl=${encodeURIComponent('http://example.org/')}`)}`);
    expect(acceptances.findByMac('3c22fbaabbcc', clock.now())).not.toBeNull();
    const row = s.app.deps.db.prepare('SELECT session_json FROM captive_acceptances ORDER BY accepted_at DESC LIMIT 1').get() as { session_json: string };
    expect(JSON.parse(row.session_json).gatewayname).toBe('Liberec hl.n. Node:0eda2deee0a7');
  });

  it('brings the portal and the same handoff again for a used hid: an unfinished Connect does not lock the traveller out', async () => {
    const { s } = await site(flags);
    const hid = randomBytes(32).toString('hex');
    const path = `/?fas=${encodeURIComponent(fasOf(hid))}`;
    const first = await connect(s.url, path);
    expect(first.status).toBe(303);
    // the mini-browser closed before following the 303; openNDS redirects the traveller again with the same hid
    const page = await request(s.url, path);
    expect(page.status).toBe(200);
    const body = new URLSearchParams(connectFields(page.text)).toString();
    const again = await request(s.url, '/connect', { method: 'POST', body });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
  });

  it('shows no time left on /online and in RFC 8908, because the gateway decides the session length', async () => {
    const { s } = await site(flags);
    await connect(s.url, `/?fas=${encodeURIComponent(fasOf(randomBytes(32).toString('hex')))}`);
    const online = await request(s.url, '/online?lang=en');
    expect(online.text).toContain('You are connected to the internet');
    expect(online.text).not.toMatch(/valid for another/);
    expect(online.text).toContain('When the connection ends, just press Connect again.');
    const api = JSON.parse((await request(s.url, '/api/captive')).text);
    expect(api.captive).toBe(false);
    expect(api).not.toHaveProperty('seconds-remaining');
  });

  it.each([
    ['level 0', `authaction=http://192.168.8.1:2050/opennds_auth/?clientip=127.0.0.1&gatewayname=liberec&tok=1a2b3c4d&redir=http%3A%2F%2Fexample.org%2F`, /FAS level 0/],
    ['level 2/3', `fas=${encodeURIComponent(Buffer.from(randomBytes(64)).toString('base64'))}&iv=0123456789abcdef`, /FAS level 2 or 3/],
    ['no faskey on the gateway', `clientip=127.0.0.1&gatewayname=liberec&redir=http%3A%2F%2Fexample.org%2F`, /no hid/],
  ])('answers a gateway at %s on the first request with a configuration error page and records nothing', async (_name, q, reason) => {
    const { s, clock, acceptances } = await site(flags);
    const r = await request(s.url, `/?lang=en&${q}`);
    expect(r.status).toBe(502);
    expect(r.text).toContain('The access point at this station is set up incorrectly');
    expect(r.text).toContain('CAPTIVE_CONTROLLER_MISCONFIGURED');
    expect(r.text).not.toContain('name="t"');
    expect(acceptances.findByIp('127.0.0.1', clock.now())).toBeNull();
    expect(misconfiguredLevel(new URLSearchParams(q))).toMatch(reason);
  });

  it('answers a malformed fas payload with 400 and records nothing', async () => {
    const { s, clock, acceptances } = await site(flags);
    const r = await request(s.url, `/?fas=${encodeURIComponent(Buffer.from('clientip=127.0.0.1, gatewayaddress=192.168.8.1:2050').toString('base64'))}`);
    expect(r.status).toBe(400);
    expect(acceptances.findByIp('127.0.0.1', clock.now())).toBeNull();
  });

  it('logs a TLS handshake on the http port as openNDS at FAS level 3/4, and still answers other bad requests with 400', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const app = createSiteApp({ config: testConfig({ 'http.publicUrl': PUBLIC, ...flags }), log });
    const port = await app.listen(0, '127.0.0.1');
    try {
      const raw = (bytes: Buffer) =>
        new Promise<string>((resolve) => {
          const chunks: Buffer[] = [];
          const sock = net.connect(port, '127.0.0.1', () => sock.write(bytes));
          sock.on('data', (c: Buffer) => chunks.push(c));
          sock.on('error', () => resolve(Buffer.concat(chunks).toString('latin1')));
          sock.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
        });
      // the first bytes of a TLS 1.2/1.3 ClientHello record (RFC 8446 §5.1: handshake, legacy version 3.1)
      expect(await raw(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xf4, 0x01, 0x00, 0x00, 0xf0, 0x03, 0x03]))).toBe('');
      expect(lines.some((l) => /TLS handshake reached the portal http port.*fas_secure_enabled 1/.test(l))).toBe(true);
      expect(await raw(Buffer.from('BAD\r\n\r\n'))).toMatch(/^HTTP\/1\.1 400/);
    } finally {
      await app.close();
    }
  });
});

describe('no controller', () => {
  it('finds the client MAC in the kernel ARP table by IP', () => {
    const dir = mkdtempSync(join(tmpdir(), 'peron-arp-'));
    const f = join(dir, 'arp');
    writeFileSync(f, 'IP address       HW type     Flags       HW address            Mask     Device\n10.0.0.7         0x1         0x2         3c:22:fb:01:02:03     *        wlan0\n10.0.0.8         0x1         0x0         00:00:00:00:00:00     *        wlan0\n');
    expect(arpLookup('10.0.0.7', f)).toBe('3c22fb010203');
    expect(arpLookup('10.0.0.8', f)).toBeNull();
    expect(arpLookup('10.0.0.9', f)).toBeNull();
  });
});

describe('controller configuration', () => {
  it('refuses to start a UAM site without the UAM secret, or an openNDS site without the faskey, naming the key', async () => {
    await expect(startTestSite({ 'captive.controller': 'uam' })).rejects.toThrow(/captive\.uamSecret/);
    await expect(startTestSite({ 'captive.controller': 'opennds' })).rejects.toThrow(/captive\.fasKey/);
    await expect(startTestSite({ 'captive.controller': 'opennds', 'captive.fasKey': 'k' })).rejects.toThrow(/captive\.gatewayAddresses/);
  });
  it.each(["it's", 'a%41b', 'back\\slash', 'with space'])('refuses to start with a faskey openNDS cannot use (%s), naming the key', async (key) => {
    await expect(startTestSite({ 'captive.controller': 'opennds', 'captive.fasKey': key })).rejects.toThrow(/captive\.fasKey: openNDS faskey may use only/);
  });
});
