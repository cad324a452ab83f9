// The Wi-Fi charts of the dataset page: by hour of day and by local day (last 30 days, Europe/Prague calendar days,
// zero days shown), from the published CSV's rows; the table under each chart holds the same figures.
import { describe, expect, it } from 'vitest';
import { createI18n } from '../platform/i18n.ts';
import { buildWifiUsage, type UsageRow } from './datasets.ts';
import { chartsFor, parseCsv } from './charts.ts';

const i18n = createI18n();
const row = (hour: string, connects: number): UsageRow => ({ locationId: 'liberec-hlavni-nadrazi', hour, portalViews: 1, connects, radiusAccepts: 0, acctRecords: 0, acctInputOctets: 0, acctOutputOctets: 0, displaysUp: 0 });

describe('Wi-Fi use charts', () => {
  const now = Date.parse('2026-11-02T10:00:00Z');
  const csv = buildWifiUsage([row('2026-09-01T10:00:00Z', 50), row('2026-10-24T22:30:00Z', 3), row('2026-10-25T06:00:00Z', 4), row('2026-10-25T07:00:00Z', 1), row('2026-11-01T23:00:00Z', 2)], now).files[0];
  const charts = chartsFor('wifi-vyuziti', parseCsv(csv.body.toString('utf8')), 'en', i18n, 'Europe/Prague', now);

  it('by day: the 30 local days up to today, zero days included, rows older than 30 days left out', () => {
    const byDay = charts.find((c) => c.title === 'Wi-Fi connects by day (30 days)')!;
    expect(byDay.labels).toHaveLength(30);
    expect(byDay.labels[0]).toBe('10-04');
    expect(byDay.labels[29]).toBe('11-02');
    const v = (label: string) => byDay.series[0].values[byDay.labels.indexOf(label)];
    // 22:30 UTC on 24 Oct is 00:30 on 25 Oct in Prague (CEST); 25 Oct is the 25-hour DST day
    expect(v('10-24')).toBe(0);
    expect(v('10-25')).toBe(8);
    // 23:00 UTC on 1 Nov is 2 Nov (CET)
    expect(v('11-01')).toBe(0);
    expect(v('11-02')).toBe(2);
    expect(byDay.series[0].values.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('by hour of day: local hours over the same 30 days', () => {
    const byHour = charts.find((c) => c.title === 'Wi-Fi connects by hour of day (30 days)')!;
    expect(byHour.labels).toHaveLength(24);
    expect(byHour.series[0].values[0]).toBe(5); // 00:30 CEST and 00:00 CET
    expect(byHour.series[0].values[7]).toBe(4); // 06:00 UTC is 07:00 CET on 25 Oct (after the change at 01:00 UTC)
    expect(byHour.series[0].values.reduce((a, b) => a + b, 0)).toBe(10);
  });
});
