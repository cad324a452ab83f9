// Arrivals and "via" on the real Plzeň feed, checked against a brute-force reading of its CSV files; drop_off_type=1
// and the last stop on a feed made for it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import yauzl from 'yauzl';
import { beforeAll, describe, expect, it } from 'vitest';
import { boardAt, indexOf } from '../../test/helpers/departures-feeds.ts';
import { openSource } from './feed-source.ts';
import { parseFeed } from './gtfs-import.ts';
import { buildIndex, type FeedIndex } from './station-index.ts';

const ZIP = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'gtfs', 'pmdp-plzen-2026.zip');

function zipFiles(zip: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => yauzl.fromBuffer(readFileSync(zip), { lazyEntries: true }, (err, z) => {
    if (err || !z) return reject(err);
    const out = new Map<string, string>();
    z.on('entry', (e: yauzl.Entry) => z.openReadStream(e, (er, s) => {
      if (er || !s) return reject(er);
      const chunks: Buffer[] = [];
      s.on('data', (c: Buffer) => chunks.push(c));
      s.on('end', () => { out.set(e.fileName, Buffer.concat(chunks).toString('utf8')); z.readEntry(); });
    }));
    z.on('end', () => resolve(out));
    z.readEntry();
  }));
}

type Row = Record<string, string>;
const secs = (t: string) => { const [h, m, s] = t.split(':').map(Number); return h * 3600 + m * 60 + s; };

describe('arrivals and via on the Plzeň feed', () => {
  let ix: FeedIndex;
  let st: Row[], stopName: Map<string, string>, byTrip: Map<string, Row[]>, active: (svc: string, date: string) => boolean, service: Map<string, string>;
  beforeAll(async () => {
    ix = buildIndex(await parseFeed(await openSource(ZIP), { feed: 'plzen', source: 'plzen' }));
    const f = await zipFiles(ZIP);
    const rows = (n: string) => (f.has(n) ? parse(f.get(n)!, { bom: true, columns: true }) : []) as Row[];
    st = rows('stop_times.txt');
    stopName = new Map(rows('stops.txt').map((r) => [r.stop_id, r.stop_name]));
    service = new Map(rows('trips.txt').map((r) => [r.trip_id, r.service_id]));
    const cal = new Map(rows('calendar.txt').map((r) => [r.service_id, r]));
    const exc = new Map(rows('calendar_dates.txt').map((r) => [`${r.service_id}|${r.date}`, r.exception_type]));
    const days = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
    active = (svc, date) => {
      const e = exc.get(`${svc}|${date}`);
      if (e) return e === '1';
      const c = cal.get(svc);
      if (!c || date < c.start_date || date > c.end_date) return false;
      const wd = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}T12:00:00Z`).getUTCDay();
      return c[days[wd]] === '1';
    };
    byTrip = new Map();
    for (const r of st) { let l = byTrip.get(r.trip_id); if (!l) byTrip.set(r.trip_id, (l = [])); l.push(r); }
    for (const l of byTrip.values()) l.sort((a, b) => Number(a.stop_sequence) - Number(b.stop_sequence));
  }, 60_000);

  /** Every trip arriving at `stop` between `from` and `to` (ms), read from the CSV: not its first stop, drop_off_type≠1. */
  function bruteArrivals(stop: string, from: number, to: number): string[] {
    const out: string[] = [];
    for (const [trip, l] of byTrip) {
      l.forEach((r, k) => {
        if (k === 0 || r.stop_id !== stop || r.drop_off_type === '1') return;
        for (const day of [-1, 0, 1]) {
          // the dates of this test lie in winter time (+01:00), so the service day starts at local midnight
          const base = Date.parse(new Date(from).toISOString().slice(0, 10) + 'T00:00:00+01:00') + day * 86_400_000;
          const date = new Date(base + 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
          const t = base + secs(r.arrival_time) * 1000;
          if (t >= from && t <= to && active(service.get(trip)!, date)) out.push(`${trip}|${new Date(t).toISOString()}`);
        }
      });
    }
    return out.sort();
  }

  const weight = () => {
    const w = new Map<string, number>();
    for (const l of byTrip.values()) l.forEach((r, k) => { if (k < l.length - 1 && r.pickup_type !== '1') { const n = stopName.get(r.stop_id)!; w.set(n, (w.get(n) ?? 0) + 1); } });
    return w;
  };

  /** The three busiest stop names the trip passes after (arrivals: before) the row, ends and this stop left out. */
  function bruteVia(trip: string, stop: string, kind: 'departures' | 'arrivals', w: Map<string, number>): string[] {
    const l = byTrip.get(trip)!;
    const k = l.findIndex((r) => r.stop_id === stop);
    const ends = new Set([stopName.get(stop), stopName.get(l[0].stop_id), stopName.get(l[l.length - 1].stop_id)]);
    const part = kind === 'departures' ? l.slice(k + 1, l.length - 1) : l.slice(1, k);
    const names: { n: string; p: number }[] = [];
    part.forEach((r, p) => { const n = stopName.get(r.stop_id)!; if (!ends.has(n) && !names.some((x) => x.n === n)) names.push({ n, p }); });
    return names.sort((a, b) => w.get(b.n)! - w.get(a.n)! || a.p - b.p).slice(0, 3).sort((a, b) => a.p - b.p).map((x) => x.n);
  }

  const moments = ['2026-03-04T07:00:00+01:00', '2026-03-06T23:40:00+01:00', '2026-03-07T12:00:00+01:00', '2026-03-08T00:10:00+01:00'];

  it('lists exactly the trips that arrive at a sample of stops, last stops included, for a weekday, a Friday night and a weekend', () => {
    const used = [...new Set(st.map((r) => r.stop_id))].sort((a, b) => Number(a) - Number(b));
    const sample = used.filter((_, i) => i % 40 === 0);
    let total = 0, terminating = 0;
    for (const stop of sample) for (const m of moments) {
      const from = Date.parse(m), to = from + 90 * 60_000;
      const b = boardAt(ix, { now: m, stopIds: [stop], kind: 'arrivals', windowMinutes: 90, limit: 500 });
      const got = b.departures.map((d) => `${d.tripId}|${new Date(d.scheduled).toISOString()}`).sort();
      expect(got, `stop ${stop} at ${m}`).toEqual(bruteArrivals(stop, from, to));
      expect(b.departures.every((d) => d.kind === 'arrival')).toBe(true);
      total += got.length;
      terminating += b.departures.filter((d) => byTrip.get(d.tripId)!.at(-1)!.stop_id === stop).length;
    }
    expect(total).toBeGreaterThan(100);
    expect(terminating).toBeGreaterThan(0);
  });

  it('gives each departure and arrival the busiest stops it passes as via, in trip order', () => {
    const w = weight();
    let checked = 0;
    for (const stop of ['27', '1', '100', '300']) for (const kind of ['departures', 'arrivals'] as const) {
      const b = boardAt(ix, { now: moments[0], stopIds: [stop], kind, limit: 20 });
      for (const d of b.departures) {
        expect(d.via, `${kind} ${d.tripId} at ${stop}`).toEqual(bruteVia(d.tripId, stop, kind, w));
        expect(d.origin).toBe(stopName.get(byTrip.get(d.tripId)![0].stop_id));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('arrivals on a feed made for them', () => {
  it('counts the last stop as an arrival and leaves out a stop with drop_off_type=1 and the first stop', async () => {
    const ix = await indexOf({
      calendar: ['D,1,1,1,1,1,1,1,20260101,20261231'],
      trips: ['R2,D,A1,Stop Z,0,1', 'R2,D,A2,Stop Z,0,1', 'R3,D,A3,Station,0,1'],
      stopTimes: [
        'A1,08:00:00,08:00:00,X,1,0,0,', 'A1,08:10:00,08:11:00,P1,2,0,0,', 'A1,08:20:00,08:20:00,Z,3,0,0,',
        'A2,08:05:00,08:05:00,X,1,0,0,', 'A2,08:15:00,08:16:00,P1,2,0,1,', 'A2,08:25:00,08:25:00,Z,3,0,0,',
        'A3,08:12:00,08:12:00,P2,1,0,0,', 'A3,08:30:00,08:30:00,Y,2,0,0,', 'A3,08:40:00,08:40:00,P1,3,0,0,',
      ],
    });
    const arr = boardAt(ix, { now: '2026-05-04T05:55:00Z', kind: 'arrivals' });
    expect(arr.departures.map((d) => [d.tripId, d.scheduled.slice(11, 16), d.origin])).toEqual([['A1', '08:10', 'Stop X'], ['A3', '08:40', 'Station']]);
    const dep = boardAt(ix, { now: '2026-05-04T05:55:00Z' });
    expect(dep.departures.map((d) => [d.tripId, d.scheduled.slice(11, 16)])).toEqual([['A1', '08:11'], ['A3', '08:12'], ['A2', '08:16']]);
    expect(dep.departures[0].via).toEqual([]);
  });
});
