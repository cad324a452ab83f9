// Server-rendered SVG bar charts (no JavaScript) with their text alternative: a title, a description and the
// same figures as a data table beside the chart (WCAG 1.1.1). Used on dataset pages and the hub indicators page.
import type { I18n, Lang } from '../platform/i18n.ts';
import { localDate } from '../platform/time-zone.ts';

export interface ChartData {
  title: string;
  description: string;
  /** x labels */
  labels: string[];
  /** one or more series over the labels (stacked) */
  series: { name: string; values: number[]; color: string }[];
  /** table column header of the label column */
  labelHeader: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function barChart(c: ChartData, width = 640, height = 220): string {
  const pad = { l: 40, r: 8, t: 10, b: 34 };
  const n = c.labels.length || 1;
  const totals = c.labels.map((_, i) => c.series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const bw = (width - pad.l - pad.r) / n;
  const y = (v: number) => pad.t + (height - pad.t - pad.b) * (1 - v / max);
  const id = `c${Math.abs([...c.title].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 7))}`;
  const bars: string[] = [];
  c.labels.forEach((_, i) => {
    let acc = 0;
    for (const s of c.series) {
      const v = s.values[i] ?? 0;
      if (v <= 0) continue;
      bars.push(`<rect x="${(pad.l + i * bw + 1).toFixed(1)}" y="${y(acc + v).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${(y(acc) - y(acc + v)).toFixed(1)}" fill="${s.color}"/>`);
      acc += v;
    }
  });
  const step = Math.ceil(n / 12);
  const xl = c.labels.map((l, i) => (i % step === 0 ? `<text x="${(pad.l + i * bw + bw / 2).toFixed(1)}" y="${height - pad.b + 16}" text-anchor="middle">${esc(l)}</text>` : '')).join('');
  const axis = `<line x1="${pad.l}" y1="${height - pad.b}" x2="${width - pad.r}" y2="${height - pad.b}" stroke="#333"/><text x="${pad.l - 4}" y="${pad.t + 10}" text-anchor="end">${max}</text><text x="${pad.l - 4}" y="${height - pad.b}" text-anchor="end">0</text>`;
  const legend = c.series.length > 1 ? c.series.map((s, i) => `<rect x="${pad.l + i * 110}" y="${height - 12}" width="10" height="10" fill="${s.color}"/><text x="${pad.l + i * 110 + 14}" y="${height - 3}">${esc(s.name)}</text>`).join('') : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}t ${id}d" font-size="11" font-family="system-ui,sans-serif" fill="#1a1a1a"><title id="${id}t">${esc(c.title)}</title><desc id="${id}d">${esc(c.description)}</desc>${axis}${bars.join('')}${xl}${legend}</svg>`;
}

/** RFC 4180 rows of a CSV we built ourselves (quotes doubled, fields may hold commas and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') q = false;
      else field += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; }
    else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
const MODE_COLORS: Record<string, string> = { rail: '#1b5faa', bus: '#b5121b', tram: '#2e7d32', trolleybus: '#6a1b9a', other: '#555555' };

/** The charts of a dataset page from its CSV rows (header first), computed once per build (dataset-pages.ts). */
export function chartsFor(slug: string, csv: string[][], lang: Lang, i18n: I18n, tz: string, now: number): ChartData[] {
  const t = (k: string, v?: Record<string, unknown>) => i18n.t(lang, `opendata:${k}`, v);
  const [head, ...rows] = csv;
  if (!head) return [];
  const col = (name: string) => head.indexOf(name);
  if (slug === 'odjezdy-7-dni') {
    const mode = col('mode'), scheduled = col('scheduled');
    const perMode = new Map<string, number[]>();
    for (const r of rows) {
      const h = Number(r[scheduled].slice(11, 13));
      let v = perMode.get(r[mode]);
      if (!v) perMode.set(r[mode], (v = HOURS.map(() => 0)));
      if (h >= 0 && h < 24) v[h]++;
    }
    const series = [...perMode.keys()].sort().map((m) => ({ name: i18n.t(lang, `opendata:mode.${m}`, { defaultValue: m }), color: MODE_COLORS[m] ?? '#555555', values: perMode.get(m)! }));
    return [{ title: t('chart.departuresTitle'), description: t('chart.departuresDesc'), labels: HOURS, series, labelHeader: t('chart.hour') }];
  }
  if (slug === 'wifi-vyuziti') {
    const hourFmt = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' });
    const since = now - 30 * 86_400_000;
    const hourUtc = col('hour_utc'), connects = col('connects');
    const byHour = HOURS.map(() => 0);
    for (const r of rows) {
      const at = Date.parse(r[hourUtc]);
      if (!(at >= since)) continue;
      byHour[Number(hourFmt.format(new Date(at))) % 24] += Number(r[connects]) || 0;
    }
    return [
      { title: t('chart.wifiTitle'), description: t('chart.wifiDesc'), labels: HOURS, series: [{ name: t('chart.connects'), values: byHour, color: '#0b4f8a' }], labelHeader: t('chart.hour') },
      wifiByDay(rows, col('local_day'), connects, tz, now, t),
    ];
  }
  return [];
}

/** Connects per local day over the last 30 days, today included; days without a row show 0. */
function wifiByDay(rows: string[][], dayCol: number, connectsCol: number, tz: string, now: number, t: (k: string) => string): ChartData {
  const [y, m, d] = localDate(now, tz).split('-').map(Number);
  // calendar days, not 24 h steps (a DST day has 23 or 25 hours)
  const days = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(y, m - 1, d - 29 + i)).toISOString().slice(0, 10));
  const index = new Map(days.map((d, i) => [d, i]));
  const values = days.map(() => 0);
  for (const r of rows) {
    const i = index.get(r[dayCol]);
    if (i !== undefined) values[i] += Number(r[connectsCol]) || 0;
  }
  return { title: t('chart.wifiDayTitle'), description: t('chart.wifiDayDesc'), labels: days.map((x) => x.slice(5)), series: [{ name: t('chart.connects'), values, color: '#0b4f8a' }], labelHeader: t('chart.day') };
}

export interface PlanPoint { id: string; label: string; name: string; lat: number; lon: number; station: boolean }

/** A tile-free station plan: stops and platforms from the GTFS coordinates, north up, a scale bar and labels; each
 * platform is an anchor target (#plan-<stop_id>) the departures page can link to. */
export function stationPlan(points: PlanPoint[], title: string, description: string, width = 640, height = 360): string {
  if (!points.length) return '';
  const lat0 = points.reduce((a, p) => a + p.lat, 0) / points.length;
  const mx = 111_320 * Math.cos((lat0 * Math.PI) / 180), my = 110_540; // metres per degree
  const xs = points.map((p) => p.lon * mx), ys = points.map((p) => p.lat * my);
  const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
  const pad = 40;
  const span = Math.max(maxX - minX, maxY - minY, 50);
  const k = Math.min((width - 2 * pad) / span, (height - 2 * pad - 30) / span);
  const X = (x: number) => pad + (x - minX) * k, Y = (y: number) => height - pad - 30 - (y - minY) * k;
  const nice = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000].find((m) => m * k >= 60) ?? 5000;
  const marks = points.map((p, i) => {
    const x = X(xs[i]).toFixed(1), y = Y(ys[i]).toFixed(1);
    return p.station
      ? `<g id="plan-${esc(p.id)}"><rect x="${Number(x) - 6}" y="${Number(y) - 6}" width="12" height="12" fill="#1a1a1a"/><text x="${x}" y="${Number(y) - 10}" text-anchor="middle" font-weight="700">${esc(p.name)}</text></g>`
      : `<g id="plan-${esc(p.id)}"><circle cx="${x}" cy="${y}" r="9" fill="#0b4f8a"/><text x="${x}" y="${Number(y) + 4}" text-anchor="middle" fill="#fff" font-weight="700">${esc(p.label)}</text></g>`;
  });
  const sb = `<g><line x1="${pad}" y1="${height - 20}" x2="${pad + nice * k}" y2="${height - 20}" stroke="#1a1a1a" stroke-width="3"/><text x="${pad}" y="${height - 6}">0</text><text x="${pad + nice * k}" y="${height - 6}" text-anchor="middle">${nice} m</text></g>`;
  const north = `<g><path d="M${width - 24} 14 l8 22 h-16 z" fill="#1a1a1a"/><text x="${width - 24}" y="50" text-anchor="middle" font-weight="700">N</text></g>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="plant pland" font-size="12" font-family="system-ui,sans-serif" fill="#1a1a1a"><title id="plant">${esc(title)}</title><desc id="pland">${esc(description)}</desc>${north}${marks.join('')}${sb}</svg>`;
}
