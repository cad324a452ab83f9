import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { completeBoard, completeDeparture, type ChangeEvent } from '../departures/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, connectFields, request } from '../../test/helpers/captive-http.ts';
import { startTestSite, type TestSite } from '../../test/helpers/site.ts';
import { APPLE_SUCCESS, KINDLE_MARKER, PROBES } from './probes.ts';
import type { Departure, DeparturesService } from '../departures/types.ts';

const PUBLIC = 'http://portal.test';

async function site(flags: Record<string, unknown> = {}): Promise<TestSite> {
  const s = await startTestSite({ 'http.publicUrl': PUBLIC, ...flags });
  return s;
}

describe('probes and RFC 8908 flip with the acceptance', () => {
  let s: TestSite;
  beforeAll(async () => {
    s = await site();
  });
  afterAll(() => s.close());

  it('redirects every probe to the portal while captive: a 302 with a body, never 204, an empty 200 or a success body', async () => {
    for (const p of PROBES) {
      const r = await request(s.url, p.paths[0], { host: p.hosts[0] });
      expect(r.status, p.os).toBe(302);
      expect(r.headers.location).toBe(`${PUBLIC}/`);
      expect(r.body.length).toBeGreaterThan(0);
      expect(r.text).not.toContain('Success');
    }
    const win = await request(s.url, '/redirect', { host: 'www.msftconnecttest.com' });
    expect(win.headers.location).toBe(`${PUBLIC}/`);
  });

  it('says captive:true in the RFC 8908 API before Connect and captive:false with seconds-remaining after', async () => {
    const before = await request(s.url, '/api/captive', { headers: { accept: 'application/captive+json' } });
    expect(before.headers['content-type']).toBe('application/captive+json');
    expect(before.headers['cache-control']).toBe('private');
    expect(JSON.parse(before.text)).toEqual({ captive: true, 'user-portal-url': `${PUBLIC}/`, 'venue-info-url': `${PUBLIC}/online`, 'can-extend-session': false });

    const c = await connect(s.url);
    expect(c.status).toBe(303);
    expect(c.headers.location).toBe(`${PUBLIC}/online?lang=cs`);

    const after = JSON.parse((await request(s.url, '/api/captive')).text);
    expect(after.captive).toBe(false);
    expect(after['seconds-remaining']).toBeGreaterThan(7000);
    expect(after['seconds-remaining']).toBeLessThanOrEqual(7200);
    expect(after['can-extend-session']).toBe(true);
  });

  it('answers each probe with the exact success its OS expects after Connect', async () => {
    const get = (host: string, path: string) => request(s.url, path, { host });
    const apple = await get('captive.apple.com', '/hotspot-detect.html');
    expect([apple.status, apple.text]).toEqual([200, APPLE_SUCCESS]);
    const android = await get('connectivitycheck.gstatic.com', '/generate_204');
    expect([android.status, android.body.length]).toEqual([204, 0]);
    expect((await get('www.msftconnecttest.com', '/connecttest.txt')).text).toBe('Microsoft Connect Test');
    expect((await get('www.msftncsi.com', '/ncsi.txt')).text).toBe('Microsoft NCSI');
    expect((await get('detectportal.firefox.com', '/canonical.html')).text).toBe('<meta http-equiv="refresh" content="0;url=https://support.mozilla.org/kb/captive-portal"/>');
    expect((await get('nmcheck.gnome.org', '/check_network_status.txt')).text).toBe('NetworkManager is online\n');
    const ubuntu = await get('connectivity-check.ubuntu.com', '/');
    expect([ubuntu.status, ubuntu.headers['x-networkmanager-status']]).toEqual([204, 'online']);
    expect((await get('spectrum.s3.amazonaws.com', '/kindle-wifi/wifistub.html')).text).toContain(KINDLE_MARKER);
    expect((await get('www.msftconnecttest.com', '/redirect')).headers.location).toBe(`${PUBLIC}/online`);
  });

  it('shows the online page with the time left after Connect', async () => {
    const r = await request(s.url, '/online?lang=en');
    expect(r.status).toBe(200);
    expect(r.text).toContain('You are connected to the internet');
    expect(r.text).toMatch(/valid for another 1\d\d min/);
  });

  it('counts portal views and Connects in the metrics', async () => {
    const m = (await request(s.url, '/metrics')).text;
    expect(m).toMatch(/peron_portal_views_total\{location="liberec-hlavni-nadrazi",lang="cs"\} [1-9]/);
    expect(m).toMatch(/peron_portal_connects_total\{location="liberec-hlavni-nadrazi"\} 1/);
  });
});

describe('X-Forwarded-For', () => {
  it('decides acceptance by the socket address unless http.trustProxy is on', async () => {
    const s = await site();
    try {
      await connect(s.url, '/', { 'x-forwarded-for': '10.9.9.9' });
      // the header was ignored: the socket address (127.0.0.1) is the one that accepted
      const other = await request(s.url, '/generate_204', { host: 'connectivitycheck.gstatic.com', headers: { 'x-forwarded-for': '10.1.1.1' } });
      expect(other.status).toBe(204);
    } finally {
      await s.close();
    }
    const p = await site({ 'http.trustProxy': true });
    try {
      await connect(p.url, '/', { 'x-forwarded-for': '10.9.9.9' });
      const stranger = await request(p.url, '/generate_204', { host: 'connectivitycheck.gstatic.com', headers: { 'x-forwarded-for': '10.1.1.1' } });
      expect(stranger.status).toBe(302);
      const same = await request(p.url, '/generate_204', { host: 'connectivitycheck.gstatic.com', headers: { 'x-forwarded-for': '10.9.9.9, 127.0.0.1' } });
      expect(same.status).toBe(204);
    } finally {
      await p.close();
    }
  });
});

describe('portal page', () => {
  let s: TestSite;
  beforeAll(async () => {
    s = await site({ 'captive.rateLimitPerMinute': 3 });
  });
  afterAll(() => s.close());

  it('is under 30 KB, without scripts, with a CSP that allows no script and a hashed inline style', async () => {
    const r = await request(s.url, '/');
    expect(r.body.length).toBeLessThan(30 * 1024);
    expect(r.text).not.toMatch(/<script/i);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('script-src');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends the portal and the other HTML pages compressed to a client that accepts it, the same page once decoded', async () => {
    for (const [path, enc] of [['/', 'gzip'], ['/?lang=en', 'gzip'], ['/online', 'br'], ['/terms', 'gzip']]) {
      const plain = await request(s.url, path);
      const gz = await request(s.url, path, { headers: { 'accept-encoding': enc === 'br' ? 'gzip, deflate, br' : 'gzip' } });
      expect(gz.headers['content-encoding'], path).toBe(enc);
      const decode = enc === 'br' ? brotliDecompressSync : gunzipSync;
      expect(String(gz.headers.vary), path).toMatch(/Accept-Encoding/i);
      expect(gz.body.length, path).toBeLessThan(plain.body.length / 2);
      // the form token differs per request; everything else is the same page
      const strip = (html: string) => html.replace(/name="t" value="[^"]*"/g, 't');
      expect(strip(decode(gz.body).toString('utf8')), path).toBe(strip(plain.text));
      expect(plain.headers['content-encoding'], path).toBeUndefined();
    }
    const refused = await request(s.url, '/', { headers: { 'accept-encoding': 'gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('negotiates the language: ?lang= first, then Accept-Language with primary-subtag fallback, else Czech', async () => {
    expect((await request(s.url, '/', { headers: { 'accept-language': 'de-AT,de;q=0.9' } })).text).toContain('<html lang="de">');
    expect((await request(s.url, '/', { headers: { 'accept-language': 'pl-PL' } })).text).toContain('Połącz');
    expect((await request(s.url, '/?lang=en', { headers: { 'accept-language': 'de' } })).text).toContain('<html lang="en">');
    expect((await request(s.url, '/', { headers: { 'accept-language': 'fr-FR' } })).text).toContain('<html lang="cs">');
  });

  it('shows an active announcement and the emergency message until it expires, and refreshes on content change', async () => {
    const loc = s.app.content.current().location;
    const future = new Date(Date.now() + 3600_000).toISOString();
    const past = new Date(Date.now() - 3600_000).toISOString();
    s.app.content.replace(
      {
        ...loc,
        announcements: [
          { id: 'a1', text: { cs: 'Výluka na trati 036', en: 'Engineering works on line 036 <script>alert(1)</script>', de: 'Bauarbeiten 036', pl: 'Prace na linii 036' }, validFrom: past, validTo: future, priority: 'warning' },
          { id: 'a2', text: { cs: 'Staré oznámení', en: 'Old notice', de: 'Alt', pl: 'Stare' }, validTo: past, priority: 'info' },
        ],
        emergency: { text: { cs: 'Evakuace haly', en: 'Hall evacuation', de: 'Evakuierung', pl: 'Ewakuacja' }, expires: future },
      },
      'test',
    );
    const r = (await request(s.url, '/?lang=en')).text;
    expect(r).toContain('Engineering works on line 036 &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r).not.toContain('<script>');
    expect(r).not.toContain('Old notice');
    expect(r).toContain('Hall evacuation');
    s.app.content.replace({ ...loc, emergency: { text: loc.terms.summary, expires: past } }, 'test');
    expect((await request(s.url, '/?lang=en')).text).not.toContain('Urgent notice');
  });

  it('renders valid regional feeds of the release and skips invalid ones', async () => {
    const loc = s.app.content.current().location;
    const feed = { id: 'kraj-news', kind: 'news', title: 'Zprávy z kraje', fetchedAt: new Date().toISOString(), items: [{ title: 'Nový jízdní řád od prosince', url: 'https://www.kraj-lbc.cz/zpravy/1' }] };
    s.app.content.replace(loc, 'test', {
      'regional/kraj-news.json': Buffer.from(JSON.stringify(feed)),
      'regional/broken.json': Buffer.from(JSON.stringify({ id: 'broken', kind: 'weather' })),
    });
    const r = (await request(s.url, '/')).text;
    expect(r).toContain('Zprávy z kraje');
    expect(r).toContain('href="https://www.kraj-lbc.cz/zpravy/1"');
    expect(r).not.toContain('broken');
  });

  it('refuses a Connect without a valid form token and records nothing', async () => {
    const r = await request(s.url, '/connect', { method: 'POST', body: 'q=&lang=en&t=zzzz.AAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(r.status).toBe(403);
    expect(r.text).toContain('The page has expired');
    expect(JSON.parse((await request(s.url, '/api/captive')).text).captive).toBe(true);
  });

  it('limits Connects per client per minute with a translated page', async () => {
    const page = await request(s.url, '/?lang=de');
    const body = new URLSearchParams(connectFields(page.text)).toString();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(s.url, '/connect', { method: 'POST', body })).status);
    expect(statuses.slice(0, 2)).toEqual([303, 303]);
    const limited = await request(s.url, '/connect', { method: 'POST', body });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Zu viele Versuche');
  });
});

describe('userurl', () => {
  let s: TestSite;
  beforeAll(async () => {
    s = await site();
  });
  afterAll(() => s.close());

  it('offers the way back to an http(s) userurl on the online page', async () => {
    const c = await connect(s.url, `/?lang=en&userurl=${encodeURIComponent('https://www.idos.cz/vlaky/?a=1&b=<2>')}`);
    const loc = String(c.headers.location);
    expect(loc).toBe(`${PUBLIC}/online?lang=en&userurl=${encodeURIComponent('https://www.idos.cz/vlaky/?a=1&b=%3C2%3E')}`);
    const online = await request(s.url, loc.slice(PUBLIC.length));
    expect(online.text).toContain('href="https://www.idos.cz/vlaky/?a=1&amp;b=%3C2%3E"');
    expect(online.text).toContain('Continue to www.idos.cz');
  });

  it('never sends the traveller to javascript:, data: or protocol-relative userurls', async () => {
    for (const bad of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '//evil.example/', '/\\evil.example', 'http:\\\\evil.example']) {
      const c = await connect(s.url, `/?lang=en&userurl=${encodeURIComponent(bad)}`);
      expect(c.headers.location, bad).toBe(`${PUBLIC}/online?lang=en`);
      const online = await request(s.url, `/online?lang=en&userurl=${encodeURIComponent(bad)}`);
      expect(online.text).not.toContain('Continue to');
      expect(online.text).not.toMatch(/javascript:|evil\.example|<script>alert/);
    }
  });
});

describe('four locations in four languages', () => {
  const cases = [
    { id: 'liberec-hlavni-nadrazi', kind: 'railway-station', cs: 'Liberec, hlavní nádraží', heading: { cs: 'Nejbližší odjezdy vlaků', en: 'Next trains' } },
    { id: 'liberec-autobusove-nadrazi', kind: 'bus-station', cs: 'Liberec, autobusové nádraží', heading: { cs: 'Nejbližší odjezdy autobusů', en: 'Next buses' } },
    { id: 'jablonec-nad-nisou', kind: 'interchange', cs: null, heading: { cs: 'Nejbližší odjezdy', en: 'Next departures' } },
    { id: 'ceska-lipa-hlavni-nadrazi', kind: 'railway-station', cs: null, heading: { cs: 'Nejbližší odjezdy vlaků', en: 'Next trains' } },
  ];
  it('renders each station its own page in cs, en, de and pl', async () => {
    const bodies = new Map<string, string>();
    for (const c of cases) {
      const s = await site({ location: c.id });
      try {
        const loc = s.app.content.current().location;
        for (const lang of ['cs', 'en', 'de', 'pl'] as const) {
          const r = await request(s.url, `/?lang=${lang}`);
          expect(r.status).toBe(200);
          expect(r.text).toContain(`<html lang="${lang}">`);
          expect(r.text).toContain(`<h1>${loc.names[lang].replace(/'/g, '&#39;')}</h1>`);
          expect(r.text).toContain(`class="k-${c.kind}"`);
          expect(r.text).toContain(`--a:${loc.branding.accent.toLowerCase()}`);
          bodies.set(`${c.id}/${lang}`, r.text);
        }
        expect(bodies.get(`${c.id}/cs`)).toContain(c.heading.cs);
        expect(bodies.get(`${c.id}/en`)).toContain(c.heading.en);
        if (c.cs) expect(bodies.get(`${c.id}/cs`)).toContain(c.cs);
      } finally {
        await s.close();
      }
    }
    expect(bodies.get('liberec-hlavni-nadrazi/cs')).toContain('Vítejte na nádraží');
    expect(bodies.get('liberec-autobusove-nadrazi/cs')).toContain('Vítejte na autobusovém nádraží');
    expect(new Set([...bodies.values()]).size).toBe(16);
  });
});

describe('departures slot', () => {
  it('shows the departures board rows and notices, marks delays and cancellations, and refreshes on onChange', async () => {
    const { createSiteApp } = await import('../app.ts');
    const { testConfig } = await import('../../test/helpers/config.ts');
    const listeners: ((e: ChangeEvent) => void)[] = [];
    const dep = (headsign: string, extra: Partial<Departure> = {}): Departure => completeDeparture({
      feed: 'cd', tripId: headsign, stopId: 's1', stopName: 'Liberec', platform: '2', headsign, scheduled: '2026-12-01T09:05:00+01:00', predicted: '2026-12-01T09:05:00+01:00',
      delaySeconds: 0, cancelled: false, skipped: false, wheelchair: 'accessible', alerts: [], line: { shortName: 'R21', mode: 'train' }, ...extra,
    } as Departure);
    let departures: Departure[] = [dep('Praha hl.n.', { delaySeconds: 420 }), dep('Tanvald', { cancelled: true, line: { shortName: 'L1', mode: 'train' } }), dep('Děčín', { platform: null })];
    const queries: unknown[] = [];
    const service: DeparturesService = {
      board: (q) => {
        queries.push(q);
        return completeBoard({ generatedAt: new Date().toISOString(), departures, notices: ['Výluka Liberec – Tanvald'], live: true });
      },
      onChange: (fn) => {
        listeners.push(fn);
        return () => {};
      },
    };
    const app = createSiteApp({ config: testConfig({ 'http.publicUrl': PUBLIC }), departures: service });
    const port = await app.listen(0);
    try {
      const page = (await request(`http://127.0.0.1:${port}`, '/?lang=en')).text;
      expect(queries).toContainEqual({ limit: app.content.current().location.departures.limit }); // the portal asks for the location's limit (the boards ask for their own)
      expect(page).toContain('Výluka Liberec – Tanvald');
      expect(page).toContain('Including current delays');
      expect(page).toMatch(/09:05 <span class="late">\+7 min<\/span><\/td><td><span class="line">R21<\/span><\/td><td>Praha hl.n.<\/td><td>2<\/td>/);
      expect(page).toMatch(/<span class="cancel">cancelled<\/span><\/td><td><span class="line">L1<\/span><\/td><td>Tanvald/);
      expect(page).toContain('<th scope="col">Track</th>');
      expect(page).toContain('href="/departures?lang=en"');
      departures = [dep('Jablonec nad Nisou')];
      expect((await request(`http://127.0.0.1:${port}`, '/?lang=en')).text).toContain('Praha hl.n.'); // cached within the minute
      for (const fn of listeners) fn({ reason: 'realtime', dataVersion: 1 });
      const fresh = (await request(`http://127.0.0.1:${port}`, '/?lang=en')).text;
      expect(fresh).toContain('Jablonec nad Nisou');
      expect(fresh).not.toContain('Praha hl.n.');
    } finally {
      await app.close();
    }
  });
});
