// HTTP routes of departures: GET /api/departures (JSON), /api/departures.csv, and the phone page /departures.
import { readableAccent } from '../platform/colour.ts';
import { Router, type Request, type Response } from 'express';
import { Counter } from 'prom-client';
import { METRICS } from '../platform/metric-names.ts';
import type { BaseDeps } from '../platform/capability.ts';
import type { ContentService } from '../content/index.ts';
import { pick } from '../content/index.ts';
import { negotiateLang, type Lang } from '../platform/i18n.ts';
import { boardCsv, boardJson } from './api-format.ts';
import type { DeparturesEngine } from './engine.ts';
import { parseBoardQuery } from './query.ts';
import { phoneRow } from './row-view.ts';
import { localHm } from './time.ts';
import { MODES, type Departure } from './types.ts';
import type { CountyAlertView } from '../protocol/index.ts';

export interface RoutesDeps extends BaseDeps {
  content: ContentService;
  engine: DeparturesEngine;
  /** the county-wide alert in force here (shown when the location has no emergency message of its own) */
  countyAlert?: () => CountyAlertView | null;
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function createDeparturesRouter(deps: RoutesDeps): Router {
  const r = Router();
  /** the location's own emergency message wins; else the county alert; never one past its expiry */
  const emergencyOf = (lang: Lang, tz: string) => {
    const now = deps.clock.now();
    const own = deps.content.current().location.emergency;
    if (own && Date.parse(own.expires) > now) return { text: pick(own.text, lang), until: localHm(Date.parse(own.expires), tz), county: false };
    const c = deps.countyAlert?.();
    return c && c.expires > now ? { text: c.text[lang] ?? c.text.cs, until: localHm(c.expires, tz), county: true } : null;
  };
  const langOf = (req: Request): Lang => {
    const loc = deps.content.current().location;
    return negotiateLang({ explicit: req.query.lang, acceptLanguage: req.headers['accept-language'], allowed: loc.languages });
  };

  // counted for the county's indicators (issue 10); the sync agent sends the hourly deltas
  const views = new Counter({ name: METRICS.departuresViews, help: 'departures page and API responses', labelNames: ['kind'] as const, registers: [deps.metrics] });
  r.get('/api/departures', (req: Request, res: Response) => {
    views.inc({ kind: 'api' });
    const q = parseBoardQuery(req.query);
    const board = deps.engine.service.board({ ...q, lang: langOf(req) });
    res.set('Cache-Control', 'public, max-age=15');
    res.set('Access-Control-Allow-Origin', '*');
    res.json(boardJson(board, deps.engine.status()));
  });

  r.get('/api/departures.csv', (req: Request, res: Response) => {
    views.inc({ kind: 'csv' });
    const q = parseBoardQuery(req.query);
    const board = deps.engine.service.board({ ...q, lang: langOf(req) });
    res.set('Cache-Control', 'public, max-age=15');
    res.set('Content-Disposition', 'inline; filename="departures.csv"');
    res.type('text/csv; charset=utf-8; header=present').send(boardCsv(board));
  });

  r.get('/departures', (req: Request, res: Response) => {
    views.inc({ kind: 'page' });
    const lang = langOf(req);
    const q = parseBoardQuery(req.query);
    const loc = deps.content.current().location;
    const board = deps.engine.service.board({ ...q, lang });
    const tz = loc.timezone;
    const t = deps.i18n.fixedT(lang);
    const rows = board.departures.map((d: Departure) => phoneRow(d, { timezone: tz, t, lang }));
    const self = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string' && k !== 'refresh' && k !== 'lang') self.set(k, v);
    const withParams = (extra: Record<string, string>) => {
      const p = new URLSearchParams(self);
      for (const [k, v] of Object.entries(extra)) p.set(k, v);
      return '/departures?' + p.toString();
    };
    res.set('Cache-Control', 'no-cache');
    res.set('Content-Security-Policy', PAGE_CSP);
    res.set('X-Content-Type-Options', 'nosniff');
    res.type('html').send(
      deps.render.render('departures/page.njk', lang, {
        location: { name: pick(loc.names, lang), accent: readableAccent(loc.branding.accent) },
        board,
        rows,
        refresh: q.refresh,
        refreshUrl: withParams({ lang, refresh: q.refresh ? '0' : '1' }),
        langs: loc.languages.map((l) => ({ code: l, url: withParams({ lang: l, ...(q.refresh ? { refresh: '1' } : {}) }), current: l === lang })),
        filters: { lines: (q.lines ?? []).join(', '), mode: q.modes?.[0] ?? '', at: typeof req.query.at === 'string' ? req.query.at : '', stops: typeof req.query.stops === 'string' ? req.query.stops : '' },
        modes: MODES.filter((m) => m !== 'other'),
        at: localHm(Date.parse(board.at), tz),
        atIsNow: !q.at,
        arrivals: q.kind === 'arrivals',
        emergency: emergencyOf(lang, tz),
      }),
    );
  });
  return r;
}
