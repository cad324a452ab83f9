import { describe, expect, it } from 'vitest';
import type { FigureRow } from '../hub/types.ts';
import { figuresCsv, totalsByLocation } from './fleet.ts';

const row = (siteId: string, locationId: string, hour: string, n: number, displaysUp = 1): FigureRow => ({
  siteId, locationId, hour, portalViews: 3 * n, connects: n, radiusAccepts: n, radiusRejects: 1, acctRecords: 2 * n, acctInputOctets: 10 * n, acctOutputOctets: 1000 * n, displaysUp,
});

describe('fleet figures', () => {
  const rows = [row('a-1', 'a', '2026-11-30T08:00:00Z', 2), row('a-2', 'a', '2026-11-30T09:00:00Z', 5, 2), row('b-1', 'b', '2026-11-30T08:00:00Z', 1)];

  it('totals each location over its sites and hours, download being the octets towards the guest', () => {
    expect(totalsByLocation(rows)).toEqual([
      { locationId: 'a', portalViews: 21, connects: 7, radiusAccepts: 7, radiusRejects: 2, sessions: 14, downloadBytes: 7000, uploadBytes: 70 },
      { locationId: 'b', portalViews: 3, connects: 1, radiusAccepts: 1, radiusRejects: 1, sessions: 2, downloadBytes: 1000, uploadBytes: 10 },
    ]);
    expect(rows[0].portalViews).toBe(6); // the input rows are not changed by the totals
  });

  it('sums a site\'s hours into one CSV row per day and keeps the most displays seen up at once', () => {
    const csv = figuresCsv([row('a-1', 'a', '2026-11-30T08:00:00Z', 2, 1), row('a-1', 'a', '2026-11-30T09:00:00Z', 3, 2)]).trim().split('\r\n');
    expect(csv[1]).toBe('2026-11-30,a,a-1,15,5,5,2,10,5000,50,2,0');
  });

  it('adds feedback per site and day, also on a day without other figures', () => {
    const csv = figuresCsv([row('a-1', 'a', '2026-11-30T08:00:00Z', 2, 1)], [
      { siteId: 'a-1', locationId: 'a', day: '2026-11-30', n: 3 },
      { siteId: 'a-1', locationId: 'a', day: '2026-12-01', n: 1 },
    ]).trim().split('\r\n');
    expect(csv[0].endsWith(',displays_up,feedback')).toBe(true);
    expect(csv[1].endsWith(',3')).toBe(true);
    expect(csv[2]).toBe('2026-12-01,a,a-1,0,0,0,0,0,0,0,0,1');
  });
});
