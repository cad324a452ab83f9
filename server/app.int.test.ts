// The assembled site server over real HTTP: health, error pages and their headers, upgrades, metrics.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '../test/helpers/site.ts';

describe('site server', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite();
  });
  afterAll(async () => {
    await site.close();
  });

  it('answers its health check', async () => {
    const r = await fetch(`${site.url}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true });
  });

  it('gives guests a translated error page and APIs a JSON error', async () => {
    const page = await fetch(`${site.url}/no-such-page`, { headers: { 'accept-language': 'de-DE,de;q=0.9' } });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Seite nicht gefunden');
    const api = await fetch(`${site.url}/api/no-such-thing`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Stránka nenalezena' } });
  });

  it('sends the error page and pages without their own policy with a CSP that forbids script, framing and sniffing', async () => {
    for (const path of ['/no-such-page', '/departures?limit=abc', '/kiosk', '/kiosk/no-such-display']) {
      const r = await fetch(site.url + path, { headers: { accept: 'text/html' } });
      expect(r.headers.get('content-type'), path).toMatch(/text\/html/);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/default-src 'none'/);
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp, path).not.toMatch(/script-src/);
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });

  it('refuses a WebSocket upgrade to a path nobody serves instead of holding the socket open', async () => {
    const answer = await new Promise<string>((resolve) => {
      const sock = net.connect(site.port, '127.0.0.1', () =>
        sock.write('GET /no-such-socket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'),
      );
      let got = '';
      sock.on('data', (d) => (got += d));
      sock.on('close', () => resolve(got));
      setTimeout(() => {
        sock.destroy();
        resolve(got || 'still open');
      }, 3000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 404/);
  });

  it('exposes Prometheus metrics to the operator on the box', async () => {
    const r = await fetch(`${site.url}/metrics`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('process_cpu_seconds_total');
  });
});

describe('metrics with an admin token', () => {
  it('are refused to a guest without the token and served with it', async () => {
    const site = await startTestSite({ 'http.adminToken': 'prometheus-scrape-token' });
    try {
      expect((await fetch(`${site.url}/metrics`)).status).toBe(401);
      const ok = await fetch(`${site.url}/metrics`, { headers: { authorization: 'Bearer prometheus-scrape-token' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('peron_portal_views_total');
    } finally {
      await site.close();
    }
  });
});
