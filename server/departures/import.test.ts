// Imports the real feeds in test/fixtures/gtfs (Plzeň, Bull Runner, Google sample, a broken zip) and checks boards.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GTFS, testEngine } from '../../test/helpers/departures-engine.ts';
import { FeedError } from './gtfs-import.ts';

function readZipText(zip: string, name: string): Promise<string> {
  return new Promise((resolve, reject) =>
    yauzl.open(zip, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err);
      z.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return z.readEntry();
        z.openReadStream(e, (er, s) => {
          if (er || !s) return reject(er);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => { z.close(); resolve(Buffer.concat(chunks).toString('utf8')); });
        });
      });
      z.readEntry();
    }),
  );
}

describe('the Plzeň city feed (BOM, quoted CSV, calendar_dates-only services)', () => {
  const t = testEngine('2026-12-01T08:00:00Z');
  const plzen = join(GTFS, 'pmdp-plzen-2026.zip');
  beforeAll(async () => { await t.engine.importSource('plzen', plzen); }, 60_000);
  afterAll(() => t.close());

  it('imports every stop, trip and stop time with the agency timezone read through the BOM', () => {
    const [s] = t.engine.status();
    expect(s).toMatchObject({ feed: 'plzen', loaded: true, stopTimes: 132_436, firstDate: '2026-02-09', lastDate: '2026-08-12', lastError: null });
    expect(t.engine.indexes().get('plzen')!.tz).toBe('Europe/Prague');
  });

  it('answers a board with at= inside its validity exactly as a brute-force reading of the files does', async () => {
    const rows = (f: string) => readZipText(plzen, f).then((x) => parse(x, { bom: true, columns: true }) as Record<string, string>[]);
    const [cd, trips, st] = await Promise.all([rows('calendar_dates.txt'), rows('trips.txt'), rows('stop_times.txt')]);
    const active = new Set(cd.filter((r) => r.date === '20260304' && r.exception_type === '1').map((r) => r.service_id));
    for (const r of cd) if (r.date === '20260304' && r.exception_type === '2') active.delete(r.service_id);
    const service = new Map(trips.map((r) => [r.trip_id, r.service_id]));
    const last = new Map<string, number>();
    for (const r of st) last.set(r.trip_id, Math.max(last.get(r.trip_id) ?? -1, Number(r.stop_sequence)));
    const expected = st
      .filter((r) => r.stop_id === '27' && active.has(service.get(r.trip_id)!) && Number(r.stop_sequence) !== last.get(r.trip_id) && r.pickup_type !== '1')
      .map((r) => ({ trip: r.trip_id, t: r.departure_time }))
      .filter((r) => r.t >= '07:00:00')
      .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0))
      .slice(0, 10);
    expect(expected.length).toBe(10);
    const b = t.engine.service.board({ stations: [{ feed: 'plzen', stopIds: ['27'] }], at: new Date('2026-03-04T07:00:00+01:00'), limit: 10 });
    expect(b.departures.map((d) => [d.tripId, d.scheduled.slice(11, 19)])).toEqual(expected.map((e) => [e.trip, e.t]));
    expect(b.departures[0].stopName).toBe('Anglické nábřeží');
    expect(b.departures.every((d) => d.delaySeconds === null)).toBe(true);
  });

  it('says the timetable has ended when asked after its validity, instead of an empty board', () => {
    const b = t.engine.service.board({ stations: [{ feed: 'plzen', stopIds: ['27'] }] });
    expect(b.departures).toEqual([]);
    expect(b.noticeDetails.map((n) => n.code)).toContain('FEED_EXPIRED');
    expect(b.notices.join(' ')).toMatch(/skončila/);
  });

  it('keeps the previous feed and names the file when a broken feed is imported over it', async () => {
    const err = await t.engine.importSource('plzen', join(GTFS, 'bad-gtfs.zip')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedError);
    expect((err as FeedError).message).toBe('agency.txt: required file is missing from the feed');
    expect(t.engine.status()[0]).toMatchObject({ loaded: true, stopTimes: 132_436, lastError: 'agency.txt: required file is missing from the feed' });
    const b = t.engine.service.board({ stations: [{ feed: 'plzen', stopIds: ['27'] }], at: new Date('2026-03-04T07:00:00+01:00'), limit: 3 });
    expect(b.departures).toHaveLength(3);
    expect(b.noticeDetails.map((n) => n.code)).toContain('FEED_IMPORT_FAILED');
  });
});

describe('small real feeds', () => {
  const t = testEngine('2026-12-01T08:00:00Z');
  afterAll(() => t.close());

  it('expands Bull Runner\'s inexact frequencies (header " exact_times") into approximate 10-minute departures', async () => {
    const s = await t.engine.importSource('usf', join(GTFS, 'bullrunner-gtfs.zip'));
    expect(s.frequencies).toBe(15);
    const b = t.engine.service.board({ stations: [{ feed: 'usf', stopIds: ['230'] }], at: new Date('2016-03-01T12:00:00-05:00'), limit: 30 });
    const times = b.departures.filter((d) => d.tripId === '1').map((d) => Date.parse(d.scheduled));
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(times[1] - times[0]).toBe(600_000);
    expect(b.departures.every((d) => d.approximate)).toBe(true);
  });

  it('reads the Google sample feed and honours its calendar_dates removal', async () => {
    const s = await t.engine.importSource('google', join(GTFS, 'google-sample-feed-1.zip'));
    expect(s).toMatchObject({ agencies: 1, routes: 5, trips: 11, frequencies: 11 });
    const ok = t.engine.service.board({ stations: [{ feed: 'google', stopIds: ['STAGECOACH'] }], at: new Date('2007-06-05T06:10:00-07:00'), limit: 2 });
    expect(ok.departures.map((d) => d.tripId).sort()).toEqual(['CITY1', 'STBA']);
    expect(ok.departures.map((d) => Date.parse(d.predicted))).toEqual([Date.parse('2007-06-05T06:30:00-07:00'), Date.parse('2007-06-05T06:30:00-07:00')]);
    expect(ok.departures.every((d) => d.approximate)).toBe(true);
    const removed = t.engine.service.board({ stations: [{ feed: 'google', stopIds: ['STAGECOACH'] }], at: new Date('2007-06-04T06:10:00-07:00'), windowMinutes: 600 });
    expect(removed.departures).toEqual([]);
    expect(removed.noticeDetails.map((n) => n.code)).toContain('NO_DEPARTURES_IN_WINDOW');
  });

  it('reads a folder with a BOM, CRLF, quoted commas, header whitespace and any column order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peron-gtfs-'));
    const w = (f: string, s: string) => writeFileSync(join(dir, f), '\uFEFF' + s.replace(/\n/g, '\r\n'));
    w('agency.txt', 'agency_timezone , agency_name,agency_url\nEurope/Prague,"ČSAD Liberec, a.s.",https://example.cz\n');
    w('stops.txt', ' stop_name,stop_id\n"Liberec, aut.nádr.",A\nB,B\n');
    w('routes.txt', 'route_type,route_id,route_short_name\n3,R,540\n');
    w('calendar.txt', 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nD,1,1,1,1,1,1,1,20260101,20261231\n');
    w('trips.txt', 'trip_id,route_id,service_id,trip_headsign\nT,R,D,"Jablonec, centrum"\n');
    w('stop_times.txt', 'stop_sequence,stop_id,departure_time,arrival_time,trip_id\n2,B,08:20:00,08:20:00,T\n1,A,08:00:00,08:00:00,T\n');
    w('frequencies.txt', 'trip_id,start_time,end_time,headway_secs, exact_times\nT,08:00:00,09:00:00,1800,1\n');
    await t.engine.importSource('quirky', dir);
    const b = t.engine.service.board({ stations: [{ feed: 'quirky', stopIds: ['A'] }], at: new Date('2026-05-12T07:50:00+02:00') });
    expect(b.departures.map((d) => [d.scheduled.slice(11, 16), d.headsign, d.stopName, d.approximate])).toEqual([
      ['08:00', 'Jablonec, centrum', 'Liberec, aut.nádr.', false],
      ['08:30', 'Jablonec, centrum', 'Liberec, aut.nádr.', false],
    ]);
  });

  it('rejects a feed with a dangling reference, naming file, line and reason, and keeps the old one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peron-gtfs-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'agency.txt'), 'agency_name,agency_url,agency_timezone\nX,https://x.cz,Europe/Prague\n');
    writeFileSync(join(dir, 'stops.txt'), 'stop_id,stop_name\nA,A\n');
    writeFileSync(join(dir, 'routes.txt'), 'route_id,route_type\nR,3\n');
    writeFileSync(join(dir, 'calendar_dates.txt'), 'service_id,date,exception_type\nD,20260101,1\n');
    writeFileSync(join(dir, 'trips.txt'), 'route_id,service_id,trip_id\nR,D,T\n');
    writeFileSync(join(dir, 'stop_times.txt'), 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT,08:00:00,08:00:00,A,1\nT,08:10:00,08:10:00,GHOST,2\n');
    const err = (await t.engine.importSource('quirky', dir).catch((e: unknown) => e)) as FeedError;
    expect(err.message).toBe('stop_times.txt line 3: stop_id "GHOST" is not in stops.txt');
    expect(err).toMatchObject({ file: 'stop_times.txt', line: 3 });
    expect(t.engine.status().find((f) => f.feed === 'quirky')).toMatchObject({ loaded: true, lastError: err.message });
  });
});
