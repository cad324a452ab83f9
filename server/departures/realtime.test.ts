// Realtime through the engine: GTFS-RT read from files on a schedule, freshness, a bad file, and change events.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFeed, feedFiles } from '../../test/helpers/departures-feeds.ts';
import { GTFS_RT, testEngine } from '../../test/helpers/departures-engine.ts';
import { createLogger } from '../platform/log.ts';
import { decodeFeedMessage } from './realtime.ts';
import type { ChangeEvent } from './types.ts';

function feedDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'peron-rt-'));
  const files = feedFiles({
    calendar: ['D,1,1,1,1,1,1,1,20260101,20261231'],
    trips: ['R3,D,T,Viadukt,0,1', 'R2,D,V,Lidové sady,0,2'],
    stopTimes: ['T,10:00:00,10:00:00,P1,1,0,0,', 'T,10:10:00,10:10:00,X,2,0,0,', 'V,10:05:00,10:05:00,P2,1,0,0,', 'V,10:15:00,10:15:00,X,2,0,0,'],
  });
  for (const [f, s] of Object.entries(files)) writeFileSync(join(dir, f), s);
  return dir;
}

const delayed = (delay: number) => [{ id: '1', tripUpdate: { trip: { tripId: 'T', startDate: '20260515' }, stopTimeUpdate: [{ stopSequence: 1, departure: { delay } }] } }];

describe('GTFS-Realtime fixtures', () => {
  it('decodes the Bull Runner vehicle positions sample', () => {
    const msg = decodeFeedMessage(readFileSync(join(GTFS_RT, 'bullrunner-vehicle-positions.pb')));
    expect(msg.header.gtfsRealtimeVersion).toBe('1.0');
    expect(msg.entity.length).toBeGreaterThan(0);
    expect(msg.entity[0].vehicle).toMatchObject({ trip: { routeId: 'F' }, vehicle: { id: '1536' } });
    expect(Number(msg.header.timestamp)).toBe(1505314375);
  });

  it('refuses the trip-updates sample, which is an HTML error page saved as .pb', () => {
    expect(() => decodeFeedMessage(readFileSync(join(GTFS_RT, 'sample-tripupdates.pb')))).toThrow(/not a GTFS-Realtime protobuf/);
  });
});

describe('realtime in the engine', () => {
  let close = () => {};
  afterEach(() => close());

  async function setup(now: string) {
    const dir = feedDir();
    const rtFile = join(dir, 'trip-updates.pb');
    writeFileSync(rtFile, encodeFeed(delayed(300), now));
    const t = testEngine(now, { 'departures.feeds': [{ id: 't', source: dir, realtime: [rtFile] }], 'departures.staleAfterSeconds': 90 });
    close = t.close;
    await t.engine.importSource('t', dir);
    await t.engine.pollRealtime();
    t.engine.checkFreshness();
    const events: ChangeEvent[] = [];
    t.engine.service.onChange((e) => events.push(e));
    const board = () => t.engine.service.board({ stations: [{ feed: 't', stopIds: ['ST'] }] });
    return { ...t, rtFile, events, board };
  }

  it('logs an unreachable realtime URL without its query string (where API keys travel)', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', destination: { write: (l: string) => void lines.push(l) } });
    const t = testEngine('2026-05-15T07:55:00Z', { 'departures.feeds': [{ id: 't', source: feedDir(), realtime: ['http://127.0.0.1:1/trip-updates.pb?key=s3cret-api-key'] }] }, log);
    close = t.close;
    await t.engine.pollRealtime();
    const text = lines.join('');
    expect(text).toContain('realtime source unreadable');
    expect(text).toContain('http://127.0.0.1:1/trip-updates.pb');
    expect(text).not.toContain('s3cret-api-key');
  });

  it('applies fresh delays, and after staleAfterSeconds shows the timetable with "no live data"', async () => {
    const s = await setup('2026-05-15T07:55:00Z');
    let b = s.board();
    expect(b.live).toBe(true);
    expect(b.departures[0]).toMatchObject({ tripId: 'V', delaySeconds: null });
    expect(b.departures[1]).toMatchObject({ tripId: 'T', delaySeconds: 300, predicted: '2026-05-15T10:05:00+02:00' });
    s.clock.advance(91_000);
    s.engine.checkFreshness();
    expect(s.events.map((e) => e.reason)).toEqual(['realtime']);
    b = s.board();
    expect(b.live).toBe(false);
    expect(b.departures.find((d) => d.tripId === 'T')).toMatchObject({ delaySeconds: null, predicted: '2026-05-15T10:00:00+02:00' });
    expect(b.noticeDetails.map((n) => n.code)).toContain('REALTIME_UNAVAILABLE');
  });

  it('fires onChange when the realtime file changes, and not when it is read again unchanged', async () => {
    const s = await setup('2026-05-15T07:55:00Z');
    await s.engine.pollRealtime();
    expect(s.events).toEqual([]);
    writeFileSync(s.rtFile, encodeFeed(delayed(120), '2026-05-15T07:55:30Z'));
    await s.engine.pollRealtime();
    expect(s.events.map((e) => e.reason)).toEqual(['realtime']);
    expect(s.board().departures.find((d) => d.tripId === 'T')!.delaySeconds).toBe(120);
  });

  it('keeps the last good overlay when the realtime file turns into garbage', async () => {
    const s = await setup('2026-05-15T07:55:00Z');
    copyFileSync(join(GTFS_RT, 'sample-tripupdates.pb'), s.rtFile);
    await s.engine.pollRealtime();
    expect(s.events).toEqual([]);
    expect(s.board().departures.find((d) => d.tripId === 'T')!.delaySeconds).toBe(300);
    expect(s.engine.status()[0].realtime[0]).toMatchObject({ fresh: true, error: expect.stringMatching(/not a GTFS-Realtime protobuf/) });
  });

  it('fires onChange on import and once a minute, so boards can push', async () => {
    const s = await setup('2026-05-15T07:55:00Z');
    s.engine.tick();
    await s.engine.importSource('t', feedDir());
    expect(s.events.map((e) => e.reason)).toEqual(['tick', 'timetable']);
    expect(s.events[1].dataVersion).toBeGreaterThan(s.events[0].dataVersion);
  });
});

describe('a feed imported by another process', () => {
  it('is picked up by a running engine at its next minute tick', async () => {
    const a = testEngine('2026-05-15T07:55:00Z');
    const b = testEngine('2026-05-15T07:55:00Z', { dataDir: a.config.dataDir });
    try {
      const events: string[] = [];
      b.engine.service.onChange((e) => events.push(e.reason));
      await a.engine.importSource('t', feedDir());
      expect(b.engine.service.board({ stations: [{ feed: 't', stopIds: ['ST'] }] }).noticeDetails[0].code).toBe('FEED_MISSING');
      b.engine.tick();
      expect(events).toEqual(['timetable', 'tick']);
      expect(b.engine.service.board({ stations: [{ feed: 't', stopIds: ['ST'] }] }).departures.map((d) => d.tripId)).toEqual(['T', 'V']);
    } finally {
      b.close();
      a.close();
    }
  });
});
