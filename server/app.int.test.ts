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

  it('exposes Prometheus metrics', async () => {
    const r = await fetch(`${site.url}/metrics`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('process_cpu_seconds_total');
  });
});
