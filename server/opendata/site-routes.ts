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
import { sendDatasetFile } from './send.ts';
import type { SiteDatasets } from './site.ts';
import type { DatasetPages } from './dataset-pages.ts';

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function createOpendataSiteRouter(o: { datasets: SiteDatasets; content: ContentService; render: Renderer; i18n: I18n; onDownload: (dataset: string, distribution: string) => void; views: Counter<'page'>; openapi: () => unknown; pages: DatasetPages }) {
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
  r.get('/data', (req, res) => {
    o.views.inc({ page: 'list' });
    const lang = langOf(req);
    const tz = o.content.current().location.timezone;
    const all = o.pages.list(o.datasets.list(), lang, tz);
    page(req, res, 'opendata/list.njk', { station: all.filter((d) => d.scope === 'location'), county: all.filter((d) => d.scope === 'county') });
  });
  const openapi = JSON.stringify(o.openapi(), null, 1);
  r.get('/data/odjezdy-7-dni/openapi.json', (_req, res) => {
    res.set({ 'access-control-allow-origin': '*' }).type('application/json').send(openapi);
  });
  r.get('/data/:slug', (req, res, next) => {
    const d = o.datasets.get(String(req.params.slug));
    if (!d) return next(new AppError(PlatformErrors.NOT_FOUND));
    o.views.inc({ page: 'dataset' });
    const lang = langOf(req);
    const tz = o.content.current().location.timezone;
    const p = o.pages.page(d, lang, tz);
    page(req, res, 'opendata/dataset.njk', { d: p.view, charts: p.charts, plan: p.plan });
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
