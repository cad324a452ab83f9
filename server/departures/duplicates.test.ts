// Two feeds publishing the same journeys (DPMLJ's tram 11 and the national data's 545011) give one row per journey.
import { describe, expect, it } from 'vitest';
import { feedFiles, indexOf } from '../../test/helpers/departures-feeds.ts';
import { computeBoard } from './board.ts';
import type { DuplicateRule } from './duplicates.ts';
import type { FeedIndex } from './station-index.ts';
import { createI18n } from '../platform/i18n.ts';

const i18n = createI18n();
const spec = {
  calendar: ['D,1,1,1,1,1,1,1,20260101,20261231'],
  trips: ['R11,D,T1,Jablonec n.N.,0,1', 'R11,D,T2,Jablonec n.N.,0,1', 'R3,D,T3,Viadukt,0,1'],
  stopTimes: ['T1,08:00:00,08:00:00,P1,1,0,0,', 'T1,08:30:00,08:30:00,Z,2,0,0,', 'T2,08:15:00,08:15:00,P1,1,0,0,', 'T2,08:45:00,08:45:00,Z,2,0,0,', 'T3,08:05:00,08:05:00,P2,1,0,0,', 'T3,08:20:00,08:20:00,Y,2,0,0,'],
};

async function feeds(): Promise<[FeedIndex, FeedIndex]> {
  const city = await indexOf(spec, 'dpmlj');
  // the national copy: other ids everywhere, the line renamed 545011, the stop called differently, T2 not in it
  const nat = feedFiles({ ...spec, trips: ['N11,D,CIS1,Jablonec n.N.,0,1', 'N3,D,CIS3,Viadukt,0,1'], stopTimes: ['CIS1,08:00:00,08:00:00,Q,1,0,0,', 'CIS1,08:30:00,08:30:00,Z,2,0,0,', 'CIS3,08:40:00,08:40:00,Q,1,0,0,', 'CIS3,08:55:00,08:55:00,Y,2,0,0,'], extraStops: ['Q,Liberec žel.st.,0,,,0'] });
  nat['routes.txt'] = 'route_id,agency_id,route_short_name,route_long_name,route_type\nN11,A,545011,Liberec – Jablonec,0\nN3,A,545003,Horní Hanychov – Viadukt,0\n';
  return [city, await indexOf(nat, 'cz-bus')];
}

function board(ixs: FeedIndex[], duplicates?: DuplicateRule) {
  return computeBoard(
    { indexes: new Map(ixs.map((i) => [i.feed, i])), overlay: () => ({ overlay: null, configured: false, fresh: false }), importErrors: new Map(), dataVersion: 1 },
    { now: Date.parse('2026-05-04T05:55:00Z'), tz: 'Europe/Prague', stations: [{ feed: 'dpmlj', stopIds: ['ST'] }, { feed: 'cz-bus', stopIds: ['Q'] }], limit: 20, windowMinutes: 120, lookbackMinutes: 0, expiryWarningDays: 3, t: (k, v) => i18n.t('cs', k, v), lang: 'cs', duplicates },
  );
}

const rule: DuplicateRule = { prefer: [{ feed: 'dpmlj', modes: ['tram', 'bus'] }], lineAliases: [{ feed: 'cz-bus', pattern: '^5450*(\\d+)$', replace: '$1' }] };

describe('the cross-feed duplicate rule', () => {
  it('shows a journey published by both feeds once, from the preferred feed, and keeps journeys only one feed has', async () => {
    const b = board(await feeds(), rule);
    expect(b.departures.map((d) => [d.feed, d.line.shortName, d.scheduled.slice(11, 16)])).toEqual([
      ['dpmlj', '11', '08:00'], ['dpmlj', '3', '08:05'], ['dpmlj', '11', '08:15'], ['cz-bus', '545003', '08:40'],
    ]);
  });

  it('takes the national copy when the operator prefers that feed for the line', async () => {
    const b = board(await feeds(), { ...rule, prefer: [{ feed: 'cz-bus', lines: ['11'] }, ...rule.prefer] });
    expect(b.departures.filter((d) => d.scheduled.slice(11, 16) === '08:00').map((d) => [d.feed, d.tripId])).toEqual([['cz-bus', 'CIS1']]);
  });

  it('keeps both rows without a rule, and never merges journeys that only share a stop name and a time', async () => {
    expect(board(await feeds()).departures).toHaveLength(5);
    const [city, nat] = await feeds();
    const noAlias = board([city, nat], { prefer: rule.prefer, lineAliases: [] });
    expect(noAlias.departures).toHaveLength(5);
  });
});
