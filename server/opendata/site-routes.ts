// The site's Open data section: /data (the list), /data/<slug> (one dataset: files, preview, chart) and
// /data/<slug>/<file> (the download, from memory with a strong ETag). No JavaScript; cs/en/de/pl.
import { Router, type Request, type Response } from 'express';
import type { Counter } from 'prom-client';
import type { ContentService } from '../content/index.ts';
import { pick } from '../content/index.ts';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { negotiateLang, type Lang } from '../platform/i18n.ts';
import type { I18n } from '../platform/i18n.ts';
import type { Renderer } from '../platform/render.ts';
import { MEDIA_TYPES } from './datasets.ts';
import { sendDatasetFile } from './send.ts';
import type { ServedDataset, SiteDatasets } from './site.ts';
import { barChart, chartFor, parseCsv, stationPlan, type PlanPoint } from './charts.ts';

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function fmtSize(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function createOpendataSiteRouter(o: { datasets: SiteDatasets; content: ContentService; render: Renderer; i18n: I18n; onDownload: (dataset: string, distribution: string) => void; views: Counter<'page'>; openapi: () => unknown }) {
  const r = Router();
  const langOf = (req: Request): Lang => negotiateLang({ explicit: req.query.lang, acceptLanguage: req.headers['accept-language'], allowed: o.content.current().location.languages });
  const page = (req: Request, res: Response, name: string, ctx: Record<string, unknown>) => {
    const lang = langOf(req);
    const loc = o.content.current().location;
    res.set({ 'cache-control': 'no-cache', 'content-security-policy': PAGE_CSP });
    res.type('html').send(
      o.render.render(name, lang, {
        ...ctx,
        location: { name: pick(loc.names, lang), accent: loc.branding.accent },
        langs: loc.languages.map((l) => ({ code: l, url: `${req.path}?lang=${l}`, current: l === lang })),
        tz: loc.timezone,
      }),
    );
  };
  const view = (d: ServedDataset, lang: Lang, tz: string) => ({
    slug: d.slug,
    title: d.def.title[lang],
    description: d.def.description[lang],
    themes: d.def.themes,
    frequency: d.def.frequency,
    origin: d.origin,
    scope: d.def.scope,
    updated: new Intl.DateTimeFormat(lang, { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(d.builtAt)),
    updatedIso: new Date(d.builtAt).toISOString(),
    files: d.files.map((f) => ({ name: f.name, title: f.title[lang], format: f.format, mediaType: MEDIA_TYPES[f.format], size: fmtSize(f.body.length), rows: f.rows, url: `/data/${d.slug}/${f.name}` })),
    service: d.def.service ? { url: `${d.def.service.path}?lang=${lang}`, openapi: d.def.service.openapi, title: d.def.service.title[lang] } : null,
    preview: d.preview,
    sources: d.sources ?? [],
  });

  r.get('/data', (req, res) => {
    o.views.inc({ page: 'list' });
    const lang = langOf(req);
    const tz = o.content.current().location.timezone;
    const all = o.datasets.list().map((d) => view(d, lang, tz));
    page(req, res, 'opendata/list.njk', { station: all.filter((d) => d.scope === 'location'), county: all.filter((d) => d.scope === 'county') });
  });
  r.get('/data/odjezdy-7-dni/openapi.json', (_req, res) => {
    res.set({ 'access-control-allow-origin': '*' }).type('application/json').send(JSON.stringify(o.openapi(), null, 1));
  });
  r.get('/data/:slug', (req, res, next) => {
    const d = o.datasets.get(String(req.params.slug));
    if (!d) return next(new AppError(PlatformErrors.NOT_FOUND));
    o.views.inc({ page: 'dataset' });
    const lang = langOf(req);
    const tz = o.content.current().location.timezone;
    const chart = chartFor(d, lang, o.i18n);
    let plan: { svg: string; title: string; points: PlanPoint[] } | null = null;
    if (d.slug === 'zastavky-a-nastupiste') {
      const [head, ...rows] = parseCsv(d.files[0].body.toString('utf8'));
      const c = (n: string) => head.indexOf(n);
      const points = rows
        .filter((r) => r[c('stop_lat')] !== '' && r[c('stop_lon')] !== '')
        .map((r) => ({ id: r[c('stop_id')], name: r[c('stop_name')], label: r[c('platform_code')] || r[c('stop_id')], lat: Number(r[c('stop_lat')]), lon: Number(r[c('stop_lon')]), station: r[c('location_type')] === '1' }));
      const title = o.i18n.t(lang, 'opendata:plan.title');
      plan = { svg: stationPlan(points, title, o.i18n.t(lang, 'opendata:plan.desc')), title, points };
    }
    page(req, res, 'opendata/dataset.njk', { d: view(d, lang, tz), chart: chart ? { ...chart, svg: barChart(chart) } : null, plan });
  });
  r.get('/data/:slug/:file', (req, res, next) => {
    const slug = String(req.params.slug), name = String(req.params.file);
    const d = o.datasets.get(slug);
    const f = d?.files.find((x) => x.name === name);
    if (!d || !f) return next(new AppError(PlatformErrors.NOT_FOUND));
    if (sendDatasetFile(req, res, f)) o.onDownload(slug, name);
  });
  return r;
}
