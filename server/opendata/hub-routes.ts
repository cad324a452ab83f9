// The hub's LKOD ("DCAT-AP Dokumenty"): GET /lkod/katalog.jsonld, one JSON-LD record per dataset at its IRI, and the
// files the records point to under /data/<slug>/<file>. CORS open for GET/HEAD/OPTIONS (NKOD, the lkod-validator).
import { Router, type Request, type Response } from 'express';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { CatalogUrlError, checkPublicUrl } from './dcat.ts';
import type { HubDatasets } from './hub.ts';
import type { IndexEntry } from './release-item.ts';
import { sendDatasetFile } from './send.ts';
import type { RecordValidator } from './validate.ts';
import { requireAdmin } from '../platform/admin-auth.ts';
import { negotiateLang } from '../platform/i18n.ts';
import type { I18n } from '../platform/i18n.ts';
import type { Renderer } from '../platform/render.ts';
import { barChart } from './charts.ts';
import { localDay, type UsageRow } from './datasets.ts';
import { dailyIndicators, downloadsCsv, indicatorsCsv, type CountLike } from './indicators.ts';

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, HEAD, OPTIONS', 'access-control-allow-headers': 'Accept, Accept-Language, If-None-Match' };

export interface IndicatorDeps {
  figures: () => UsageRow[];
  counts: () => CountLike[];
  now: () => number;
  render: Renderer;
  i18n: I18n;
  adminToken?: string;
}

export function createLkodRouter(o: { datasets: HubDatasets; validator: RecordValidator; publicUrl: string; development: boolean; indicators?: IndicatorDeps }) {
  const r = Router();
  if (o.indicators) {
    const ind = o.indicators;
    const guard = requireAdmin(ind.adminToken);
    const compute = () => dailyIndicators(ind.figures(), ind.counts());
    r.get('/indicators.csv', guard, (_req, res) => {
      const { days } = compute();
      res.type('text/csv; charset=utf-8').attachment('peron-indicators.csv').send(indicatorsCsv(days, o.datasets.records().length, localDay(ind.now())));
    });
    r.get('/indicators/downloads.csv', guard, (_req, res) => {
      res.type('text/csv; charset=utf-8').attachment('peron-downloads.csv').send(downloadsCsv(compute().downloads));
    });
    r.get('/indicators', guard, (req, res) => {
      const lang = negotiateLang({ explicit: req.query.lang, acceptLanguage: req.headers['accept-language'] });
      const t = (k: string) => ind.i18n.t(lang, `opendata:ind.${k}`);
      const { days, downloads } = compute();
      const chart = {
        title: t('chartTitle'),
        description: t('chartDesc'),
        labels: days.map((d) => d.day.slice(5)),
        series: [
          { name: t('connects'), values: days.map((d) => d.connects), color: '#0b4f8a' },
          { name: t('downloads'), values: days.map((d) => d.downloads), color: '#b5121b' },
        ],
        labelHeader: t('day'),
      };
      res.set({ 'cache-control': 'no-cache' });
      res.type('html').send(
        ind.render.render('opendata/indicators.njk', lang, {
          location: { accent: '#0b4f8a' },
          langs: (['cs', 'en', 'de', 'pl'] as const).map((l) => ({ code: l, url: `/indicators?lang=${l}`, current: l === lang })),
          published: o.datasets.records().length,
          days,
          downloads,
          chart: { ...chart, svg: barChart(chart) },
        }),
      );
    });
  }
  const bodies = new WeakMap<object, string>();
  const sendLd = (res: Response, doc: Record<string, unknown>) => {
    let body = bodies.get(doc);
    if (body === undefined) bodies.set(doc, (body = JSON.stringify(doc, null, 1)));
    res.set({ ...CORS, 'content-type': 'application/ld+json; charset=utf-8', 'cache-control': 'public, max-age=300' });
    res.send(body);
  };
  const guard = (res: Response): boolean => {
    try {
      checkPublicUrl(o.publicUrl, o.development);
      return true;
    } catch (err) {
      if (!(err instanceof CatalogUrlError)) throw err;
      res.status(503).set(CORS).type('text/plain; charset=utf-8').send(`The catalogue is not published: ${err.message}\n`);
      return false;
    }
  };
  r.options(['/lkod/*path', '/data/*path'], (_req, res) => {
    res.status(204).set(CORS).end();
  });
  // the catalogue is checked once per change: catalog() returns the same object until a build or new settings
  const checked = new WeakMap<object, ReturnType<RecordValidator['catalog']>>();
  const checkedCatalog = () => {
    const cat = o.datasets.catalog();
    let problems = checked.get(cat);
    if (!problems) checked.set(cat, (problems = o.validator.catalog(cat)));
    return { cat, problems };
  };
  r.get('/lkod/katalog.jsonld', (_req, res) => {
    if (!guard(res)) return;
    const { cat, problems } = checkedCatalog();
    if (problems.length && !o.development) {
      res.status(503).set(CORS).type('text/plain; charset=utf-8').send(`The catalogue does not validate: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}\n`);
      return;
    }
    sendLd(res, cat);
  });
  r.get('/lkod/datove-sady/:slug', (req, res, next) => {
    if (!guard(res)) return;
    const rec = o.datasets.record(String(req.params.slug));
    if (!rec) return next(new AppError(PlatformErrors.NOT_FOUND));
    sendLd(res, rec);
  });
  r.get('/data/:slug/:file', (req: Request, res, next) => {
    const slug = String(req.params.slug), name = String(req.params.file);
    const meta = o.datasets.meta(slug);
    const f = meta?.files.find((x) => x.name === name);
    const row = f ? o.datasets.file(slug, name) : undefined;
    if (!f || !row) return next(new AppError(PlatformErrors.NOT_FOUND));
    sendDatasetFile(req, res, { name, format: f.format, body: row.body, sha256: row.sha256 });
  });
  return r;
}

export type { IndexEntry };
