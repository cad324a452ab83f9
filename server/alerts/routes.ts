// HTTP of county alerts at the hub: the sites' pull (GET /api/sync/alerts, site credential, ETag by seq) and the
// admin page /admin/alerts (county administrators only; forms without JavaScript, CSRF checked by the admin UI).
import { Router, type Request, type Response } from 'express';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { ALERTS_PATH, SEVERITIES } from '../protocol/index.ts';
import { AlertErrors } from './errors.ts';
import { MAX_LIVE } from './hub.ts';
import type { CapFeedStatus } from './cap-feed.ts';
import type { AlertsHub } from './hub.ts';

export interface AlertsAdminHooks {
  user(res: Response): { email: string; role: string } | undefined;
  page(req: Request, res: Response, template: string, ctx?: Record<string, unknown>, status?: number): void;
  locations(): { id: string; name: string }[];
}

/** the confirmations /admin/alerts?done= may show; any other value is ignored */
const DONE = ['issued', 'ended'];

export const DURATIONS = [15, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320];

export function createAlertsRouter(hub: AlertsHub, o: { authenticate: (authorization: string | undefined) => string | null; admin: AlertsAdminHooks; maxHours: number; capStatus?: () => CapFeedStatus[] }): Router {
  const r = Router();

  r.get(ALERTS_PATH, (req, res, next) => {
    if (!o.authenticate(req.headers.authorization)) return next(new AppError(PlatformErrors.UNAUTHORIZED, 'site credential required'));
    const { seq, body } = hub.envelope();
    const etag = `"alerts-${seq}"`;
    res.set({ ETag: etag, 'Cache-Control': 'no-cache' });
    if (req.headers['if-none-match'] === etag) return res.status(304).end();
    res.type('application/json').send(body);
  });

  const countyAdmin = (res: Response) => {
    const u = o.admin.user(res);
    if (!u) throw new AppError(PlatformErrors.UNAUTHORIZED, 'sign in first');
    if (u.role !== 'county-admin') throw new AppError(PlatformErrors.FORBIDDEN, 'county alerts are for county administrators');
    return u;
  };
  const show = (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) => {
    const locations = o.admin.locations();
    const name = new Map(locations.map((l) => [l.id, l.name]));
    const view = (a: ReturnType<AlertsHub['recent']>[number]) => ({ ...a, where: a.locations === 'all' ? null : a.locations.map((l) => name.get(l) ?? l).join(', ') });
    o.admin.page(req, res, 'admin/alerts.njk', {
      live: hub.live().map(view),
      recent: hub.recent().map(view),
      locations,
      severities: SEVERITIES,
      durations: DURATIONS.filter((m) => m <= o.maxHours * 60),
      form: { severity: 'severe', minutes: 60, scope: 'all', chosen: [] },
      done: typeof req.query.done === 'string' && DONE.includes(req.query.done) ? req.query.done : null,
      capFeeds: o.capStatus?.() ?? [],
      ...extra,
    }, status);
  };

  r.get('/admin/alerts', (req, res) => {
    countyAdmin(res);
    show(req, res);
  });

  r.post('/admin/alerts', (req, res) => {
    const u = countyAdmin(res);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const chosen = ([] as unknown[]).concat(b.location ?? []).filter((x): x is string => typeof x === 'string');
    const input = { cs: b.cs, en: b.en, de: b.de, pl: b.pl, severity: b.severity, minutes: b.minutes, locations: b.scope === 'chosen' ? chosen : 'all' };
    try {
      hub.issue(input, u.email);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== AlertErrors.ALERT_INVALID) throw err;
      return show(req, res, { error: err.message, limit: err.details?.field === 'limit' ? MAX_LIVE : null, errorField: String(err.details?.field ?? 'form').split('.')[0], form: { ...b, scope: b.scope === 'chosen' ? 'chosen' : 'all', chosen } }, 422);
    }
    res.redirect(303, '/admin/alerts?done=issued');
  });

  r.post('/admin/alerts/:id/end', (req, res) => {
    const u = countyAdmin(res);
    hub.end(String(req.params.id), u.email);
    res.redirect(303, '/admin/alerts?done=ended');
  });

  return r;
}
