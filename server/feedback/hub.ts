// The hub's feedback inbox: intake from the sites' outbox, the admin screens (list, message, status, assignment,
// public answer, internal note, CSV), each action audited; an editor reaches only their locations' messages on
// every route; messages (with their e-mail addresses) are purged after the retention.
import { FeedbackErrors } from './errors.ts';
import { repeat } from '../platform/repeat.ts';
import { Router, type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import type { BaseDeps, Capability } from '../platform/capability.ts';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { LANGUAGES, negotiateLang, type Lang } from '../platform/i18n.ts';
import { REF, STATUSES, TOPICS, type FeedbackConfig } from './config.ts';
import { createHubFeedbackStore, type HubFeedbackRow } from './hub-store.ts';
import { csvCell } from '../platform/csv.ts';

interface AdminUser {
  email: string;
  role: string;
  locations: string[];
}

/** What the admin UI lends the inbox: its session (already loaded and CSRF-checked on /admin), rendering, audit. */
export interface AdminHooks {
  user(res: Response): AdminUser | undefined;
  page(req: Request, res: Response, template: string, ctx?: Record<string, unknown>, status?: number): void;
  audit(e: { actor: string; action: string; locationId?: string | null; before?: unknown; after?: unknown }): void;
  users(): AdminUser[];
  lang(res: Response): Lang;
}

export interface FeedbackHubDeps extends BaseDeps {
  config: { feedback: FeedbackConfig };
  admin: AdminHooks;
  /** the location a site serves, as the hub registered it (never what the site claims) */
  siteLocation(siteId: string): string | undefined;
}

const DAY = 86_400_000;
const MAX_TEXT = 10_000;

const intakeSchema = z.strictObject({
  cursor: z.number().int().nonnegative(),
  items: z
    .array(
      z.strictObject({
        ref: z.string().regex(REF),
        topic: z.enum(TOPICS),
        text: z.string().min(1).max(MAX_TEXT * 4),
        email: z.string().max(320).nullable(),
        page: z.string().max(300).nullable(),
        lang: z.enum(['cs', 'en', 'de', 'pl']),
        createdAt: z.number().int().nonnegative(),
      }),
    )
    .max(500),
});

const canSee = (u: AdminUser, locationId: string) => u.role === 'county-admin' || u.locations.includes(locationId);

/** A CSV cell: quoted when needed, and a leading = + - @ defused so a spreadsheet never runs it (OWASP CSV injection). */
export function createFeedbackHub(deps: FeedbackHubDeps) {
  const log = deps.log.child({ cap: 'feedback' });
  const store = createHubFeedbackStore(deps.db);
  const { admin } = deps;

  /** Outbox intake: store the site's new messages, answer with the status changes it has not seen. */
  function intake(siteId: string, payload: unknown) {
    const p = intakeSchema.safeParse(payload);
    if (!p.success) {
      const i = p.error.issues[0];
      throw new AppError(PlatformErrors.BAD_REQUEST, `feedback.${i.path.join('.')}: ${i.message}`);
    }
    const location = deps.siteLocation(siteId);
    if (!location) throw new AppError(PlatformErrors.BAD_REQUEST, `site ${siteId} has no location`);
    const added = store.intake(siteId, location, p.data.items, deps.clock.now());
    if (added) log.info({ siteId, added }, 'feedback received');
    const updates = store.updatesFor(siteId, p.data.cursor);
    return {
      received: p.data.items.length,
      cursor: updates.length ? updates[updates.length - 1].update_seq : p.data.cursor,
      updates: updates.map((u) => ({ ref: u.ref, status: u.status, answer: u.answer, answeredAt: u.answered_at })),
    };
  }

  const r = Router();
  const userOf = (res: Response) => {
    const u = admin.user(res);
    if (!u) throw new AppError(PlatformErrors.UNAUTHORIZED, 'sign in first');
    return u;
  };
  const visible = (u: AdminUser) => (u.role === 'county-admin' ? null : u.locations);
  /** Every message route: the message exists and the user may handle its location (403, not a hint that it exists elsewhere). */
  const message = (req: Request, res: Response): { u: AdminUser; m: HubFeedbackRow } => {
    const u = userOf(res);
    const id = Number(req.params.id);
    const m = Number.isInteger(id) ? store.byId(id) : undefined;
    if (!m) throw new AppError(PlatformErrors.NOT_FOUND, 'no such message');
    if (!canSee(u, m.location_id)) throw new AppError(PlatformErrors.FORBIDDEN, `no access to location ${m.location_id}`);
    return { u, m };
  };
  const filters = (req: Request, u: AdminUser) => {
    const status = typeof req.query.status === 'string' && (STATUSES as readonly string[]).includes(req.query.status) ? req.query.status : undefined;
    const location = typeof req.query.location === 'string' && req.query.location ? req.query.location : undefined;
    if (location && !canSee(u, location)) throw new AppError(PlatformErrors.FORBIDDEN, `no access to location ${location}`);
    return { status, location };
  };

  // The hub's own statement (its public surface is the admin sign-in); no feedback form lives at the hub.
  r.get('/accessibility', (req, res) => {
    const lang = negotiateLang({ explicit: req.query.lang, acceptLanguage: req.headers['accept-language'] });
    const langs = LANGUAGES.map((code) => ({ code, href: `/accessibility?lang=${code}`, current: code === lang }));
    res.set({ 'content-type': 'text/html; charset=utf-8', 'content-language': lang, 'cache-control': 'no-store' })
      .send(deps.render.render('feedback/accessibility.njk', lang, { name: deps.i18n.t(lang, 'feedback:a11y.hubName'), langs, path: '/accessibility', hub: true }));
  });

  r.get('/admin/feedback', (req, res) => {
    const u = userOf(res);
    const f = filters(req, u);
    const items = store.list({ locations: visible(u), ...f });
    admin.page(req, res, 'admin/feedback.njk', { items, f, statuses: STATUSES, csvQuery: new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString() });
  });

  r.get('/admin/feedback.csv', (req, res) => {
    const u = userOf(res);
    const f = filters(req, u);
    const cols: [keyof HubFeedbackRow, string][] = [
      ['ref', 'reference'], ['site_id', 'site_id'], ['location_id', 'location_id'], ['created_at', 'created_utc'], ['topic', 'topic'], ['status', 'status'],
      ['assignee', 'assignee'], ['lang', 'lang'], ['page', 'page'], ['text', 'text'], ['email', 'email'], ['answer', 'answer'], ['note', 'note'],
    ];
    const rows = store.list({ locations: visible(u), ...f, limit: -1 }); // the export is complete, not the inbox's first page
    const iso = (ms: number) => new Date(ms).toISOString();
    const lines = [cols.map(([, h]) => h).join(','), ...rows.map((row) => cols.map(([k]) => csvCell(k === 'created_at' ? iso(row[k]) : row[k])).join(','))];
    admin.audit({ actor: u.email, action: 'feedback.export', after: { rows: rows.length, ...f } });
    res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="peron-feedback.csv"' }).send('\uFEFF' + lines.join('\r\n') + '\r\n');
  });

  r.get('/admin/feedback/:id', (req, res) => {
    const { m } = message(req, res);
    const editors = admin.users().filter((x) => canSee(x, m.location_id));
    admin.page(req, res, 'admin/feedback-item.njk', { m, editors, statuses: STATUSES, saved: req.query.saved === '1' });
  });

  r.post('/admin/feedback/:id', (req, res) => {
    const { u, m } = message(req, res);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
    const action = str(b.action, 20);
    let patch: Parameters<typeof store.change>[1];
    if (action === 'status') {
      const s = str(b.status, 20);
      if (!(STATUSES as readonly string[]).includes(s)) throw new AppError(PlatformErrors.BAD_REQUEST, `status: one of ${STATUSES.join(', ')}`);
      patch = { status: s };
    } else if (action === 'assign') {
      const a = str(b.assignee, 320);
      if (a && !admin.users().some((x) => x.email === a && canSee(x, m.location_id))) throw new AppError(PlatformErrors.BAD_REQUEST, `assignee: ${a} is not an editor of ${m.location_id}`);
      patch = { assignee: a || null, status: m.status === 'new' ? 'in-progress' : m.status };
    } else if (action === 'answer') {
      const a = str(b.answer, MAX_TEXT).trim();
      if (!a) throw new AppError(PlatformErrors.BAD_REQUEST, 'answer: empty');
      patch = { answer: a, answered_at: deps.clock.now(), status: 'answered' };
    } else if (action === 'note') {
      patch = { note: str(b.note, MAX_TEXT) };
    } else throw new AppError(PlatformErrors.BAD_REQUEST, 'action: status, assign, answer or note');
    store.change(m.id, patch);
    admin.audit({ actor: u.email, action: `feedback.${action}`, locationId: m.location_id, before: { ref: m.ref, status: m.status }, after: { ref: m.ref, ...patch } });
    res.redirect(303, `/admin/feedback/${m.id}?saved=1`);
  });

  r.use('/admin/feedback', (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof AppError) || res.headersSent || !admin.user(res)) return next(err);
    const lang = admin.lang(res);
    admin.page(req, res, 'admin/error.njk', { status: err.status, code: err.code, message: deps.i18n.t(lang, err.key), selfPath: '/admin/feedback' }, err.status);
  });

  const purge = repeat('feedback purge', 3_600_000, () => {
    const n = store.purge(deps.clock.now() - deps.config.feedback.retentionDays * DAY);
    if (n) {
      log.info({ purged: n }, 'feedback past retention deleted');
      admin.audit({ actor: 'system', action: 'feedback.purge', after: { purged: n, retentionDays: deps.config.feedback.retentionDays } });
    }
  }, log);
  const capability: Capability = { name: 'feedback', errors: FeedbackErrors, router: r, start: () => purge.start(), stop: () => purge.stop() };
  return { capability, intake, store, purge, perDay: store.perDay };
}
