// The county signpost on a real site: the portal shows the region's topics with the county links (merged with the
// location's overrides), /go/<id> counts the click and redirects only to the configured URL of that id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../test/helpers/captive-http.ts';
import { startTestSite, type TestSite } from '../../test/helpers/site.ts';
import { COUNTY_FILE } from '../content/index.ts';

describe('county signpost on the portal', () => {
  let s: TestSite;
  // the site's /metrics is the sum over its processes (PERON_SITE_WORKERS=2 runs these tests on a cluster)
  const clicks = async (link: string) => Number(new RegExp(`peron_signpost_clicks_total\\{location="liberec-hlavni-nadrazi",link="${link}"\\} (\\d+)`).exec((await request(s.url, '/metrics')).text)?.[1] ?? 0);
  beforeAll(async () => {
    s = await startTestSite({ 'http.publicUrl': 'http://portal.test' });
  });
  afterAll(() => s.close());

  it('shows the topics as sections with the shipped county links, in Czech and in English', async () => {
    const cs = (await request(s.url, '/?lang=cs')).text;
    for (const h of ['Doprava', 'Turistika a výlety', 'Životní prostředí', 'Kraj a úřady', 'Pomoc a bezpečí']) expect(cs).toContain(`">${h}</h2>`);
    expect(cs).toMatch(/<a href="\/go\/povodne"><strong>Povodňový portál<\/strong>/);
    expect(cs).toMatch(/<a href="\/go\/zachranka"><strong>Aplikace Záchranka<\/strong>/);
    const en = (await request(s.url, '/?lang=en')).text;
    expect(en).toContain('<h2 id="topic-environment">Environment</h2>');
    expect(en).toMatch(/<a href="\/go\/geoportal"><strong>Geoportal<\/strong><span>Maps of the region<\/span>/);
    // the location's own tiles sit under their topic, before the county's links
    const transport = en.slice(en.indexOf('id="topic-transport"'), en.indexOf('id="topic-tourism"'));
    expect(transport).toContain('Train tickets');
    expect(transport).toContain('/go/idol');
    // the online page shows them too
    expect((await request(s.url, '/online?lang=en')).text).toContain('href="/go/povodne"');
  });

  it('counts a click on /go/<id> and redirects (303) to the configured URL of that id only', async () => {
    const before = await clicks('povodne');
    const r = await request(s.url, '/go/povodne');
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('https://povodnovyportal.kraj-lbc.cz/');
    expect(r.headers['cache-control']).toBe('no-store');
    // whatever the request carries, the target stays the configured one
    const q = await request(s.url, '/go/povodne?url=https://evil.example/&next=//evil.example');
    expect([q.status, q.headers.location]).toEqual([303, 'https://povodnovyportal.kraj-lbc.cz/']);
    expect(await clicks('povodne')).toBe(before + 2);
  });

  it('answers an unknown id or an open-redirect attempt with a 404 page, never a redirect', async () => {
    const attempts = ['/go/nope', '/go/?url=https://evil.example/', '/go//evil.example', '/go/%2F%2Fevil.example', '/go/https:%2F%2Fevil.example', '/go/povodne%2F..%2F..%2Fevil', '/go/%5Cevil.example', '/go/POVODNE', '/go/povodne@evil.example'];
    for (const path of attempts) {
      const r = await request(s.url, path + (path.includes('?') ? '&' : '?') + 'lang=en');
      expect(r.headers.location, path).toBeUndefined();
      expect(r.status, path).toBe(404);
      expect(r.text, path).not.toContain('evil.example');
    }
    const cs = await request(s.url, '/go/nope');
    expect(cs.text).toContain('Tento odkaz neznáme');
    expect((await request(s.url, '/metrics')).text).not.toContain('link="nope"');
  });

  it('follows the release: a hidden link is gone (404), an own link of the location redirects to its URL', async () => {
    const loc = structuredClone(s.app.content.current().location) as Record<string, unknown>;
    loc.county = { hide: ['geoportal'], order: ['mapa'], links: [{ id: 'mapa', topic: 'tourism', title: { cs: 'Mapa města', en: 'City map', de: 'Stadtplan', pl: 'Plan miasta' }, url: 'https://mapa.liberec.cz/' }] };
    const county = { links: [{ id: 'geoportal', topic: 'environment', title: { cs: 'Geoportál', en: 'Geoportal', de: 'Geoportal', pl: 'Geoportal' }, url: 'https://geoportal.kraj-lbc.cz/' }, { id: 'vlaky', topic: 'transport', title: { cs: 'Vlaky', en: 'Trains', de: 'Züge', pl: 'Pociągi' }, url: 'https://vlaky.example.cz/' }], announcements: [{ id: 'a1', text: { cs: 'Krajské oznámení', en: 'County notice', de: 'Hinweis der Region', pl: 'Komunikat kraju' }, priority: 'warning' }] };
    s.app.content.replace(loc, 'release:9', { [COUNTY_FILE]: Buffer.from(JSON.stringify(county)) });
    expect((await request(s.url, '/go/geoportal')).status).toBe(404);
    expect((await request(s.url, '/go/povodne')).status).toBe(404); // not in this county document any more
    expect((await request(s.url, '/go/mapa')).headers.location).toBe('https://mapa.liberec.cz/');
    expect((await request(s.url, '/go/vlaky')).headers.location).toBe('https://vlaky.example.cz/');
    const en = (await request(s.url, '/?lang=en')).text;
    expect(en).not.toContain('/go/geoportal');
    expect(en).toContain('County notice');
    expect(en.indexOf('/go/mapa')).toBeGreaterThan(en.indexOf('id="topic-tourism"'));
  });
});
