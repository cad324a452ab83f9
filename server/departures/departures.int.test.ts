// /api/departures (JSON, CSV) and /departures over real HTTP on a real site server with the demo feed and Plzeň.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestSite, type TestSite } from '../../test/helpers/site.ts';
import { GTFS } from '../../test/helpers/departures-engine.ts';
import { fixedClock } from '../platform/clock.ts';
import { loadAllLocations } from '../content/index.ts';
import { repoRoot } from '../config-schema.ts';

describe('departures over HTTP with the demo feed', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite({}, { clock: fixedClock(Date.parse('2026-06-15T08:00:00Z')) });
  });
  afterAll(async () => { await site.close(); });

  it('serves the location\'s board as Golemio-style JSON, sorted by predicted time', async () => {
    const r = await fetch(`${site.url}/api/departures`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=15');
    const j = await r.json();
    expect(j.departures).toHaveLength(10);
    const first = j.departures[0];
    expect(first).toMatchObject({
      departure_timestamp: { scheduled: expect.stringMatching(/^2026-06-15T1\d:\d\d:00\+02:00$/), predicted: expect.any(String), minutes: expect.any(String) },
      delay: { is_available: false, minutes: null, seconds: null },
      route: { short_name: expect.any(String), mode: expect.stringMatching(/^(train|tram)$/) },
      stop: { feed: 'demo', platform_code: expect.any(String), parent_station: expect.stringMatching(/^(LBC|LBT)$/) },
      trip: { id: expect.any(String), headsign: expect.any(String), is_canceled: false },
    });
    const times = j.departures.map((d: { departure_timestamp: { predicted: string } }) => Date.parse(d.departure_timestamp.predicted));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(j.live).toBe(false);
    expect(j.feeds).toEqual([expect.objectContaining({ feed: 'demo', loaded: true })]);
  });

  it('filters by stops, lines and limit, and finds a night bus after midnight with at=', async () => {
    const j = await (await fetch(`${site.url}/api/departures?stops=demo:LBA&lines=540&limit=3`)).json();
    expect(j.departures.map((d: { route: { short_name: string } }) => d.route.short_name)).toEqual(['540', '540', '540']);
    const night = await (await fetch(`${site.url}/api/departures?stops=demo:LBA&lines=N1&at=${encodeURIComponent('2026-06-16T00:30:00+02:00')}&limit=1`)).json();
    expect(night.departures[0]).toMatchObject({ departure_timestamp: { scheduled: '2026-06-16T00:45:00+02:00' }, trip: { service_date: '20260615' } });
  });

  it('answers a bad query with 400 and a translated error', async () => {
    const r = await fetch(`${site.url}/api/departures?limit=lots`, { headers: { 'accept-language': 'en' } });
    expect(r.status).toBe(400);
    const body = await r.json();
    expect(body).toMatchObject({ error: { code: 'DEPARTURES_BAD_QUERY', message: 'Invalid departures query', field: 'limit' } });
    expect(body.error.detail).toMatch(/^limit: /); // which field is wrong and why, for an API client
    expect((await fetch(`${site.url}/api/departures?stops=LBC`)).status).toBe(400);
  });

  it('serves the same board as CSV with a header row and RFC 4180 quoting', async () => {
    const r = await fetch(`${site.url}/api/departures.csv?stops=demo:LBA&lines=400&limit=2`);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const lines = (await r.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('scheduled,predicted,minutes,delay_seconds,realtime,line,mode,headsign,platform,stop_id,stop_name,feed,trip_id,cancelled,skipped,added,wheelchair,via,origin,kind');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',400,bus,"Praha, Černý Most",5,LBA5,"Liberec, autobusové nádraží",demo,');
  });

  it('renders the phone page in the negotiated language without scripts, refreshing only on request', async () => {
    const de = await (await fetch(`${site.url}/departures`, { headers: { 'accept-language': 'de-AT,de;q=0.9' } })).text();
    expect(de).toContain('<html lang="de">');
    expect(de).toContain('Abfahrten — Liberec Hauptbahnhof');
    expect(de).toMatch(/<th scope="col">Richtung<\/th>/);
    expect(de).not.toContain('<script');
    expect(de).not.toContain('http-equiv="refresh"');
    const pl = await (await fetch(`${site.url}/departures?lang=pl&refresh=1`)).text();
    expect(pl).toContain('<html lang="pl">');
    expect(pl).toContain('<meta http-equiv="refresh" content="60">');
    expect(pl).toContain('Wyłącz automatyczne odświeżanie');
  });

  it('shows departures for every shipped location\'s stations in the demo feed', async () => {
    for (const loc of loadAllLocations(join(repoRoot, 'locations'))) {
      const stops = loc.departures.stations.flatMap((s) => s.stopIds.map((id) => `${s.feed}:${id}`)).join(',');
      const j = await (await fetch(`${site.url}/api/departures?stops=${stops}`)).json();
      expect(j.departures.length, loc.id).toBeGreaterThan(3);
      expect(j.notices, loc.id).toEqual([]);
      expect(new Set(j.departures.map((d: { route: { mode: string } }) => d.route.mode)).size, loc.id).toBeGreaterThan(1);
    }
  });
});

describe('departures over HTTP with the Plzeň feed configured', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite({ 'departures.feeds': [{ id: 'plzen', source: join(GTFS, 'pmdp-plzen-2026.zip') }] });
    await vi.waitFor(
      async () => {
        const j = await (await fetch(`${site.url}/api/departures?stops=plzen:27`)).json();
        if (!j.feeds.some((f: { loaded: boolean }) => f.loaded)) throw new Error('Plzeň feed did not load');
      },
      { timeout: 30_000, interval: 100 },
    );
  }, 60_000);
  afterAll(async () => { await site.close(); });

  it('imports the configured feed at start and answers with at= inside its validity', async () => {
    const j = await (await fetch(`${site.url}/api/departures?stops=plzen:27&at=${encodeURIComponent('2026-03-04T07:00:00+01:00')}&limit=3`)).json();
    expect(j.departures.map((d: { departure_timestamp: { scheduled: string } }) => d.departure_timestamp.scheduled)).toEqual(['2026-03-04T07:11:00+01:00', '2026-03-04T07:23:00+01:00', '2026-03-04T07:34:00+01:00']);
    expect(j.departures[0].stop.name).toBe('Anglické nábřeží');
  });

  it('explains the location\'s board when its feed is not loaded', async () => {
    const j = await (await fetch(`${site.url}/api/departures`)).json();
    expect(j.departures).toEqual([]);
    expect(j.notices[0]).toMatchObject({ code: 'FEED_MISSING', feed: 'demo' });
  });
});
