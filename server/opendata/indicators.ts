// The county's Smart Region indicator 8 figures per local day (Europe/Prague, not UTC): accesses (Connects), portal
// views, departures and Open data views, dataset downloads, datasets published — from the sites' telemetry.
import { csvCell, localDay, type UsageRow } from './datasets.ts';

export interface CountLike { hour: string; key: string; n: number }

export interface DayIndicators {
  day: string;
  connects: number;
  portalViews: number;
  departuresViews: number;
  dataViews: number;
  downloads: number;
}

export function dailyIndicators(figures: UsageRow[], counts: CountLike[], tz = 'Europe/Prague'): { days: DayIndicators[]; downloads: { day: string; dataset: string; distribution: string; downloads: number }[] } {
  const days = new Map<string, DayIndicators>();
  const get = (day: string) => {
    let d = days.get(day);
    if (!d) days.set(day, (d = { day, connects: 0, portalViews: 0, departuresViews: 0, dataViews: 0, downloads: 0 }));
    return d;
  };
  for (const f of figures) {
    const d = get(localDay(Date.parse(f.hour), tz));
    d.connects += f.connects;
    d.portalViews += f.portalViews;
  }
  const per = new Map<string, { day: string; dataset: string; distribution: string; downloads: number }>();
  for (const c of counts) {
    const day = localDay(Date.parse(c.hour), tz);
    const d = get(day);
    if (c.key.startsWith('view:departures-')) d.departuresViews += c.n;
    else if (c.key.startsWith('view:data-')) d.dataViews += c.n;
    else if (c.key.startsWith('download:')) {
      d.downloads += c.n;
      const [dataset, distribution = ''] = c.key.slice('download:'.length).split('/');
      const k = `${day}\t${dataset}\t${distribution}`;
      const row = per.get(k) ?? { day, dataset, distribution, downloads: 0 };
      row.downloads += c.n;
      per.set(k, row);
    }
  }
  return {
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    downloads: [...per.values()].sort((a, b) => a.day.localeCompare(b.day) || a.dataset.localeCompare(b.dataset) || a.distribution.localeCompare(b.distribution)),
  };
}

export function indicatorsCsv(days: DayIndicators[], published: number, today: string): string {
  const head = ['local_day', 'connects', 'portal_views', 'departures_views', 'data_views', 'downloads', 'datasets_published'];
  const rows = days.map((d) => [d.day, d.connects, d.portalViews, d.departuresViews, d.dataViews, d.downloads, d.day === today ? published : '']);
  if (!days.some((d) => d.day === today)) rows.push([today, 0, 0, 0, 0, 0, published]);
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function downloadsCsv(rows: { day: string; dataset: string; distribution: string; downloads: number }[]): string {
  return [['local_day', 'dataset', 'distribution', 'downloads'], ...rows.map((r) => [r.day, r.dataset, r.distribution, r.downloads])].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
