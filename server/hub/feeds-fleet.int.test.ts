// The county feed profile end to end: a hub whose feed profile names a local file (the Plzeň GTFS fixture) trims it
// to the stations of a location, ships it in the release of a real enrolled site, and the site's /api/departures
// shows the trimmed feed's departures. An editor's content publication keeps the feed. Then the upstream breaks:
// the site stays on the last good feed, and the admin page, the fleet page and /metrics show the error.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../test/helpers/admin-hub.ts';
import { baseLocation, enrolledDataDir, startFleetSite, startTestHub, waitFor, withAnnouncement, type TestFleetSite, type TestHub } from '../../test/helpers/hub-fleet.ts';
import { repoRoot } from '../config-schema.ts';

const LIBEREC = 'liberec-hlavni-nadrazi';
const GTFS = join(repoRoot, 'test', 'fixtures', 'gtfs');
/** "Hlavní nádraží" of the Plzeň city feed, its four stops */
const STOPS = ['21', '22', '23', '24'];
const AT = '2026-03-02T08:00:00+01:00';

interface Board { departures: { stop: { id: string; name: string; feed: string }; route: { short_name: string } }[]; feeds: { feed: string; loaded: boolean; last_error: unknown }[] }

describe('hub feed profile → site board', () => {
  let hub: TestHub;
  let site: TestFleetSite;
  let src: string;
  const board = async () => (await (await fetch(`${site.url}/api/departures?at=${encodeURIComponent(AT)}&limit=50`)).json()) as Board;

  beforeAll(async () => {
    src = join(mkdtempSync(join(tmpdir(), 'peron-upstream-')), 'plzen.zip');
    copyFileSync(join(GTFS, 'pmdp-plzen-2026.zip'), src);
    hub = await startTestHub({ 'hub.feeds': [{ id: 'plzen', source: src, licence: 'open data of the city of Plzeň', locations: [LIBEREC] }] });
    await hub.addUser('kraj@example.cz', 'heslo-pro-kraj-1', 'county-admin');
    const dir = await enrolledDataDir(hub, 'lbc-1', LIBEREC);
    site = await startFleetSite({ dataDir: dir, location: LIBEREC });
    const loc = baseLocation(join(repoRoot, 'locations'), LIBEREC);
    await hub.api.publish(LIBEREC, { location: { ...loc, departures: { ...loc.departures, stations: [{ feed: 'plzen', stopIds: STOPS }] } }, files: {} }, 'test');
    await waitFor(async () => (await site.status()).servingVersion === 1, 'site on release 1');
  }, 60_000);
  afterAll(async () => {
    await site?.close();
    await hub?.close();
  });

  it('ships the trimmed feed to the site, keeps it over a content publication, and keeps it when the upstream breaks', async () => {
    const admin = new AdminClient(hub.url);
    expect((await admin.signIn('kraj@example.cz', 'heslo-pro-kraj-1')).status).toBe(303);
    expect((await admin.get('/admin/timetables')).text).toContain('open data of the city of Plzeň');
    expect((await admin.post('/admin/timetables/plzen/refresh', {}, { csrf: null })).status).toBe(403);
    expect((await admin.post('/admin/timetables/plzen/refresh', {})).location).toBe('/admin/timetables?queued=plzen');
    await hub.app.timetables.refresher.idle();
    const shipped = hub.app.timetables.status()[0];
    expect(shipped).toMatchObject({ lastError: null, lastDate: '2026-08-12', warning: 'ended' });

    const good = (await waitFor(async () => {
      const b = await board();
      return b.departures.length > 0 && b.feeds.some((f) => f.feed === 'plzen' && f.loaded) ? b : null;
    }, 'the site shows the trimmed feed', 30_000))!;
    expect(new Set(good.departures.map((d) => `${d.stop.feed} ${d.stop.name}`))).toEqual(new Set(['plzen Hlavní nádraží']));
    expect(good.feeds.map((f) => f.feed)).not.toContain('demo');

    // an editor publishes content: the release keeps the feed
    const before = (await site.status()).servingVersion as number;
    const loc = baseLocation(join(repoRoot, 'locations'), LIBEREC);
    await hub.api.publish(LIBEREC, { location: { ...withAnnouncement(loc, 'Výluka tramvají'), departures: { ...loc.departures, stations: [{ feed: 'plzen', stopIds: STOPS }] } }, files: {} }, 'editor@example.cz');
    await waitFor(async () => ((await site.status()).servingVersion as number) > before, 'site on the content release');
    expect((await board()).departures).toEqual(good.departures);

    // the upstream breaks: the site keeps the last good feed, the hub shows the error
    copyFileSync(join(GTFS, 'bad-gtfs.zip'), src);
    const serving = (await site.status()).servingVersion;
    await admin.post('/admin/timetables/plzen/refresh', {});
    await hub.app.timetables.refresher.idle();
    const failed = hub.app.timetables.status()[0];
    expect(failed.lastError?.reason).toBeTruthy();
    expect(failed.lastSuccessAt).toBe(shipped.lastSuccessAt);
    const page = (await admin.get('/admin/timetables')).text;
    expect(page).toContain('Poslední chyba');
    expect(page).toContain(failed.lastError!.file ? `soubor ${failed.lastError!.file}` : failed.lastError!.reason);
    expect(page).toContain('Místa dál používají poslední dobrá data.');
    expect((await admin.get('/admin/fleet')).text).toContain('obnova selhala');
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/peron_hub_feed_refresh_failed\{feed="plzen"\} 1/);
    expect(metrics).toMatch(/peron_hub_feed_days_left\{feed="plzen"\} -\d+/);
    expect((await site.status()).servingVersion).toBe(serving);
    expect((await board()).departures).toEqual(good.departures);
    const audit = hub.app.deps.db.prepare("SELECT actor, after_json FROM admin_audit WHERE action = 'timetable.refresh'").all();
    expect(audit).toEqual([{ actor: 'kraj@example.cz', after_json: '{"feed":"plzen"}' }, { actor: 'kraj@example.cz', after_json: '{"feed":"plzen"}' }]);
  }, 120_000);
});
