// The traveller's whole path through one real site server: before Connect the access point's RADIUS requests are
// rejected; after Connect on the portal (a CoovaChilli UAM redirect with a valid md) FreeRADIUS' radclient, acting
// as the controller, is let in by MAC authentication and by the UAM CHAP and PAP logins the portal issued.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uamKey, uamMd, uamPapDecode } from '../../server/captive/controllers/uam.ts';
import { connectFields, request } from '../helpers/captive-http.ts';
import { radclient as radclientTool } from '../helpers/freeradius-tools.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

const PUBLIC = 'http://portal.test';
const UAM_SECRET = 'chilli-uam-secret';
const NAS_SECRET = 'nas-radius-secret';

const radclient = (port: number, attrs: string) => radclientTool(port, 'auth', attrs, NAS_SECRET, { retries: 2 });

const macAuth = (mac: string) =>
  `User-Name = "${mac}", User-Password = "${mac}", Calling-Station-Id = "${mac.toUpperCase()}", Called-Station-Id = "00-17-0F-20-18-40:Kraj-Liberec-WiFi", NAS-Identifier = "lbc-hl-n-ap1", Message-Authenticator = 0x00`;

/** The portal visit chilli triggers: redirect with md, then Connect; returns the logon URL the portal sends back. */
async function connectThroughUam(site: TestSite, mac: string): Promise<{ logon: URL; challenge: string }> {
  const challenge = randomBytes(16).toString('hex');
  const q = `res=notyet&uamip=10.1.0.1&uamport=3990&challenge=${challenge}&called=00-17-0F-20-18-40&mac=${mac}&ip=10.1.0.23&nasid=lbc-hl-n-ap1&sessionid=6a1e0a1b00000001&userurl=http%3A%2F%2Fexample.com%2F`;
  const page = await request(site.url, `/?${q}&md=${uamMd(`${PUBLIC}/?${q}`, UAM_SECRET)}`);
  expect(page.status).toBe(200);
  const c = await request(site.url, '/connect', { method: 'POST', body: new URLSearchParams(connectFields(page.text)).toString() });
  expect(c.status).toBe(303);
  return { logon: new URL(String(c.headers.location)), challenge };
}

describe('portal and RADIUS together, with radclient as the controller', () => {
  let chap: TestSite;
  let pap: TestSite;
  const base = {
    'http.publicUrl': PUBLIC,
    'captive.controller': 'uam',
    'captive.uamSecret': UAM_SECRET,
    'captive.uamServerUrl': `${PUBLIC}/`,
    'radius.clients': [{ name: 'chilli', address: '127.0.0.1/32', secret: NAS_SECRET }],
  };
  beforeAll(async () => {
    chap = await startTestSite({ ...base, 'captive.uamAuth': 'chap' });
    pap = await startTestSite({ ...base, 'captive.uamAuth': 'pap' });
  });
  afterAll(async () => {
    await chap?.close();
    await pap?.close();
  });

  it('rejects a MAC before Connect and accepts it, with the guest profile, after Connect', async () => {
    const port = chap.app.radius.server.ports().auth;
    const mac = 'a4-5e-60-d1-22-9b';
    const before = await radclient(port, macAuth(mac));
    expect(before.code).toBe('Access-Reject');

    await connectThroughUam(chap, mac.toUpperCase());
    const after = await radclient(port, macAuth(mac));
    expect(after.code).toBe('Access-Accept');
    const profile = chap.app.content.current().location.guestProfile;
    expect(after.out).toContain(`Session-Timeout = ${profile.sessionTimeout}`);
    expect(after.out).toContain(`Idle-Timeout = ${profile.idleTimeout}`);
    expect(after.out).toMatch(/WISPr-Bandwidth-Max-Down = (\d+)/);
    expect(Number(/WISPr-Bandwidth-Max-Down = (\d+)/.exec(after.out)![1])).toBe(profile.downKbps * 1000);
    // another vendor's format of the same MAC (colons, upper case) is the same traveller
    expect((await radclient(port, macAuth('A4:5E:60:D1:22:9B'))).code).toBe('Access-Accept');
    expect((await radclient(port, macAuth('a4:5e:60:d1:22:9c'))).code).toBe('Access-Reject');
  });

  it('lets in the CHAP login the portal put into the logon URL, exactly as chilli forwards it', async () => {
    const port = chap.app.radius.server.ports().auth;
    const { logon, challenge } = await connectThroughUam(chap, '3C-22-FB-10-20-30');
    const username = logon.searchParams.get('username')!;
    const response = logon.searchParams.get('response')!;
    // chilli: CHAP-Challenge = MD5(challenge ‖ uamsecret), CHAP-Password = ident ‖ response
    const k = uamKey(challenge, UAM_SECRET).toString('hex');
    const attrs = (resp: string) => `User-Name = "${username}", CHAP-Password = 0x00${resp}, CHAP-Challenge = 0x${k}, Calling-Station-Id = "3C-22-FB-10-20-30", NAS-Identifier = "lbc-hl-n-ap1", Message-Authenticator = 0x00`;
    expect((await radclient(port, attrs(response))).code).toBe('Access-Accept');
    const wrong = createHash('md5').update(Buffer.from(response, 'hex')).digest('hex');
    expect((await radclient(port, attrs(wrong))).code).toBe('Access-Reject');
  });

  it('lets in the PAP login the portal issued and refuses a wrong password', async () => {
    const port = pap.app.radius.server.ports().auth;
    const { logon, challenge } = await connectThroughUam(pap, '3C-22-FB-10-20-31');
    const username = logon.searchParams.get('username')!;
    const password = uamPapDecode(logon.searchParams.get('password')!, challenge, UAM_SECRET);
    const attrs = (pw: string) => `User-Name = "${username}", User-Password = "${pw}", Calling-Station-Id = "3C-22-FB-10-20-31", NAS-Identifier = "lbc-hl-n-ap1", Message-Authenticator = 0x00`;
    expect((await radclient(port, attrs(password))).code).toBe('Access-Accept');
    expect((await radclient(port, attrs(password.slice(0, -1) + (password.endsWith('x') ? 'y' : 'x')))).code).toBe('Access-Reject');
  });
});
