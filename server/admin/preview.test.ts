import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../platform/log.ts';
import { createPreview, rewriteRootLinks, type PreviewInstance } from './preview.ts';

describe('preview plumbing', () => {
  let server: http.Server;
  let inst: PreviewInstance;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/?lang=de') return void res.writeHead(302, { location: '/portal?lang=de' }).end();
      if (req.url === '/away') return void res.writeHead(302, { location: 'https://example.org/' }).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<p>${req.url}</p>`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    inst = { locationId: 'x', key: 'k', token: 't', origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, lastUsed: 0, close: async () => undefined };
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('follows redirects that stay on the preview site and reports where the page ended up', async () => {
    const preview = createPreview({ log: silentLogger(), maxSites: 1, startSite: () => Promise.reject(new Error('not started in this test')) });
    const r = await preview.fetchFinal(inst, '/?lang=de');
    expect(r.status).toBe(200);
    expect(r.path).toBe('/portal?lang=de');
    expect(r.body.toString()).toBe('<p>/portal?lang=de</p>');
    const away = await preview.fetchFinal(inst, '/away');
    expect(away.status).toBe(302);
    expect(away.location).toBe('https://example.org/');
  });

  it('points root-relative links, scripts and forms at the preview prefix and leaves other URLs alone', () => {
    const html = '<link href="/static/portal.css"><script src=\'/static/a.js\'></script><form action="/connect"><a href="https://x.cz/">x</a><a href="//cdn.example/">y</a><a href="#top">t</a>';
    expect(rewriteRootLinks(html, '/admin/preview/T')).toBe(
      '<link href="/admin/preview/T/static/portal.css"><script src=\'/admin/preview/T/static/a.js\'></script><form action="/admin/preview/T/connect"><a href="https://x.cz/">x</a><a href="//cdn.example/">y</a><a href="#top">t</a>',
    );
  });
});
