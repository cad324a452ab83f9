// The admin UI over real HTTP against a real hub app (createHubApp) with a recording HubApi as the release core.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, recordingHub, type RecordingHub } from '../../test/helpers/admin-hub.ts';
import { startTestHub, type TestHub } from '../../test/helpers/hub-fleet.ts';
import { repoRoot } from '../config-schema.ts';
import { regionalFeedSchema } from '../content/regional.ts';
import { isoToLocal, localToIso } from './local-time.ts';

const OWN = 'jablonec-nad-nisou';
const OTHER = 'liberec-hlavni-nadrazi';
const PW = 'dlouhé heslo pro test';

async function signedIn(hub: TestHub, email: string) {
  const c = new AdminClient(hub.url);
  const r = await c.signIn(email, PW);
  expect(r.status).toBe(303);
  return c;
}

async function version(c: AdminClient, id: string): Promise<string> {
  const r = await c.get(`/admin/locations/${id}`);
  return /name="_version" value="(\d+)"/.exec(r.text)![1];
}

const names = (cs: string) => ({ 'names[cs]': cs, 'names[en]': 'Jablonec', 'names[de]': 'Gablonz an der Neiße', 'names[pl]': 'Jablonec nad Nysą' });

describe('admin UI', () => {
  let hub: TestHub;
  let rec: RecordingHub;
  beforeAll(async () => {
    rec = recordingHub();
    hub = await startTestHub({ 'admin.lockoutAccountFailures': 3 }, { hub: rec });
    await hub.addUser('admin@kraj-lbc.cz', PW, 'county-admin');
    await hub.addUser('editor@mestojablonec.cz', PW, 'editor', [OWN]);
    await hub.addUser('locked@kraj-lbc.cz', PW, 'county-admin');
    rec.siteRows.push(
      { siteId: 'jbc-1', locationId: OWN, enrolledAt: 1, lastHeartbeatAt: Date.now(), servingVersion: 3, latestVersion: 3, stale: false, displays: [{ id: 'hala', up: true }] },
      { siteId: 'lbc-hl-1', locationId: OTHER, enrolledAt: 1, lastHeartbeatAt: Date.now() - 3_600_000, servingVersion: 2, latestVersion: 3, stale: true, displays: [] },
    );
    const fig = (siteId: string, locationId: string, hour: string, connects: number) => ({
      siteId, locationId, hour, portalViews: connects * 3, connects, radiusAccepts: connects, radiusRejects: 1, acctRecords: connects * 2, acctInputOctets: 1000, acctOutputOctets: 50_000, displaysUp: 1,
    });
    rec.figureRows.push(fig('jbc-1', OWN, '2026-11-30T08:00:00Z', 5), fig('jbc-1', OWN, '2026-11-30T09:00:00Z', 7), fig('lbc-hl-1', OTHER, '2026-11-30T08:00:00Z', 40));
  });
  afterAll(async () => {
    await hub.close();
  });

  it('sends visitors without a session to sign-in, and sets a strict, HttpOnly, path-bound session cookie', async () => {
    const anon = await fetch(`${hub.url}/admin/locations/${OWN}`, { redirect: 'manual' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe(`/admin/sign-in?next=${encodeURIComponent(`/admin/locations/${OWN}`)}`);
    const c = new AdminClient(hub.url);
    await c.get('/admin/sign-in');
    const body = new URLSearchParams({ email: 'admin@kraj-lbc.cz', password: PW, _csrf: c.csrf, next: '//evil.example/' });
    const res = await fetch(`${hub.url}/admin/sign-in`, { method: 'POST', redirect: 'manual', body, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/locations');
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith('peron_admin='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/); // publicUrl is http:// here
  });

  it('refuses every POST without the CSRF token and changes nothing', async () => {
    const c = await signedIn(hub, 'admin@kraj-lbc.cz');
    const v = await version(c, OWN);
    const r = await c.post(`/admin/locations/${OWN}/names`, { _version: v, ...names('Bez tokenu') }, { csrf: null });
    expect(r.status).toBe(403);
    expect(r.text).toContain('Formulář vypršel');
    const wrong = await c.post(`/admin/locations/${OWN}/publish`, {}, { csrf: 'x'.repeat(32) });
    expect(wrong.status).toBe(403);
    expect(rec.published.length).toBe(0);
    expect((await c.get(`/admin/locations/${OWN}`)).text).not.toContain('Bez tokenu');
    const signIn = new AdminClient(hub.url);
    expect((await signIn.post('/admin/sign-in', { email: 'admin@kraj-lbc.cz', password: PW }, { csrf: null })).status).toBe(403);
  });

  it('locks an account after repeated failed sign-ins, even for the right password', async () => {
    const c = new AdminClient(hub.url);
    for (let i = 0; i < 3; i++) {
      await c.get('/admin/sign-in');
      const r = await c.post('/admin/sign-in', { email: 'locked@kraj-lbc.cz', password: 'wrong' });
      expect(r.status).toBe(401);
      expect(r.text).toContain('Nesprávný e-mail nebo heslo');
    }
    await c.get('/admin/sign-in');
    const r = await c.post('/admin/sign-in', { email: 'locked@kraj-lbc.cz', password: PW });
    expect(r.status).toBe(429);
    expect(r.text).toContain('Příliš mnoho neúspěšných pokusů');
    expect(c.cookies.has('peron_admin')).toBe(false);
    const admin = await signedIn(hub, 'admin@kraj-lbc.cz');
    const audit = await admin.get('/admin/audit');
    expect(audit.text).toContain('Neúspěšné přihlášení'); // in words, with the code beside it
    expect(audit.text).toContain('<code>signin.failed</code>');
    expect(audit.text).toContain('<code>signin.locked</code>');
  });

  it('keeps an editor out of another location on every route, while their own works', async () => {
    const c = await signedIn(hub, 'editor@mestojablonec.cz');
    const list = await c.get('/admin/locations');
    expect(list.text).toContain(`/admin/locations/${OWN}`);
    expect(list.text).not.toContain(`/admin/locations/${OTHER}`);
    for (const path of [`/admin/locations/${OTHER}`, `/admin/locations/${OTHER}/preview`, `/admin/locations/${OTHER}/publication`, `/admin/audit?location=${OTHER}`, `/admin/fleet/figures.csv?location=${OTHER}`, '/admin/feeds', '/admin/users']) {
      expect((await c.get(path)).status, path).toBe(403);
    }
    const v = await version(c, OWN);
    for (const section of ['names', 'terms', 'tiles', 'announcements', 'emergency', 'departures', 'guest', 'publish']) {
      const r = await c.post(`/admin/locations/${OTHER}/${section}`, { _version: v, ...names('Cizí') });
      expect(r.status, section).toBe(403);
    }
    expect((await c.post('/admin/fleet/sites', { siteId: 'x', locationId: OWN })).status).toBe(403);
    expect((await c.post('/admin/feeds/zpravy/refresh', {})).status).toBe(403);
    expect(rec.published.length).toBe(0);
    expect(rec.added.length).toBe(0);
    const fleet = await c.get('/admin/fleet');
    expect(fleet.text).toContain('jbc-1');
    expect(fleet.text).not.toContain('lbc-hl-1');
    const csv = await c.get('/admin/fleet/figures.csv');
    expect(csv.text).toContain(OWN);
    expect(csv.text).not.toContain(OTHER);
    const own = await c.post(`/admin/locations/${OWN}/names`, { _version: v, ...names('Jablonec nad Nisou, autobusové nádraží') });
    expect(own.status).toBe(303);
  });

  it('records every change in the audit log with before and after', async () => {
    const c = await signedIn(hub, 'admin@kraj-lbc.cz');
    const v = await version(c, OWN);
    const r = await c.post(`/admin/locations/${OWN}/announcements`, {
      _version: v,
      'announcements[0][text][cs]': 'Pokladna zavřena',
      'announcements[0][text][en]': 'Ticket office closed',
      'announcements[0][text][de]': 'Schalter geschlossen',
      'announcements[0][text][pl]': 'Kasa zamknięta',
      'announcements[0][priority]': 'important',
      'announcements[0][validFrom]': '2026-12-24T12:00',
      'announcements[0][validTo]': '2026-12-26T23:59',
    });
    expect(r.status).toBe(303);
    const v2 = await version(c, OWN);
    expect(Number(v2)).toBe(Number(v) + 1);
    const expires = isoToLocal(new Date(Date.now() + 86_400_000).toISOString(), 'Europe/Prague');
    expect((await c.post(`/admin/locations/${OWN}/emergency`, { _version: v2, 'text[cs]': 'Evakuace', 'text[en]': 'Evacuation', 'text[de]': 'Evakuierung', 'text[pl]': 'Ewakuacja', expires })).status).toBe(303);
    const audit = await c.get(`/admin/audit?location=${OWN}`);
    expect(audit.status).toBe(200);
    const rows = hub.app.deps.db.prepare('SELECT actor, action, before_json, after_json FROM admin_audit WHERE location_id = ? ORDER BY id').all(OWN) as { actor: string; action: string; before_json: string; after_json: string }[];
    const ann = rows.find((x) => x.action === 'draft.announcements')!;
    expect(ann.actor).toBe('admin@kraj-lbc.cz');
    expect(JSON.parse(ann.before_json)).toEqual({ announcements: [] });
    expect(JSON.parse(ann.after_json).announcements[0]).toMatchObject({ priority: 'important', validFrom: '2026-12-24T12:00:00+01:00', validTo: '2026-12-26T23:59:00+01:00', text: { cs: 'Pokladna zavřena' } });
    const em = rows.find((x) => x.action === 'draft.emergency')!;
    expect(JSON.parse(em.before_json)).toEqual({ emergency: null });
    expect(JSON.parse(em.after_json).emergency.expires).toBe(localToIso(expires, 'Europe/Prague'));
    expect(rows.some((x) => x.action === 'draft.names' && x.actor === 'editor@mestojablonec.cz')).toBe(true);
    expect(audit.text).toContain('draft.announcements');
    expect(audit.text).toContain('Pokladna zavřena');
  });

  it('shows a bad field next to the field and saves nothing', async () => {
    const c = await signedIn(hub, 'admin@kraj-lbc.cz');
    const v = await version(c, OWN);
    const before = (await c.get(`/admin/locations/${OWN}`)).text;
    const r = await c.post(`/admin/locations/${OWN}/tiles`, {
      _version: v,
      'tiles[0][id]': 'mapa',
      'tiles[0][icon]': 'map',
      'tiles[0][url]': 'javascript:alert(1)',
      'tiles[0][title][cs]': 'Mapa',
      'tiles[0][title][en]': 'Map',
      'tiles[0][title][de]': 'Karte',
      'tiles[0][title][pl]': '',
    });
    expect(r.status).toBe(422);
    expect(r.text).toMatch(/id="f-tiles-0-url-err">Zadejte adresu začínající http:\/\/ nebo https:\/\//);
    expect(r.text).toMatch(/aria-invalid="true" aria-describedby="f-tiles-0-url-hint f-tiles-0-url-err"/);
    expect(r.text).toMatch(/id="f-tiles-0-title-pl-err">Vyplňte toto pole/);
    // the summary names the field as the form does, in words, and links to it; a refused save lands on it
    expect(r.text).toContain('<a href="#f-tiles-0-url">Odkaz, řádek 1: Zadejte adresu');
    expect(r.text).toContain('<a href="#f-tiles-0-title-pl">Nadpis (Polski), řádek 1: Vyplňte toto pole');
    expect(r.text).not.toContain('tiles.0.url:');
    expect(r.text).toContain('action="/admin/locations/' + OWN + '/tiles#errors"');
    // every id on the editor page is unique (the emergency text's labels used to focus the terms fields)
    const ids = [...r.text.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((x, i) => ids.indexOf(x) !== i)).toEqual([]);
    expect(r.text).toContain('<label class="lang-label" for="f-emergency-text-cs">');
    expect(r.text).toContain('id="f-emergency-text-cs" name="text[cs]"');
    expect(r.text).toContain('id="f-tiles-0-url" name="tiles[0][url]"');
    expect(r.text).toContain('value="javascript:alert(1)"'); // what was typed stays in the form, escaped in an attribute
    expect(await version(c, OWN)).toBe(v);
    expect((await c.get(`/admin/locations/${OWN}`)).text).toBe(before.replace(/name="_csrf" value="[^"]+"/g, (m) => m));
  });

  it('previews the draft with the real site renderer, a fresh one per draft version', async () => {
    const c = await signedIn(hub, 'admin@kraj-lbc.cz');
    const page = await c.get(`/admin/locations/${OWN}/preview?show=de`);
    expect(page.status).toBe(200);
    const src = /<iframe[^>]*sandbox="allow-scripts"[^>]*src="([^"]+)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    expect(src).toMatch(/^\/admin\/preview\/[A-Za-z0-9_-]{22}\/\?lang=de$/);
    const { res: frame, text: frameText } = await c.get(src);
    const reported = Number(/kódem (\d+)/.exec(page.text)![1]);
    expect(frame.status).toBe(reported);
    expect(frame.headers.get('content-security-policy')).toContain('sandbox allow-scripts');
    expect(frame.headers.get('content-type')).toMatch(/text\/html/);
    expect(frameText).toMatch(/<html lang="de"/);
    // the link alone shows nothing: no session → sign-in; an editor of another location → 403
    const anonymous = await fetch(hub.url + src, { redirect: 'manual' });
    expect([303, 401]).toContain(anonymous.status);
    expect(await anonymous.text()).not.toMatch(/<html lang="de"/);
    const stranger = await signedIn(hub, 'editor@mestojablonec.cz');
    const previewOfOther = await c.get(`/admin/locations/${OTHER}/preview`);
    const otherSrc = /<iframe[^>]*src="([^"]+)"/.exec(previewOfOther.text)![1].replace(/&amp;/g, '&');
    expect((await stranger.get(otherSrc)).status).toBe(403);
    // the preview site answers loopback requests, so its operator APIs are never passed through
    const base = src.replace(/\/\?lang=de$/, '');
    for (const api of ['/metrics', '/api/displays', '/api/radius/sessions', '/api/sync/status', '/api/displays/hala-odjezdy/key']) expect((await c.get(base + api)).status, api).toBe(404);
    expect((await c.get(base + '/api/departures')).status).toBe(200);

    const board = await c.get(`/admin/locations/${OWN}/preview?page=nope`);
    expect(board.status).toBe(404);

    const v = await version(c, OWN);
    expect((await c.post(`/admin/locations/${OWN}/names`, { _version: v, ...names('Jablonec nad Nisou') })).status).toBe(303);
    const again = await c.get(`/admin/locations/${OWN}/preview?show=de`);
    const src2 = /<iframe[^>]*src="([^"]+)"/.exec(again.text)![1].replace(/&amp;/g, '&');
    expect(src2).not.toBe(src);
    expect((await c.get(src)).status).toBe(404); // the old draft's preview site is closed
  });

  it('publishes the draft through the hub core and shows which sites got which version, or the error', async () => {
    const c = await signedIn(hub, 'editor@mestojablonec.cz');
    const r = await c.post(`/admin/locations/${OWN}/publish`, {});
    expect(r.status).toBe(303);
    expect(r.location).toBe(`/admin/locations/${OWN}/publication`);
    const last = rec.published.at(-1)!;
    expect(last.locationId).toBe(OWN);
    expect(last.actor).toBe('editor@mestojablonec.cz');
    expect(last.input.location.announcements[0].text.cs).toBe('Pokladna zavřena');
    const result = await c.get(r.location!);
    expect(result.text).toContain('jbc-1');
    expect((await c.get('/admin/locations')).text).toMatch(/state-published">publikováno/);

    rec.failNextPublish = 'signing key unavailable';
    await c.post(`/admin/locations/${OWN}/publish`, {});
    const failed = await c.get(`/admin/locations/${OWN}/publication`);
    expect(failed.status).toBe(502);
    expect(failed.text).toContain('signing key unavailable');
    const rows = hub.app.deps.db.prepare("SELECT action FROM admin_audit WHERE location_id = ? AND action LIKE 'publish%' ORDER BY id").pluck().all(OWN);
    expect(rows).toEqual(['publish', 'publish.failed']);
  });

  it('adds a site and shows its enrolment token once, audit-logged without the token', async () => {
    const c = await signedIn(hub, 'admin@kraj-lbc.cz');
    const r = await c.post('/admin/fleet/sites', { siteId: 'jbc-2', locationId: OWN });
    expect(r.status).toBe(200);
    expect(r.text).toContain('enrol-jbc-2-secret');
    expect(rec.added).toEqual([{ siteId: 'jbc-2', locationId: OWN }]);
    expect((await c.post('/admin/fleet/sites', { siteId: 'Bad Id', locationId: OWN })).status).toBe(422);
    const audit = hub.app.deps.db.prepare("SELECT after_json FROM admin_audit WHERE action = 'site.add'").pluck().all() as string[];
    expect(audit).toEqual([JSON.stringify({ siteId: 'jbc-2', locationId: OWN })]);
  });

  it('shows staleness and figures, and exports the county indicators as CSV per day', async () => {
    const c = await signedIn(hub, 'admin@kraj-lbc.cz');
    const fleet = await c.get('/admin/fleet');
    expect(fleet.text).toMatch(/lbc-hl-1[\s\S]*?zastaralé/);
    expect(fleet.text).toMatch(/lbc-hl-1[\s\S]*?před 6\d min/);
    const csv = await c.get('/admin/fleet/figures.csv?from=2026-11-30&to=2026-11-30');
    expect(csv.res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('date,location_id,site_id,portal_views,accesses,radius_accepts,radius_rejects,sessions,download_bytes,upload_bytes,displays_up,feedback');
    expect(lines).toContain(`2026-11-30,${OWN},jbc-1,36,12,12,2,24,100000,2000,1,0`);
    expect(lines).toContain(`2026-11-30,${OTHER},lbc-hl-1,120,40,40,1,80,50000,1000,1,0`);
  });

  it('lists the accounts and their locations for county administrators, without password hashes', async () => {
    const c = await signedIn(hub, 'admin@kraj-lbc.cz');
    const r = await c.get('/admin/users');
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/editor@mestojablonec.cz<\/td><td>editor lokality<\/td><td>jablonec-nad-nisou/);
    expect(r.text).not.toContain('scrypt$');
  });

  it('speaks the language chosen in the switcher', async () => {
    const c = await signedIn(hub, 'admin@kraj-lbc.cz');
    const pl = await c.get('/admin/locations?lang=pl');
    expect(pl.text).toContain('<html lang="pl">');
    expect(pl.text).toContain('Lokalizacje');
    const next = await c.get('/admin/fleet');
    expect(next.text).toContain('<html lang="pl">');
  });
});

describe('regional feeds', () => {
  let hub: TestHub;
  let rec: RecordingHub;
  let server: http.Server;
  const fixtures = join(repoRoot, 'test/fixtures/admin-feeds');
  const bodies: Record<string, { type: string; body: string; status?: number }> = {};
  beforeAll(async () => {
    bodies['/news.rss'] = { type: 'application/rss+xml', body: readFileSync(join(fixtures, 'news.rss'), 'utf8') };
    bodies['/events.ics'] = { type: 'text/calendar', body: readFileSync(join(fixtures, 'events.ics'), 'utf8') };
    bodies['/pohotovost.csv'] = { type: 'text/csv', body: readFileSync(join(fixtures, 'pohotovost.csv'), 'utf8') };
    bodies['/huge.rss'] = { type: 'application/rss+xml', body: '<rss><channel>' + 'x'.repeat(5000) + '</channel></rss>' };
    server = http.createServer((req, res) => {
      if (req.url === '/slow.rss') return; // never answers
      const b = bodies[req.url ?? ''];
      if (!b) return void res.writeHead(404).end();
      res.writeHead(b.status ?? 200, { 'content-type': b.type }).end(b.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const feeds = [
      { id: 'zpravy', kind: 'news', title: 'Zprávy z kraje', url: `${base}/news.rss`, everyMinutes: 1440 },
      { id: 'akce', kind: 'events', title: 'Akce', url: `${base}/events.ics`, locations: [OWN], everyMinutes: 1440 },
      { id: 'pohotovost', kind: 'table', title: 'Pohotovost', url: `${base}/pohotovost.csv`, delimiter: ';', columns: { title: 'nazev', summary: 'adresa', url: 'web' }, everyMinutes: 1440 },
      { id: 'velky', kind: 'news', title: 'Velký', url: `${base}/huge.rss`, maxBytes: 1024, everyMinutes: 1440 },
      { id: 'pomaly', kind: 'news', title: 'Pomalý', url: `${base}/slow.rss`, timeoutSeconds: 1, everyMinutes: 1440 },
    ];
    rec = recordingHub();
    hub = await startTestHub({ 'admin.feeds': feeds }, { hub: rec });
    await hub.addUser('admin@kraj-lbc.cz', PW, 'county-admin');
  });
  afterAll(async () => {
    await hub.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('fetches RSS, iCalendar and CSV over HTTP, refuses oversized and slow sources, and packs the feeds into the publication', async () => {
    const c = await signedIn(hub, 'admin@kraj-lbc.cz');
    for (const id of ['zpravy', 'akce', 'pohotovost', 'velky', 'pomaly']) expect((await c.post(`/admin/feeds/${id}/refresh`, {})).status).toBe(303);
    const page = await c.get('/admin/feeds');
    expect(page.text).toContain('larger than 1024 bytes');
    expect(page.text).toContain('timed out after 1 s');
    await c.post(`/admin/locations/${OWN}/publish`, {});
    const files = rec.published.at(-1)!.input.files;
    // the publication also carries the county's open datasets (opendata/…, issue 10) and signpost (issue 11 §3)
    expect(Object.keys(files).filter((n) => !n.startsWith('opendata/')).sort()).toEqual(['county/signpost.json', 'regional/akce.json', 'regional/pohotovost.json', 'regional/zpravy.json']);
    expect(Object.keys(files)).toContain('opendata/index.json');
    const news = regionalFeedSchema.parse(JSON.parse(files['regional/zpravy.json'].toString()));
    expect(news.items[0].title).toBe('Nové spoje IDOL & ČD');
    const er = regionalFeedSchema.parse(JSON.parse(files['regional/pohotovost.json'].toString()));
    expect(er.items.map((i) => i.title)).toEqual(['LSPP Liberec – dospělí', 'Zubní pohotovost; víkendy']);
    await c.post(`/admin/locations/${OTHER}/publish`, {});
    expect(Object.keys(rec.published.at(-1)!.input.files).filter((n) => !n.startsWith('opendata/')).sort()).toEqual(['county/signpost.json', 'regional/pohotovost.json', 'regional/zpravy.json']);
  });

  it('keeps the last good copy when a source breaks, and shows the error', async () => {
    const c = await signedIn(hub, 'admin@kraj-lbc.cz');
    await c.post('/admin/feeds/zpravy/refresh', {});
    bodies['/news.rss'] = { type: 'text/html', body: '<html><body>Údržba serveru</body></html>' };
    await c.post('/admin/feeds/zpravy/refresh', {});
    bodies['/news.rss'] = { type: 'text/html', body: 'down', status: 503 };
    await c.post('/admin/feeds/zpravy/refresh', {});
    const page = await c.get('/admin/feeds');
    expect(page.text).toContain('HTTP 503 from the source');
    const fleet = await c.get('/admin/fleet');
    expect(fleet.text).toContain('ponechána poslední dobrá kopie');
    await c.post(`/admin/locations/${OWN}/publish`, {});
    const news = JSON.parse(rec.published.at(-1)!.input.files['regional/zpravy.json'].toString());
    expect(news.items.map((i: { title: string }) => i.title)).toContain('Výluka na trati Liberec – Tanvald');
  });
});
