// The hub's LKOD ("DCAT-AP Dokumenty"): GET /lkod/katalog.jsonld, one JSON-LD record per dataset at its IRI, and the
// files the records point to under /data/<slug>/<file>. The Turtle variant: the same URLs with Accept: text/turtle,
// or /lkod/katalog.ttl and /lkod/datove-sady/<slug>.ttl. CORS open for GET/HEAD/OPTIONS (NKOD, the lkod-validator).
import { Router, type Request, type Response } from 'express';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { CatalogUrlError, checkPublicUrl } from './dcat.ts';
import type { HubDatasets } from './hub.ts';
import type { IndexEntry } from './release-item.ts';
import { sendDatasetFile } from './send.ts';
import { createJsonLdToRdf, toTurtle } from './rdf.ts';
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
  // each document serialised once per change, as JSON-LD or Turtle (the records are the same objects until a build)
  const rdf = createJsonLdToRdf();
  const bodies = { ld: new WeakMap<object, string>(), ttl: new WeakMap<object, string>() };
  const serialise = (doc: Record<string, unknown>, as: 'ld' | 'ttl'): string => {
    let body = bodies[as].get(doc);
    if (body === undefined) bodies[as].set(doc, (body = as === 'ld' ? JSON.stringify(doc, null, 1) : toTurtle(rdf.triples(doc), rdf.prefixes)));
    return body;
  };
  /** JSON-LD unless the URL ends in .ttl or the client prefers text/turtle (NKOD sends no Accept: JSON-LD). */
  const wantsTurtle = (req: Request, ttlUrl: boolean) => ttlUrl || req.accepts(['application/ld+json', 'application/json', 'text/turtle']) === 'text/turtle';
  const sendLd = (req: Request, res: Response, doc: Record<string, unknown>, ttlUrl = false) => {
    const ttl = wantsTurtle(req, ttlUrl);
    res.set({ ...CORS, 'content-type': ttl ? 'text/turtle; charset=utf-8' : 'application/ld+json; charset=utf-8', 'cache-control': 'public, max-age=300' });
    if (!ttlUrl) res.vary('Accept');
    res.send(serialise(doc, ttl ? 'ttl' : 'ld'));
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
  r.get(['/lkod/katalog.jsonld', '/lkod/katalog.ttl'], (req, res) => {
    if (!guard(res)) return;
    const { cat, problems } = checkedCatalog();
    if (problems.length && !o.development) {
      res.status(503).set(CORS).type('text/plain; charset=utf-8').send(`The catalogue does not validate: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}\n`);
      return;
    }
    sendLd(req, res, cat, req.path.endsWith('.ttl'));
  });
  r.get('/lkod/datove-sady/:slug', (req, res, next) => {
    if (!guard(res)) return;
    const param = String(req.params.slug);
    const ttlUrl = param.endsWith('.ttl');
    const rec = o.datasets.record(ttlUrl ? param.slice(0, -4) : param);
    if (!rec) return next(new AppError(PlatformErrors.NOT_FOUND));
    sendLd(req, res, rec, ttlUrl);
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
