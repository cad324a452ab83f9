// What the /data pages show, computed once per dataset build and language (never per request): the list entry, the
// charts with their tables and the station plan. Keyed on the ServedDataset object, which a rebuild or a new release
// replaces, so a new build is picked up without any explicit invalidation.
import type { Lang } from '../platform/i18n.ts';
import type { I18n } from '../platform/i18n.ts';
import { barChart, chartsFor, parseCsv, stationPlan, type ChartData, type PlanPoint } from './charts.ts';
import { MEDIA_TYPES } from './datasets.ts';
import type { ServedDataset } from './site.ts';

export interface DatasetView {
  slug: string;
  title: string;
  description: string;
  themes: string[];
  frequency: string;
  origin: ServedDataset['origin'];
  scope: ServedDataset['def']['scope'];
  updated: string;
  updatedIso: string;
  files: { name: string; title: string; format: string; mediaType: string; size: string; rows: number; url: string }[];
  service: { url: string; openapi: string; title: string } | null;
  preview: ServedDataset['preview'];
  sources: string[];
  terms: ServedDataset['terms'] | null;
}

export interface DatasetPage {
  view: DatasetView;
  charts: (ChartData & { svg: string })[];
  plan: { svg: string; title: string; points: PlanPoint[] } | null;
}

function fmtSize(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function viewOf(d: ServedDataset, lang: Lang, updatedFmt: Intl.DateTimeFormat): DatasetView {
  return {
    slug: d.slug,
    title: d.def.title[lang],
    description: d.def.description[lang],
    themes: d.def.themes,
    frequency: d.def.frequency,
    origin: d.origin,
    scope: d.def.scope,
    updated: updatedFmt.format(new Date(d.builtAt)),
    updatedIso: new Date(d.builtAt).toISOString(),
    files: d.files.map((f) => ({ name: f.name, title: f.title[lang], format: f.format, mediaType: MEDIA_TYPES[f.format], size: fmtSize(f.body.length), rows: f.rows, url: `/data/${d.slug}/${f.name}` })),
    service: d.def.service ? { url: `${d.def.service.path}?lang=${lang}`, openapi: d.def.service.openapi, title: d.def.service.title[lang] } : null,
    preview: d.preview,
    sources: d.sources ?? [],
    terms: d.terms ?? null,
  };
}

function planOf(rows: string[][], lang: Lang, i18n: I18n): DatasetPage['plan'] {
  const [head, ...data] = rows;
  if (!head) return null;
  const c = (n: string) => head.indexOf(n);
  const points = data
    .filter((r) => r[c('stop_lat')] !== '' && r[c('stop_lon')] !== '')
    .map((r) => ({ id: r[c('stop_id')], name: r[c('stop_name')], label: r[c('platform_code')] || r[c('stop_id')], lat: Number(r[c('stop_lat')]), lon: Number(r[c('stop_lon')]), station: r[c('location_type')] === '1' }));
  const title = i18n.t(lang, 'opendata:plan.title');
  return { svg: stationPlan(points, title, i18n.t(lang, 'opendata:plan.desc')), title, points };
}

export function createDatasetPages(o: { i18n: I18n; now: () => number; onBuild?: () => void }) {
  const pages = new WeakMap<ServedDataset, Map<string, DatasetPage>>();
  const csvRows = new WeakMap<ServedDataset, string[][]>();
  const lists = new WeakMap<ServedDataset[], Map<string, DatasetView[]>>();
  let builds = 0;

  const rowsOf = (d: ServedDataset): string[][] => {
    let rows = csvRows.get(d);
    if (!rows) {
      const csv = d.files.find((f) => f.format === 'CSV');
      rows = csv ? parseCsv(csv.body.toString('utf8')) : [];
      csvRows.set(d, rows);
    }
    return rows;
  };
  const fmt = (lang: Lang, tz: string) => new Intl.DateTimeFormat(lang, { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' });

  return {
    /** The dataset page's parts in one language; built on the first request after a build, then reused. */
    page(d: ServedDataset, lang: Lang, tz: string): DatasetPage {
      const key = `${lang}\t${tz}`;
      let byLang = pages.get(d);
      if (!byLang) pages.set(d, (byLang = new Map()));
      let p = byLang.get(key);
      if (!p) {
        builds++;
        o.onBuild?.();
        const rows = rowsOf(d);
        p = {
          view: viewOf(d, lang, fmt(lang, tz)),
          charts: chartsFor(d.slug, rows, lang, o.i18n, tz, o.now()).map((c) => ({ ...c, svg: barChart(c) })),
          plan: d.slug === 'zastavky-a-nastupiste' ? planOf(rows, lang, o.i18n) : null,
        };
        byLang.set(key, p);
      }
      return p;
    },
    /** The list entries of one list (SiteDatasets.list() returns the same array until something is rebuilt). */
    list(all: ServedDataset[], lang: Lang, tz: string): DatasetView[] {
      const key = `${lang}\t${tz}`;
      let byLang = lists.get(all);
      if (!byLang) lists.set(all, (byLang = new Map()));
      let views = byLang.get(key);
      if (!views) {
        builds++;
        o.onBuild?.();
        const f = fmt(lang, tz);
        views = all.map((d) => viewOf(d, lang, f));
        byLang.set(key, views);
      }
      return views;
    },
    /** how many page parts were computed (a second request for the same build and language adds none) */
    builds: () => builds,
  };
}
export type DatasetPages = ReturnType<typeof createDatasetPages>;
