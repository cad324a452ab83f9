// The GTFS timing and realtime rules (reference test cases TC01–TC21, pitfalls G1–G16) on small feeds made for them.
import { describe, expect, it } from 'vitest';
import { boardAt, indexOf, overlayOf, utc, type FeedSpec } from '../../test/helpers/departures-feeds.ts';

const daily2026 = ['D,1,1,1,1,1,1,1,20260101,20261231'];

describe('service days', () => {
  const tc01: FeedSpec = {
    calendar: ['FRI,0,0,0,0,1,0,0,20260515,20260515', 'SAT,0,0,0,0,0,1,0,20260516,20260516'],
    trips: ['R3,FRI,T1,Viadukt,0,1', 'R3,SAT,S1,Viadukt,0,1', 'R3,SAT,S2,Viadukt,0,1'],
    stopTimes: ['T1,24:30:00,24:30:00,P1,1,0,0,', 'T1,24:40:00,24:40:00,X,2,0,0,', 'S1,24:30:00,24:30:00,P1,1,0,0,', 'S1,24:40:00,24:40:00,X,2,0,0,', 'S2,00:10:00,00:10:00,P1,1,0,0,', 'S2,00:20:00,00:20:00,X,2,0,0,'],
  };

  it('lists a 24:30 trip of Friday\'s service after midnight on Saturday, and not Saturday\'s 24:30 trip (TC01)', async () => {
    const ix = await indexOf(tc01);
    const b = boardAt(ix, { now: '2026-05-15T22:20:00Z', windowMinutes: 60 });
    expect(b.departures.map((d) => d.tripId)).toEqual(['S2', 'T1'].filter((t) => t === 'T1'));
    expect(utc(b)).toEqual(['2026-05-15T22:30:00Z']);
    expect(b.departures[0].minutes).toBe(10);
    expect(b.departures[0].serviceDate).toBe('20260515');
  });

  it('shows Saturday\'s 00:10 trip on Friday night before Friday\'s 24:30 trip (TC02)', async () => {
    const ix = await indexOf(tc01);
    const b = boardAt(ix, { now: '2026-05-15T21:50:00Z', windowMinutes: 60 });
    expect(b.departures.map((d) => [d.tripId, new Date(d.predicted).toISOString()])).toEqual([
      ['S2', '2026-05-15T22:10:00.000Z'],
      ['T1', '2026-05-15T22:30:00.000Z'],
    ]);
    expect(b.departures[1].minutes).toBe(40);
  });

  const weekday: FeedSpec = {
    calendar: ['W,1,1,1,1,1,0,0,20260101,20261231', 'SUN,0,0,0,0,0,0,1,20260101,20261231'],
    calendarDates: ['W,20260508,2', 'SUN,20260508,1'],
    trips: ['R2,W,W1,Lidové sady,0,1', 'R3,SUN,U1,Viadukt,0,1'],
    stopTimes: ['W1,08:10:00,08:10:00,P1,1,0,0,', 'W1,08:20:00,08:20:00,X,2,0,0,', 'U1,08:15:00,08:15:00,P1,1,0,0,', 'U1,08:25:00,08:25:00,X,2,0,0,'],
  };

  it('drops a weekday service on a removed date and runs a Sunday service on an added one (TC03, TC04)', async () => {
    const ix = await indexOf(weekday);
    expect(boardAt(ix, { now: '2026-05-08T06:00:00Z', windowMinutes: 60 }).departures.map((d) => d.tripId)).toEqual(['U1']);
    expect(boardAt(ix, { now: '2026-05-07T06:00:00Z', windowMinutes: 60 }).departures.map((d) => d.tripId)).toEqual(['W1']);
  });

  it('runs a service defined only in calendar_dates on that date only (TC05)', async () => {
    const ix = await indexOf({ calendarDates: ['X,20260601,1'], trips: ['R2,X,X1,Lidové sady,0,1'], stopTimes: ['X1,09:00:00,09:00:00,P1,1,0,0,', 'X1,09:10:00,09:10:00,X,2,0,0,'] });
    expect(utc(boardAt(ix, { now: '2026-06-01T06:30:00Z' }))).toEqual(['2026-06-01T07:00:00Z']);
    expect(boardAt(ix, { now: '2026-06-02T06:30:00Z' }).departures).toEqual([]);
  });

  it('treats calendar end_date as inclusive (TC06)', async () => {
    const ix = await indexOf({ calendar: ['D,1,1,1,1,1,1,1,20260101,20260630'], trips: ['R2,D,D1,Lidové sady,0,1'], stopTimes: ['D1,07:00:00,07:00:00,P1,1,0,0,', 'D1,07:10:00,07:10:00,X,2,0,0,'] });
    expect(utc(boardAt(ix, { now: '2026-06-30T04:30:00Z' }))).toEqual(['2026-06-30T05:00:00Z']);
    const after = boardAt(ix, { now: '2026-07-01T04:30:00Z' });
    expect(after.departures).toEqual([]);
    expect(after.noticeDetails.map((n) => n.code)).toContain('FEED_EXPIRED');
  });

  const dst: FeedSpec = {
    calendar: daily2026,
    trips: ['R2,D,M,Lidové sady,0,1', 'R2,D,N,Lidové sady,0,1'],
    stopTimes: ['M,08:00:00,08:00:00,P1,1,0,0,', 'M,08:10:00,08:10:00,X,2,0,0,', 'N,24:30:00,24:30:00,P1,1,0,0,', 'N,24:40:00,24:40:00,X,2,0,0,'],
  };

  it('counts from noon minus 12 h on the spring-forward day (TC07)', async () => {
    const ix = await indexOf(dst);
    expect(utc(boardAt(ix, { now: '2026-03-29T05:30:00Z', limit: 1 }))).toEqual(['2026-03-29T06:00:00Z']);
    expect(utc(boardAt(ix, { now: '2026-03-29T22:00:00Z', limit: 1 }))).toEqual(['2026-03-29T22:30:00Z']);
  });

  it('counts from noon minus 12 h on the fall-back day (TC08)', async () => {
    const ix = await indexOf(dst);
    const b = boardAt(ix, { now: '2026-10-25T06:50:00Z', limit: 1 });
    expect(utc(b)).toEqual(['2026-10-25T07:00:00Z']);
    expect(b.departures[0].minutes).toBe(10);
    expect(b.departures[0].scheduled).toBe('2026-10-25T08:00:00+01:00');
    expect(utc(boardAt(ix, { now: '2026-10-25T23:00:00Z', limit: 1 }))).toEqual(['2026-10-25T23:30:00Z']);
  });
});

describe('frequencies', () => {
  const freq = (exact: number): FeedSpec => ({
    calendar: daily2026,
    trips: ['R3,D,F,Viadukt,0,1'],
    stopTimes: ['F,00:00:00,00:00:00,P1,1,0,0,', 'F,00:05:00,00:05:00,P2,2,0,0,', 'F,00:10:00,00:10:00,X,3,0,0,'],
    frequencies: [`F,06:00:00,07:00:00,1200,${exact}`],
  });

  it('expands exact_times=1 from start_time while the start is before end_time (TC09)', async () => {
    const ix = await indexOf(freq(1));
    const b = boardAt(ix, { now: '2026-05-12T04:00:00Z', stopIds: ['P2'] });
    expect(b.departures.map((d) => d.scheduled.slice(11, 16))).toEqual(['06:05', '06:25', '06:45']);
    expect(b.departures.every((d) => !d.approximate)).toBe(true);
  });

  it('keeps exact_times=0 departures, flagged approximate (TC10)', async () => {
    const ix = await indexOf(freq(0));
    const b = boardAt(ix, { now: '2026-05-12T04:00:00Z', stopIds: ['P2'] });
    expect(b.departures.map((d) => d.scheduled.slice(11, 16))).toEqual(['06:05', '06:25', '06:45']);
    expect(b.departures.every((d) => d.approximate)).toBe(true);
  });
});

describe('stations and stop rows', () => {
  const tc11: FeedSpec = {
    calendar: daily2026,
    trips: ['R2,D,A,Lidové sady,0,1', 'R3,D,B,Viadukt,0,1', 'R2,D,C,Lidové sady,0,1', 'R11,D,G,Jablonec,0,1'],
    stopTimes: [
      'A,08:05:00,08:05:00,P1,1,0,0,', 'A,08:15:00,08:15:00,X,2,0,0,',
      'C,08:10:00,08:10:00,P1,1,0,0,', 'C,08:20:00,08:20:00,X,2,0,0,',
      'B,08:02:00,08:02:00,P2,1,0,0,', 'B,08:12:00,08:12:00,X,2,0,0,',
      'G,08:03:00,08:03:00,E,1,0,0,', 'G,08:13:00,08:13:00,X,2,0,0,',
    ],
  };

  it('merges a station\'s platforms with their platform codes, and ignores entrances (TC11)', async () => {
    const ix = await indexOf(tc11);
    const st = boardAt(ix, { now: '2026-05-12T06:00:00Z' });
    expect(st.departures.map((d) => [d.tripId, d.platform])).toEqual([['B', '2'], ['A', '1'], ['C', '1']]);
    expect(st.departures[0].stationId).toBe('ST');
    expect(boardAt(ix, { now: '2026-05-12T06:00:00Z', stopIds: ['P1'] }).departures.map((d) => d.tripId)).toEqual(['A', 'C']);
    expect(boardAt(ix, { now: '2026-05-12T06:00:00Z', platforms: ['2'] }).departures.map((d) => d.tripId)).toEqual(['B']);
  });

  it('leaves out trips that end here and stops without pickup (TC12)', async () => {
    const ix = await indexOf({
      calendar: daily2026,
      trips: ['R2,D,D,Station,1,1', 'R3,D,E,Viadukt,0,1', 'R3,D,K,Viadukt,0,1'],
      stopTimes: ['D,08:00:00,08:00:00,X,1,0,0,', 'D,08:07:00,08:07:00,P1,2,0,0,', 'E,08:08:00,08:08:00,P1,1,1,0,', 'E,08:18:00,08:18:00,X,2,0,0,', 'K,08:09:00,08:09:00,P1,1,0,0,', 'K,08:19:00,08:19:00,X,2,0,0,'],
    });
    expect(boardAt(ix, { now: '2026-05-12T06:00:00Z' }).departures.map((d) => d.tripId)).toEqual(['K']);
  });

  it('shows stop_headsign only on its own row, falling back to trip_headsign (TC13)', async () => {
    const ix = await indexOf({
      calendar: daily2026,
      trips: ['R11,D,H,Jablonec n.N.,0,1'],
      stopTimes: ['H,08:00:00,08:00:00,P1,1,0,0,Vratislavice', 'H,08:05:00,08:05:00,X,2,0,0,', 'H,08:10:00,08:10:00,Y,3,0,0,'],
    });
    expect(boardAt(ix, { now: '2026-05-12T05:50:00Z' }).departures[0].headsign).toBe('Vratislavice');
    expect(boardAt(ix, { now: '2026-05-12T05:50:00Z', stopIds: ['X'] }).departures[0].headsign).toBe('Jablonec n.N.');
  });

  it('interpolates empty times at non-timepoints and reads unsorted stop_times (G16, G17)', async () => {
    const ix = await indexOf({
      calendar: daily2026,
      trips: ['R2,D,I,Lidové sady,0,1'],
      stopTimes: ['I,08:30:00,08:30:00,Z,4,0,0,', 'I,,,Y,3,0,0,', 'I,08:00:00,08:00:00,P1,1,0,0,', 'I,,,X,2,0,0,'],
    });
    expect(boardAt(ix, { now: '2026-05-12T05:50:00Z', stopIds: ['X'] }).departures[0].scheduled).toBe('2026-05-12T08:10:00+02:00');
    expect(boardAt(ix, { now: '2026-05-12T05:50:00Z', stopIds: ['Y'] }).departures[0].scheduled).toBe('2026-05-12T08:20:00+02:00');
  });
});

describe('realtime', () => {
  const seqStops = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7'];
  const chain: FeedSpec = {
    calendar: daily2026,
    extraStops: seqStops.map((s) => `${s},Stop ${s},0,,,0`),
    trips: ['R3,D,T,Viadukt,0,1', 'R3,D,U,Viadukt,0,1'],
    stopTimes: [
      ...seqStops.map((s, i) => `T,08:${String(i * 5).padStart(2, '0')}:00,08:${String(i * 5).padStart(2, '0')}:00,${s},${i + 1},0,0,`),
      'U,08:12:00,08:12:00,S3,1,0,0,', 'U,08:30:00,08:30:00,S7,2,0,0,',
    ],
  };
  const at = (ix: Awaited<ReturnType<typeof indexOf>>, stop: string, ov: ReturnType<typeof overlayOf>, now = '2026-05-15T05:55:00Z') =>
    boardAt(ix, { now, stopIds: [stop], overlay: ov }).departures.find((d) => d.tripId === 'T')!;

  it('propagates delays, turns a time-only update into a delay, and keeps propagating across SKIPPED (TC14)', async () => {
    const ix = await indexOf(chain);
    const seq4 = Math.floor(Date.parse('2026-05-15T06:16:00Z') / 1000); // scheduled 08:15 CEST + 60 s
    const ov = overlayOf(ix, [{ id: '1', tripUpdate: { trip: { tripId: 'T', startDate: '20260515' }, stopTimeUpdate: [
      { stopSequence: 2, departure: { delay: 300 } },
      { stopSequence: 4, departure: { time: seq4 } },
      { stopSequence: 5, scheduleRelationship: 1 },
    ] } }], '2026-05-15T05:55:00Z');
    expect(at(ix, 'S1', ov).delaySeconds).toBeNull();
    expect(at(ix, 'S2', ov).delaySeconds).toBe(300);
    expect(at(ix, 'S3', ov).delaySeconds).toBe(300);
    expect(at(ix, 'S4', ov).delaySeconds).toBe(60);
    expect(at(ix, 'S5', ov).skipped).toBe(true);
    expect(at(ix, 'S6', ov)).toMatchObject({ delaySeconds: 60, skipped: false, predicted: '2026-05-15T08:26:00+02:00' });
  });

  it('stops propagating at NO_DATA: later stops have no live data (G8)', async () => {
    const ix = await indexOf(chain);
    const ov = overlayOf(ix, [{ id: '1', tripUpdate: { trip: { tripId: 'T', startDate: '20260515' }, stopTimeUpdate: [
      { stopSequence: 2, departure: { delay: 300 } },
      { stopSequence: 4, scheduleRelationship: 2 },
    ] } }], '2026-05-15T05:55:00Z');
    expect(at(ix, 'S3', ov).delaySeconds).toBe(300);
    expect(at(ix, 'S4', ov)).toMatchObject({ delaySeconds: null, realtime: false });
    expect(at(ix, 'S6', ov).delaySeconds).toBeNull();
  });

  it('cancels a trip on its start_date only (TC15)', async () => {
    const ix = await indexOf(chain);
    const ov = overlayOf(ix, [{ id: '1', tripUpdate: { trip: { tripId: 'T', startDate: '20260515', scheduleRelationship: 3 } } }], '2026-05-15T05:55:00Z');
    expect(at(ix, 'S2', ov).cancelled).toBe(true);
    expect(boardAt(ix, { now: '2026-05-15T05:55:00Z', stopIds: ['S2'], overlay: ov, skipCancelled: true }).departures.map((d) => d.tripId)).toEqual([]);
    expect(at(ix, 'S2', ov, '2026-05-16T05:55:00Z').cancelled).toBe(false);
  });

  it('keeps a delayed departure after its scheduled time, sorted by predicted time (TC16)', async () => {
    const ix = await indexOf({
      calendar: daily2026,
      trips: ['R2,D,L,Lidové sady,0,1', 'R3,D,EARLY,Viadukt,0,1', 'R11,D,LATE,Jablonec,0,1'],
      stopTimes: ['L,10:00:00,10:00:00,P1,1,0,0,', 'L,10:10:00,10:10:00,X,2,0,0,', 'EARLY,10:12:00,10:12:00,P1,1,0,0,', 'EARLY,10:22:00,10:22:00,X,2,0,0,', 'LATE,10:20:00,10:20:00,P1,1,0,0,', 'LATE,10:30:00,10:30:00,X,2,0,0,'],
    });
    const ov = overlayOf(ix, [{ id: '1', tripUpdate: { trip: { tripId: 'L', startDate: '20260515' }, stopTimeUpdate: [{ stopSequence: 1, departure: { delay: 900 } }] } }], '2026-05-15T08:09:00Z');
    const b = boardAt(ix, { now: '2026-05-15T08:10:00Z', overlay: ov });
    expect(b.departures.map((d) => d.tripId)).toEqual(['EARLY', 'L', 'LATE']);
    expect(b.departures[1]).toMatchObject({ predicted: '2026-05-15T10:15:00+02:00', minutes: 5, delaySeconds: 900 });
  });

  it('shows stale realtime as scheduled with no live data, and fresh realtime as live (TC17)', async () => {
    const ix = await indexOf(chain);
    const ov = overlayOf(ix, [{ id: '1', tripUpdate: { trip: { tripId: 'T', startDate: '20260515' }, stopTimeUpdate: [{ stopSequence: 1, departure: { delay: 300 } }] } }], '2026-05-15T05:45:00Z');
    const stale = boardAt(ix, { now: '2026-05-15T05:55:00Z', stopIds: ['S2'], overlay: ov, fresh: false });
    expect(stale.departures[0]).toMatchObject({ tripId: 'T', delaySeconds: null, realtime: false, scheduled: '2026-05-15T08:05:00+02:00', predicted: '2026-05-15T08:05:00+02:00' });
    expect(stale.live).toBe(false);
    expect(stale.noticeDetails.map((n) => n.code)).toContain('REALTIME_UNAVAILABLE');
    const fresh = boardAt(ix, { now: '2026-05-15T05:55:00Z', stopIds: ['S2'], overlay: ov, fresh: true });
    expect(fresh.departures[0]).toMatchObject({ delaySeconds: 300, realtime: true });
    expect(fresh.live).toBe(true);
  });

  it('lists an ADDED trip that is not in the timetable, flagged added (TC18)', async () => {
    const ix = await indexOf(chain);
    const t = Math.floor(Date.parse('2026-05-15T06:20:00Z') / 1000);
    const ov = overlayOf(ix, [{ id: '1', tripUpdate: { trip: { tripId: 'EXTRA', routeId: 'R2', startDate: '20260515', scheduleRelationship: 1 }, stopTimeUpdate: [{ stopId: 'P1', departure: { time: t } }] } }], '2026-05-15T06:00:00Z');
    const d = boardAt(ix, { now: '2026-05-15T06:00:00Z', overlay: ov }).departures.find((x) => x.tripId === 'EXTRA')!;
    expect(d).toMatchObject({ added: true, headsign: '?', predicted: '2026-05-15T08:20:00+02:00', line: { shortName: '2', mode: 'tram' } });
  });

  it('keeps an early-running departure (TC19)', async () => {
    const ix = await indexOf({ calendar: daily2026, trips: ['R2,D,Q,Lidové sady,0,1'], stopTimes: ['Q,08:10:00,08:10:00,P1,1,0,0,', 'Q,08:20:00,08:20:00,X,2,0,0,'] });
    const ov = overlayOf(ix, [{ id: '1', tripUpdate: { trip: { tripId: 'Q', startDate: '20260515' }, stopTimeUpdate: [{ stopSequence: 1, departure: { delay: -120 } }] } }], '2026-05-15T06:06:00Z');
    const b = boardAt(ix, { now: '2026-05-15T06:07:00Z', overlay: ov });
    expect(b.departures[0]).toMatchObject({ predicted: '2026-05-15T08:08:00+02:00', minutes: 1, delaySeconds: -120 });
  });

  it('attaches service alerts to the departures of the route they name', async () => {
    const ix = await indexOf(chain);
    const ov = overlayOf(ix, [
      { id: 'a1', alert: { informedEntity: [{ routeId: 'R3' }], headerText: { translation: [{ text: 'Výluka tramvají', language: 'cs' }, { text: 'Tram closure', language: 'en' }] } } },
      { id: 'a2', alert: { informedEntity: [{ stopId: 'S2' }], headerText: { translation: [{ text: 'Lift out of order', language: 'en' }] } } },
    ], '2026-05-15T05:55:00Z');
    const b = boardAt(ix, { now: '2026-05-15T05:55:00Z', stopIds: ['S2'], overlay: ov, lang: 'en' });
    expect(b.departures[0].alerts).toEqual([{ header: 'Tram closure' }]);
    expect(b.alerts.map((a) => a.header)).toEqual(['Lift out of order']);
  });
});

describe('filters and explanations', () => {
  const tc21: FeedSpec = {
    calendar: daily2026,
    trips: [
      ...[0, 1, 2].map((i) => `R2,D,2-${i},Dolní Hanychov,0,1`),
      ...[0, 1, 2].map((i) => `R3,D,3-${i},Lidové sady,1,1`),
      ...[0, 1, 2].map((i) => `R11,D,11-${i},Jablonec,0,1`),
    ],
    stopTimes: [0, 1, 2].flatMap((i) => ['2', '3', '11'].flatMap((l) => [`${l}-${i},08:0${i * 3}:00,08:0${i * 3}:00,P1,1,0,0,`, `${l}-${i},08:30:00,08:30:00,X,2,0,0,`])),
  };

  it('filters by line, keeps one per line and direction, and limits with ties broken by line (TC21)', async () => {
    const ix = await indexOf(tc21);
    const now = '2026-05-12T05:59:00Z';
    expect(new Set(boardAt(ix, { now, lines: ['11'] }).departures.map((d) => d.line.shortName))).toEqual(new Set(['11']));
    expect(boardAt(ix, { now, onePerLine: true }).departures.map((d) => d.tripId)).toEqual(['2-0', '3-0', '11-0']);
    const five = boardAt(ix, { now, limit: 5 }).departures;
    expect(five.map((d) => d.tripId)).toEqual(['2-0', '3-0', '11-0', '2-1', '3-1']);
    expect(boardAt(ix, { now, modes: ['bus'] }).departures).toEqual([]);
  });

  it('explains an empty window with the next departure, and an expired feed (TC20, G18)', async () => {
    const ix = await indexOf(tc21);
    const b = boardAt(ix, { now: '2026-05-12T07:00:00Z', windowMinutes: 60 });
    expect(b.departures).toEqual([]);
    const n = b.noticeDetails.find((x) => x.code === 'NO_DEPARTURES_IN_WINDOW')!;
    expect(n.next).toBe('2026-05-13T08:00:00+02:00');
    expect(n.message).toMatch(/Next departure/);
    const end = boardAt(ix, { now: '2026-12-30T07:00:00Z' });
    expect(end.noticeDetails.map((x) => x.code)).toContain('FEED_ENDS_SOON');
    const gone = boardAt(ix, { now: '2027-01-05T07:00:00Z' });
    expect(gone.noticeDetails.map((x) => x.code)).toEqual(expect.arrayContaining(['FEED_EXPIRED', 'NO_SERVICE']));
    expect(gone.notices.every((s) => s.length > 10)).toBe(true);
  });

  it('names unknown stops instead of showing an unexplained empty board', async () => {
    const ix = await indexOf(tc21);
    const b = boardAt(ix, { now: '2026-05-12T05:59:00Z', stopIds: ['NOPE'] });
    expect(b.noticeDetails).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'UNKNOWN_STOP', stopId: 'NOPE' })]));
  });
});
