// Issue 12 (part A): each attack of an attacker on the station Wi-Fi, a spoofed board or a careless operator,
// tried against the real site/hub over real sockets, and the defended behaviour asserted.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, connectFields, request } from '../test/helpers/captive-http.ts';
import { startTestSite, type TestSite } from '../test/helpers/site.ts';
import { testConfig } from '../test/helpers/config.ts';
import { createHubApp } from './app.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
async function site(flags: Record<string, unknown> = {}): Promise<TestSite> {
  const s = await startTestSite(flags);
  open.push(s);
  return s;
}
const probe = (s: TestSite, xff?: string) =>
  request(s.url, '/generate_204', { host: 'connectivitycheck.gstatic.com', headers: xff ? { 'x-forwarded-for': xff } : {} });

function arpTable(rows: [ip: string, mac: string][]): string {
  const f = join(mkdtempSync(join(tmpdir(), 'peron-arp-')), 'arp');
  writeFileSync(f, 'IP address       HW type     Flags       HW address            Mask     Device\n' + rows.map(([ip, mac]) => `${ip}        0x1         0x2         ${mac}     *        wlan0\n`).join(''));
  return f;
}

describe('3: "none" controller takes the MAC from the neighbour table only', () => {
  it('refuses a mac parameter naming another device, and accepts the client only as the kernel knows it', async () => {
    const s = await site({ 'captive.arpFile': arpTable([['127.0.0.1', '3c:22:fb:00:00:aa']]) });
    const victim = '3c22fb0000bb';
    const page = await request(s.url, `/?mac=${victim}`);
    expect(page.status).toBe(400);
    expect(page.text).toContain('CAPTIVE_BAD_CONTROLLER_DATA');
    // the attacker takes a token for a plain page and posts the victim's MAC in q: refused as well
    const plain = connectFields((await request(s.url, '/')).text);
    const forged = await request(s.url, '/connect', { method: 'POST', body: new URLSearchParams({ ...plain, q: `mac=${victim}` }).toString() });
    expect(forged.status).toBe(403);
    expect(s.app.acceptances.findByMac(victim, Date.now())).toBeNull();
    // the client's own MAC (from the ARP table, with or without the parameter) is what gets accepted
    expect((await connect(s.url, '/?mac=3C-22-FB-00-00-AA')).status).toBe(303);
    expect(s.app.acceptances.findByMac('3c22fb0000aa', Date.now())).not.toBeNull();
  });

  it('refuses a mac parameter when the client is not in the neighbour table at all', async () => {
    const s = await site({ 'captive.arpFile': arpTable([]) });
    expect((await request(s.url, '/?mac=3c22fb0000bb')).status).toBe(400);
    expect((await connect(s.url, '/?userurl=http%3A%2F%2Fexample.com%2F')).status).toBe(303);
    expect(s.app.acceptances.findByMac('3c22fb0000bb', Date.now())).toBeNull();
  });
});

describe('4: http.trustProxy takes the right-most untrusted X-Forwarded-For hop', () => {
  it('ignores what the client wrote to the left of the address nginx appended', async () => {
    const s = await site({ 'http.trustProxy': true });
    // nginx `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`: the client's own header, then its address
    await connect(s.url, '/', { 'x-forwarded-for': '10.1.1.1, 10.9.9.9' });
    expect((await probe(s, '10.9.9.9')).status).toBe(204);
    expect((await probe(s, '10.1.1.1')).status).toBe(302);
    // two loopback proxies in a row (nginx → haproxy on the box): both trusted, the client is the hop before them
    expect((await probe(s, '10.1.1.1, 10.9.9.9, 127.0.0.1')).status).toBe(204);
    // two X-Forwarded-For header lines are one list (RFC 9110 §5.3)
    const twoLines = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request: r }) => {
        const u = new URL(s.url);
        const req = r({ host: u.hostname, port: u.port, path: '/generate_204', headers: [['host', 'connectivitycheck.gstatic.com'], ['x-forwarded-for', '10.1.1.1'], ['x-forwarded-for', '10.9.9.9']] as unknown as Record<string, string> }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    });
    expect(twoLines).toBe(204);
  });

  it('dodges no rate limit by rotating the client-written part', async () => {
    const s = await site({ 'http.trustProxy': true, 'captive.rateLimitPerMinute': 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await connect(s.url, '/', { 'x-forwarded-for': `10.2.0.${i}, 10.9.9.9` })).status);
    expect(statuses).toEqual([303, 303, 429, 429]);
  });

  it('takes the header only from a configured proxy, and lets the operator name the proxies', async () => {
    const notTrusted = await site({ 'http.trustProxy': true, 'http.trustedProxies': ['192.0.2.10'] });
    await connect(notTrusted.url, '/', { 'x-forwarded-for': '10.9.9.9' });
    // 127.0.0.1 is not a configured proxy: the header is ignored, the socket address accepted
    expect((await probe(notTrusted, '10.7.7.7')).status).toBe(204);
    const trusted = await site({ 'http.trustProxy': true, 'http.trustedProxies': ['127.0.0.0/8', '10.8.0.0/16'] });
    await connect(trusted.url, '/', { 'x-forwarded-for': '10.9.9.9, 10.8.0.5' });
    expect((await probe(trusted, '10.9.9.9')).status).toBe(204);
    expect(() => testConfig({ 'http.trustProxy': true, 'http.trustedProxies': ['nginx'] })).not.toThrow();
    await expect(startTestSite({ 'http.trustProxy': true, 'http.trustedProxies': ['nginx'] })).rejects.toThrow(/http\.trustedProxies/);
  });
});

describe('5: behind a reverse proxy on the same host nothing is "local"', () => {
  it('refuses loopback-only admin APIs to a request a proxy forwarded', async () => {
    const s = await site();
    expect((await request(s.url, '/api/displays')).status).toBe(200);
    for (const h of [{ 'x-forwarded-for': '203.0.113.7' }, { forwarded: 'for=203.0.113.7' }, { 'x-real-ip': '203.0.113.7' }] as Record<string, string>[]) {
      expect((await request(s.url, '/api/displays', { headers: h })).status).toBe(403);
      expect((await request(s.url, '/metrics', { headers: h })).status).toBe(403);
    }
  });

  it('refuses to start a hub on a public URL without hub.adminToken, naming the key', async () => {
    expect(() => createHubApp({ config: testConfig({ 'hub.publicUrl': 'https://hub.kraj-lbc.cz' }) })).toThrow(/hub\.adminToken/);
    const ok = createHubApp({ config: testConfig({ 'hub.publicUrl': 'https://hub.kraj-lbc.cz', 'hub.adminToken': 'x'.repeat(32) }) });
    await ok.listen(0);
    open.push(ok);
    const res = await fetch(`http://127.0.0.1:${ok.server!.address() && (ok.server!.address() as { port: number }).port}/api/hub/sites`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(res.status).toBe(401);
  });
});
