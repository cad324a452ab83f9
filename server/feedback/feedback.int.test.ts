// Feedback on a real site over HTTP: refusals change nothing, and a site killed with SIGKILL right after
// acknowledging submissions still has every one of them when it starts again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startSiteProcess } from '../../test/helpers/kiosk-site-process.ts';
import { startTestSite, type TestSite } from '../../test/helpers/site.ts';

async function formToken(url: string): Promise<string> {
  const html = await (await fetch(`${url}/feedback?lang=cs`)).text();
  return /name="t" value="([^"]+)"/.exec(html)![1];
}

function post(url: string, fields: Record<string, string>) {
  return fetch(`${url}/feedback`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

describe('feedback on a site', () => {
  const sites: TestSite[] = [];
  afterAll(async () => {
    for (const s of sites) await s.close();
  });

  it('refuses a missing token, a filled honeypot, a too long text and a flood, storing nothing', async () => {
    const site = await startTestSite({ 'feedback.maxChars': 100, 'feedback.rateLimitPerMinute': 4 });
    sites.push(site);
    const count = () => (site.app.deps.db.prepare('SELECT count(*) AS n FROM feedback').get() as { n: number }).n;
    const t = await formToken(site.url);
    expect((await post(site.url, { topic: 'wifi', text: 'Nejde Wi-Fi.' })).status).toBe(403);
    expect((await post(site.url, { t, topic: 'wifi', text: 'Nejde Wi-Fi.', website: 'http://spam.example' })).status).toBe(422);
    const long = await post(site.url, { t, topic: 'wifi', text: 'x'.repeat(101) });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('Text má 101 znaků, nejvýše smí mít 100.');
    expect(count()).toBe(0);
    const ok = await post(site.url, { t, topic: 'wifi', text: '<script>alert(1)</script>', lang: 'en' });
    expect(ok.status).toBe(303);
    const ref = /LBC-\d{4}-00001/.exec(ok.headers.get('location')!)![0];
    const status = await (await fetch(`${site.url}/feedback/${ref}?lang=en`)).text();
    expect(status).toContain('New');
    expect(status).not.toContain('alert(1)'); // the status page shows only the status and the answer
    // stored exactly as typed (escaping is the job of every page that shows it)
    expect((site.app.deps.db.prepare('SELECT text FROM feedback WHERE ref = ?').get(ref) as { text: string }).text).toBe('<script>alert(1)</script>');
    expect((await post(site.url, { t, topic: 'wifi', text: 'znovu' })).status).toBe(429);
    expect(count()).toBe(1);
    expect((await fetch(`${site.url}/feedback/LBC-2026-99999`)).status).toBe(404);
  }, 30_000);

  it('loses no acknowledged message when the site is killed with SIGKILL right after', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'peron-feedback-crash-'));
    const port = await freePort();
    const proc = await startSiteProcess({ dataDir, 'http.port': port, 'feedback.rateLimitPerMinute': 1000 });
    const t = await formToken(proc.url);
    const refs: string[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const r = await post(proc.url, { t, topic: 'other', text: `podnět číslo ${i}` });
        if (r.status === 303) refs.push(/LBC-\d{4}-\d{5}/.exec(r.headers.get('location')!)![0]);
      }),
    );
    await proc.kill();
    expect(refs.length).toBe(20);
    const again = await startTestSite({ dataDir });
    sites.push(again);
    for (const ref of refs) expect((await fetch(`${again.url}/feedback/${ref}`)).status, ref).toBe(200);
    expect(new Set(refs).size).toBe(20);
  }, 30_000);
});
