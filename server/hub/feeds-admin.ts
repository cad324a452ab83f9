// The admin page of the county feed profile, /admin/timetables (county administrators only; /admin/feeds is the
// news and event feeds): every timetable feed with its source, licence note, locations, last success, next refresh,
// days of service left and last error; "refresh now" (POST, CSRF checked by the admin UI, audited) queues a refresh.
import { Router, type Request, type Response } from 'express';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import type { FeedStatus } from './feed-status.ts';

/** YYYY-MM-DD → "1. 6. 2008" (the admin UI's date style) */
const day = (d: string | null) => (d ? d.replace(/^(\d{4})-?(\d\d)-?(\d\d)$/, (_, y: string, m: string, dd: string) => `${Number(dd)}. ${Number(m)}. ${y}`) : null);

export interface FeedsAdminHooks {
  user(res: Response): { email: string; role: string } | undefined;
  page(req: Request, res: Response, template: string, ctx?: Record<string, unknown>, status?: number): void;
  audit(e: { actor: string; action: string; after?: unknown }): void;
  locations(): { id: string; name: string }[];
}

export function createFeedsAdminRouter(o: { status: () => FeedStatus[]; refresh: (id: string) => Promise<unknown>; hooks: FeedsAdminHooks; log: Logger }): Router {
  const r = Router();
  const countyAdmin = (res: Response) => {
    const u = o.hooks.user(res);
    if (!u) throw new AppError(PlatformErrors.UNAUTHORIZED, 'sign in first');
    if (u.role !== 'county-admin') throw new AppError(PlatformErrors.FORBIDDEN, 'the timetable feeds are for county administrators');
    return u;
  };

  r.get('/admin/timetables', (req, res) => {
    countyAdmin(res);
    const name = new Map(o.hooks.locations().map((l) => [l.id, l.name]));
    const feeds = o.status().map((f) => ({ ...f, where: f.locations.map((l) => name.get(l) ?? l).join(', '), url: /^https?:\/\//.test(f.source), firstDay: day(f.firstDate), lastDay: day(f.lastDate) }));
    const queued = typeof req.query.queued === 'string' && feeds.some((f) => f.id === req.query.queued) ? req.query.queued : null;
    o.hooks.page(req, res, 'admin/timetables.njk', { feeds, queued });
  });

  r.post('/admin/timetables/:feed/refresh', (req, res) => {
    const u = countyAdmin(res);
    const id = String(req.params.feed);
    if (!o.status().some((f) => f.id === id)) throw new AppError(PlatformErrors.NOT_FOUND, `no timetable feed "${id}"`);
    o.hooks.audit({ actor: u.email, action: 'timetable.refresh', after: { feed: id } });
    o.refresh(id).catch((err: unknown) => o.log.error({ err, feed: id }, 'feed refresh crashed'));
    res.redirect(303, `/admin/timetables?queued=${encodeURIComponent(id)}`);
  });

  return r;
}
