// Trimming against the untrimmed feed: for every stop of the Plzeň feed, the feed trimmed to a group of stations
// containing it gives the same departure and arrival boards (trip, time, headsign, origin) for a week of moments.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardAt } from '../../test/helpers/departures-feeds.ts';
import { openSource } from './feed-source.ts';
import { parseFeed } from './gtfs-import.ts';
import { buildIndex, type FeedIndex } from './station-index.ts';
import { trimFeed } from './trim.ts';

const ZIP = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'gtfs', 'pmdp-plzen-2026.zip');
const dir = mkdtempSync(join(tmpdir(), 'peron-trim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// a week in March 2026, mornings, evenings and after midnight
const moments = ['2026-03-02T06:30:00+01:00', '2026-03-03T23:50:00+01:00', '2026-03-05T16:00:00+01:00', '2026-03-07T00:20:00+01:00', '2026-03-07T10:00:00+01:00', '2026-03-08T23:30:00+01:00'];
const GROUPS = 2;

describe('trimming the Plzeň feed to a county\'s stations', () => {
  let full: FeedIndex;
  beforeAll(async () => { full = buildIndex(await parseFeed(await openSource(ZIP), { feed: 'p', source: 'p' })); }, 60_000);

  it('keeps the same boards at every stop, in groups of stations, and keeps only a fraction of the feed', async () => {
    const ids = full.data.stops.map((s) => s.id);
    let compared = 0;
    for (let g = 0; g < GROUPS; g++) {
      const group = ids.filter((_, i) => i % GROUPS === g);
      const out = join(dir, `g${g}`);
      const stats = await trimFeed(ZIP, group, out);
      expect(stats.files['stop_times.txt'].kept).toBeLessThanOrEqual(stats.files['stop_times.txt'].read);
      const trimmed = buildIndex(await parseFeed(await openSource(out), { feed: 'p', source: 'p' }));
      for (const stop of group) moments.forEach((m, mi) => {
        const kind = mi % 2 ? 'arrivals' : 'departures';
        const a = boardAt(full, { now: m, stopIds: [stop], kind, limit: 6 }).departures.map((d) => [d.tripId, d.scheduled, d.headsign, d.origin]);
        const b = boardAt(trimmed, { now: m, stopIds: [stop], kind, limit: 6 }).departures.map((d) => [d.tripId, d.scheduled, d.headsign, d.origin]);
        expect(b, `${kind} at ${stop}, ${m}`).toEqual(a);
        compared += a.length;
      });
    }
    expect(compared).toBeGreaterThan(500);
  }, 120_000);

  it('keeps a small feed for one station: its trips whole, their calendars and routes, nothing else', async () => {
    const out = join(dir, 'one');
    const stats = await trimFeed(ZIP, ['27'], out);
    expect(stats.files['stop_times.txt'].kept / stats.files['stop_times.txt'].read).toBeLessThan(0.2);
    expect(stats.files['routes.txt'].kept).toBeLessThan(stats.files['routes.txt'].read);
    const trimmed = buildIndex(await parseFeed(await openSource(out), { feed: 'p', source: 'p' }));
    expect(trimmed.data.trips.length).toBe(stats.trips);
    for (const t of trimmed.data.trips) expect(t.stopTimes.length).toBe(full.data.trips[full.tripIdx.get(t.id)!].stopTimes.length);
  });
});
