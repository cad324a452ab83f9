// The admin UI's routes: parse and check the request, call a service, render a page. Every location route is
// guarded by requireLocation; county-wide actions by requireCountyAdmin.
import express, { Router, type Request, type Response } from 'express';
import cookieParser from 'cookie-parser';
import { LANGUAGES, type Lang } from '../platform/i18n.ts';
import type { I18n } from '../platform/i18n.ts';
import type { Privacy } from '../platform/privacy.ts';
import type { Renderer } from '../platform/render.ts';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { AdminErrors } from './errors.ts';
import type { HubApi } from '../hub/index.ts';
import { TOPICS, tileSchema, type County } from '../content/index.ts';
import { canAccessLocation, isCountyAdmin, visibleLocations, type Auth } from './auth.ts';
import type { Audit } from './audit.ts';
import { auditActionLabel } from './audit-labels.ts';
import type { Drafts, FieldIssue } from './drafts.ts';
import type { Feeds } from './feeds/feeds.ts';
import { figuresCsv, figuresFor, sitesFor, totalsByLocation, type FeedbackDay } from './fleet.ts';
import {
  SESSION_COOKIE,
  checkCsrf,
  cookieOptions,
  language,
  loadSession,
  locals,
  preSessionCsrf,
  renderPage,
  requireCountyAdmin,
  requireLocation,
  requireSession,
  safeNext,
  securityHeaders,
} from './http.ts';
import { isoToLocal } from './local-time.ts';
import { rewriteRootLinks, type Preview } from './preview.ts';
import type { Publisher } from './publish.ts';
import { SECTIONS, type Section } from './sections.ts';

/** a timetable feed's warning as the fleet page shows it */
export interface TimetableWarning { id: string; locations: string[]; warning: string | null; daysLeft: number | null; lastDate: string | null; lastError: { reason: string; file?: string; line?: number } | null }

export interface RouteDeps {
  auth: Auth;
  audit: Audit;
  drafts: Drafts;
  feeds: Feeds;
  preview: Preview;
  publisher: Publisher;
  hub: HubApi;
  /** accounts for the users screen (no password hashes) */
  users: () => { email: string; role: string; locations: string[] }[];
  render: Renderer;
  i18n: I18n;
  privacy: Privacy;
  secureCookies: boolean;
  now: () => number;
  sessionMaxAgeMs: number;
  /** feedback per site and day for the figures CSV (the feedback capability's inbox) */
  feedbackPerDay?: (q: { locations: string[] | null; locationId?: string; from?: number; to?: number }) => FeedbackDay[];
  /** the county signpost release file, so a preview shows the county-wide content as edited */
  county?: () => Record<string, Buffer>;
  /** the county signpost as edited at the hub (the location editor's county section lists its links) */
  countyDoc?: () => County;
  /** further admin pages behind the same sign-in, CSRF check and error page (the county signpost editor) */
  more?: Router[];
  /** the hub's timetable feeds that warrant a warning now (running out, ended, refresh failed), for the fleet page */
  timetableWarnings?: () => TimetableWarning[];
}

const ICONS = (tileSchema.shape.icon as unknown as { options: string[] }).options;

/** Translated message for a field's validation problem (zod issue → admin:validation.*). */
export function issueMessage(i18n: I18n, lang: Lang, issue: FieldIssue): string {
  const p = issue.params as { format?: string; minimum?: number; maximum?: number; expected?: string; origin?: string };
  const t = (k: string, v?: Record<string, unknown>) => i18n.t(lang, `admin:validation.${k}`, v);
  switch (issue.code) {
    case 'invalid_type':
      return p.expected === 'number' ? t('number') : t('required');
    case 'too_small':
      return p.origin === 'string' && p.minimum === 1 ? t('required') : p.origin === 'array' ? t('minItems', { min: p.minimum }) : t('min', { min: p.minimum });
    case 'too_big':
      return t('max', { max: p.maximum });
    case 'invalid_format':
      return p.format === 'url' ? t('url') : p.format === 'datetime' ? t('datetime') : t('pattern', { detail: issue.message });
    case 'invalid_value':
      return t('choice');
    case 'rule_after':
      return t('after');
    case 'rule_future':
      return t('future');
    default:
      return t('invalid', { detail: issue.message });
  }
}

/** The id of the form field that edits a location path (the forms name fields per section, see sections.ts). */
/** The id of a field in the location editor: `f-` and its data path (templates/admin/macros.njk `fid`). */
export function fieldAnchor(path: string): string {
  return 'f-' + path.replace(/\./g, '-');
}

/** Field label keys by the data path's shape (N = a row index), as the editor's template labels them. */
const FIELD_LABELS: [RegExp, string][] = [
  [/^names$/, 'content.name'],
  [/^terms\.summary$/, 'content.termsSummary'],
  [/^terms\.text$/, 'content.termsText'],
  [/^tiles\.N\.(id|icon|url|phone)$/, 'content.$1'],
  [/^tiles\.N\.title$/, 'content.tileTitle'],
  [/^tiles\.N\.text$/, 'content.tileText'],
  [/^tiles\.N$/, 'content.tile'],
  [/^announcements\.N\.text$/, 'content.announcementText'],
  [/^announcements\.N\.(validFrom|validTo|priority)$/, 'content.$1'],
  [/^announcements\.N$/, 'content.announcement'],
  [/^emergency\.text$/, 'content.emergencyText'],
  [/^emergency\.expires$/, 'content.expires'],
  [/^departures\.limit$/, 'content.limit'],
  [/^departures\.stations\.N\.(feed|stopIds)$/, 'content.$1'],
  [/^departures\.stations\.N$/, 'content.station'],
  [/^guestProfile\.(\w+)$/, 'guest.$1'],
  [/^tiles\.N\.topic$/, 'signpost:admin.field.topic'],
  [/^county\.links\.N\.(\w+)$/, 'signpost:admin.field.$1'],
  [/^county\.links\.N$/, 'signpost:admin.field.link'],
  [/^county\.(hide|order)(\.N)?$/, 'signpost:admin.$1'],
];

/**
 * The error summary names a field as the form does, in words ("Text mimořádného oznámení (Čeština), řádek 2"),
 * never by its code path; unknown shapes fall back to the path.
 */
export function fieldLabel(t: (key: string) => string, path: string): string {
  const parts = path.split('.');
  const lang = ['cs', 'en', 'de', 'pl'].includes(parts[parts.length - 1]) ? parts.pop()! : undefined;
  const row = parts.find((x) => /^\d+$/.test(x));
  const shape = parts.map((x) => (/^\d+$/.test(x) ? 'N' : x)).join('.');
  const hit = FIELD_LABELS.find(([re]) => re.test(shape));
  if (!hit) return path;
  const key = shape.replace(hit[0], hit[1]);
  let label = t(key.includes(':') ? key : 'admin:' + key);
  if (lang) label += ` (${t('admin:languages.' + lang)})`;
  if (row !== undefined) label += `, ${t('admin:content.row')} ${Number(row) + 1}`;
  return label;
}

/** What a preview passes through to the preview site: its public pages, never an operator API or /metrics. */
export function previewablePath(path: string): boolean {
  if (path === '/metrics' || path.startsWith('/metrics/')) return false;
  if (path.startsWith('/api/')) return /^\/api\/(departures(\.csv)?|captive)$/.test(path);
  return true;
}

export function createAdminRouter(d: RouteDeps): Router {
  const r = Router();
  const page = renderPage(d.render);
  const ip = (req: Request) => d.privacy.hashIp(req.ip ?? req.socket.remoteAddress ?? '');
  const actor = (res: Response) => locals(res).session!.user.email;
  const visible = (res: Response) => visibleLocations(locals(res).session!.user);
  const locationExists = (id: string) => !!d.drafts.get(id);

  r.use('/admin', securityHeaders, cookieParser(), express.urlencoded({ extended: true, limit: '512kb', parameterLimit: 5000 }), language(d.secureCookies), loadSession(d.auth), checkCsrf);

  r.get('/admin', (_req, res) => res.redirect(303, '/admin/locations'));

  r.get('/admin/sign-in', (req, res) => {
    if (locals(res).session) return res.redirect(303, safeNext(req.query.next));
    locals(res).csrf = preSessionCsrf(req, res, d.secureCookies);
    page(req, res, 'admin/sign-in.njk', { next: safeNext(req.query.next) });
  });

  r.post('/admin/sign-in', async (req, res) => {
    const email = typeof req.body.email === 'string' ? req.body.email : '';
    const password = typeof req.body.password === 'string' ? req.body.password : '';
    const result = await d.auth.signIn(email, password, ip(req));
    if (!result.ok) {
      locals(res).csrf = preSessionCsrf(req, res, d.secureCookies);
      if (result.retryAfterSeconds) res.set('retry-after', String(result.retryAfterSeconds));
      const minutes = Math.ceil((result.retryAfterSeconds ?? 0) / 60);
      page(req, res, 'admin/sign-in.njk', { next: safeNext(req.body.next), email, failure: result.reason, minutes, selfPath: '/admin/sign-in' }, result.reason === 'locked' ? 429 : 401);
      return;
    }
    res.clearCookie('peron_admin_csrf', { path: '/admin' });
    res.cookie(SESSION_COOKIE, result.sessionId, cookieOptions(d.secureCookies, d.sessionMaxAgeMs));
    res.redirect(303, safeNext(req.body.next));
  });

  r.use('/admin', requireSession);

  // Preview frames: an unguessable per-draft token AND a session of someone who may see that location (a leaked
  // link shows nothing); served under a CSP sandbox so the previewed page runs in an opaque origin, away from the
  // admin session. The preview site is reached over loopback, so its operator-only APIs would answer: only the
  // pages a traveller sees (and the public departures/captive APIs) are passed through.
  r.get(/^\/admin\/preview\/([A-Za-z0-9_-]{22})(\/.*)?$/, async (req, res, next) => {
    const params = req.params as unknown as Record<string, string | undefined>;
    const token = params[0] ?? '';
    const inst = d.preview.byToken(token);
    if (!inst) return next(new AppError(PlatformErrors.NOT_FOUND, 'preview expired'));
    if (!canAccessLocation(locals(res).session!.user, inst.locationId)) return next(new AppError(PlatformErrors.FORBIDDEN, `no access to location ${inst.locationId}`));
    const path = params[1] ?? '/';
    if (!previewablePath(path)) return next(new AppError(PlatformErrors.NOT_FOUND, 'not shown in a preview'));
    const rest = path + (req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '');
    try {
      const out = await d.preview.fetch(inst, rest);
      const prefix = `/admin/preview/${token}`;
      res.status(out.status);
      res.set({
        'content-type': out.contentType,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox allow-scripts; frame-ancestors 'self'",
      });
      if (out.location !== undefined) {
        // A redirect inside the preview site stays inside the preview; one that leaves it is not followed.
        if (out.location.startsWith('/')) res.set('location', prefix + out.location);
        res.send('');
        return;
      }
      res.send(out.contentType.includes('text/html') ? rewriteRootLinks(out.body.toString('utf8'), prefix) : out.body);
    } catch (err) {
      next(new AppError(AdminErrors.ADMIN_PREVIEW_FAILED, 'preview site did not answer', { cause: err }));
    }
  });

  r.post('/admin/sign-out', (_req, res) => {
    d.auth.signOut(locals(res).session!);
    res.clearCookie(SESSION_COOKIE, { path: '/admin' });
    res.redirect(303, '/admin/sign-in');
  });

  r.get('/admin/locations', (req, res) => {
    const user = locals(res).session!.user;
    const rows = d.drafts
      .list()
      .filter((x) => canAccessLocation(user, x.location.id))
      .map((x) => ({ draft: x, state: d.publisher.state(x.location.id, x.hash), last: d.publisher.lastGood(x.location.id) }));
    page(req, res, 'admin/locations.njk', { rows });
  });

  const guard = requireLocation(locationExists);

  function contentPage(req: Request, res: Response, id: string, opts: { candidate?: Record<string, unknown>; issues?: FieldIssue[]; section?: Section; saved?: string; conflict?: boolean }, status = 200) {
    const draft = d.drafts.get(id)!;
    const lang = locals(res).lang;
    const errors: Record<string, string> = {};
    for (const i of opts.issues ?? []) errors[i.path] ??= issueMessage(d.i18n, lang, i);
    const loc = (opts.candidate ?? draft.location) as Record<string, unknown>;
    page(
      req,
      res,
      'admin/location.njk',
      {
        draft,
        loc,
        errors,
        errorList: Object.entries(errors).map(([path, message]) => ({ path, message, anchor: fieldAnchor(path), label: fieldLabel((k) => d.i18n.t(lang, k), path) })),
        failedSection: opts.section,
        saved: opts.saved,
        conflict: opts.conflict,
        state: d.publisher.state(id, draft.hash),
        icons: ICONS,
        countyDoc: d.countyDoc?.() ?? { links: [], announcements: [] },
        topics: TOPICS,
        priorities: ['info', 'warning', 'important'],
        languages: LANGUAGES,
        local: (iso: string | undefined) => isoToLocal(iso, draft.location.timezone),
        selfPath: `/admin/locations/${id}`,
      },
      status,
    );
  }

  r.get('/admin/locations/:id', guard, (req, res) => {
    const saved = typeof req.query.saved === 'string' && (SECTIONS as readonly string[]).includes(req.query.saved) ? req.query.saved : undefined;
    contentPage(req, res, String(req.params.id), { saved });
  });

  r.post('/admin/locations/:id/publish', guard, async (req, res) => {
    const id = String(req.params.id);
    await d.publisher.publish(id, actor(res), ip(req));
    res.redirect(303, `/admin/locations/${id}/publication`);
  });

  r.get('/admin/locations/:id/publication', guard, (req, res) => {
    const id = String(req.params.id);
    const pub = d.publisher.last(id);
    page(req, res, 'admin/publication.njk', { draft: d.drafts.get(id), pub }, pub && !pub.row.ok ? 502 : 200);
  });

  r.get('/admin/locations/:id/preview', guard, async (req, res, next) => {
    const id = String(req.params.id);
    const draft = d.drafts.get(id)!;
    const lang = LANGUAGES.includes(req.query.show as Lang) ? (req.query.show as Lang) : locals(res).lang;
    const pageId = typeof req.query.page === 'string' ? req.query.page : 'portal';
    const display = pageId === 'portal' ? undefined : draft.location.displays.find((x) => x.id === pageId);
    if (pageId !== 'portal' && !display) return next(new AppError(AdminErrors.ADMIN_UNKNOWN_DISPLAY, `no display ${pageId}`));
    let inst;
    try {
      inst = await d.preview.instance(draft.location, { ...d.feeds.filesFor(id), ...d.county?.() });
    } catch (err) {
      return next(new AppError(AdminErrors.ADMIN_PREVIEW_FAILED, 'could not start the preview site', { cause: err }));
    }
    const sitePath = display ? `/kiosk/${encodeURIComponent(display.id)}?lang=${lang}` : `/?lang=${lang}`;
    let status = 0;
    let finalPath = sitePath;
    try {
      const r = await d.preview.fetchFinal(inst, sitePath);
      status = r.status;
      finalPath = r.path;
    } catch {
      status = 0;
    }
    page(req, res, 'admin/preview.njk', {
      draft,
      lang,
      showLang: lang,
      pageId,
      display,
      status,
      frameSrc: `/admin/preview/${inst.token}${sitePath}`,
      sitePath: finalPath,
      languages: draft.location.languages,
    });
  });

  r.post('/admin/locations/:id/:section', guard, (req, res, next) => {
    const id = String(req.params.id);
    const section = String(req.params.section) as Section;
    if (!(SECTIONS as readonly string[]).includes(section)) return next(new AppError(PlatformErrors.NOT_FOUND));
    const expected = Number(req.body._version);
    const result = d.drafts.save(id, section, req.body as Record<string, unknown>, expected, actor(res), ip(req));
    if (result.ok) {
      res.redirect(303, `/admin/locations/${id}?saved=${section}#${section}`);
      return;
    }
    contentPage(req, res, id, { candidate: result.candidate, issues: result.issues, section, conflict: result.conflict }, result.conflict ? 409 : 422);
  });

  r.get('/admin/audit', (req, res) => {
    const vis = visible(res);
    const locationId = typeof req.query.location === 'string' && req.query.location ? req.query.location : undefined;
    if (locationId && vis && !vis.includes(locationId)) throw new AppError(PlatformErrors.FORBIDDEN, `no access to location ${locationId}`);
    const beforeId = Number(req.query.before) || undefined;
    const raw = d.audit.list({ locationIds: vis, locationId, beforeId, limit: 100 });
    const lang = locals(res).lang;
    const names = new Map(d.drafts.list().map((x) => [x.location.id, x.location.names[lang] ?? x.location.names.cs]));
    const entries = raw.map((e) => ({ ...e, actionLabel: auditActionLabel((k) => d.i18n.t(lang, k), e.action), locationName: e.locationId ? (names.get(e.locationId) ?? e.locationId) : null }));
    const locations = [...names].filter(([id]) => !vis || vis.includes(id)).map(([id, name]) => ({ id, name }));
    page(req, res, 'admin/audit.njk', { entries, locations, locationId, nextBefore: raw.length === 100 ? raw[raw.length - 1].id : undefined });
  });

  function period(req: Request) {
    const day = (v: unknown, end = false) => {
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
      const ms = Date.parse(`${v}T00:00:00Z`);
      return Number.isFinite(ms) ? ms + (end ? 86_400_000 : 0) : undefined;
    };
    return { from: day(req.query.from), to: day(req.query.to, true), fromRaw: typeof req.query.from === 'string' ? req.query.from : '', toRaw: typeof req.query.to === 'string' ? req.query.to : '' };
  }

  r.get('/admin/fleet', (req, res) => {
    const vis = visible(res);
    const p = period(req);
    const sites = sitesFor(d.hub, vis);
    const totals = totalsByLocation(figuresFor(d.hub, vis, { from: p.from, to: p.to }));
    const locations = d.drafts.list().map((x) => x.location.id).filter((x) => !vis || vis.includes(x));
    const timetables = (d.timetableWarnings?.() ?? []).filter((w) => !vis || w.locations.some((l) => vis.includes(l)));
    page(req, res, 'admin/fleet.njk', { sites, totals, locations, p, now: d.now(), feeds: isCountyAdmin(locals(res).session!.user) ? d.feeds.status() : [], timetables });
  });

  r.get('/admin/fleet/figures.csv', (req, res) => {
    const vis = visible(res);
    const p = period(req);
    const locationId = typeof req.query.location === 'string' && req.query.location ? req.query.location : undefined;
    if (locationId && vis && !vis.includes(locationId)) throw new AppError(PlatformErrors.FORBIDDEN, `no access to location ${locationId}`);
    const csv = figuresCsv(figuresFor(d.hub, vis, { locationId, from: p.from, to: p.to }), d.feedbackPerDay?.({ locations: vis, locationId, from: p.from, to: p.to }) ?? []);
    res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="peron-figures${locationId ? '-' + locationId : ''}.csv"` });
    res.send('\uFEFF' + csv);
  });

  r.post('/admin/fleet/sites', requireCountyAdmin, (req, res) => {
    const siteId = typeof req.body.siteId === 'string' ? req.body.siteId.trim() : '';
    const locationId = typeof req.body.locationId === 'string' ? req.body.locationId : '';
    const errors: Record<string, string> = {};
    const lang = locals(res).lang;
    if (!/^[a-z0-9-]{1,64}$/.test(siteId)) errors.siteId = d.i18n.t(lang, 'admin:validation.pattern', { detail: 'a-z, 0-9, -' });
    if (!locationExists(locationId)) errors.locationId = d.i18n.t(lang, 'admin:validation.choice');
    let token: string | undefined;
    let failure: string | undefined;
    if (!Object.keys(errors).length) {
      try {
        token = d.hub.addSite(siteId, locationId).token;
        d.audit.record({ actor: actor(res), action: 'site.add', locationId, after: { siteId, locationId }, ipHash: ip(req) });
      } catch (err) {
        failure = (err as Error).message;
      }
    }
    page(req, res, 'admin/site-added.njk', { siteId, locationId, token, failure, errors, selfPath: '/admin/fleet' }, token ? 200 : failure ? 502 : 422);
  });

  r.get('/admin/users', requireCountyAdmin, (req, res) => {
    page(req, res, 'admin/users.njk', { users: d.users() });
  });

  r.get('/admin/feeds', requireCountyAdmin, (req, res) => {
    page(req, res, 'admin/feeds.njk', { feeds: d.feeds.status(), refreshed: req.query.refreshed });
  });

  r.post('/admin/feeds/:feed/refresh', requireCountyAdmin, async (req, res, next) => {
    const id = String(req.params.feed);
    if (!d.feeds.sources.some((s) => s.id === id)) return next(new AppError(PlatformErrors.NOT_FOUND));
    await d.feeds.refresh(id);
    d.audit.record({ actor: actor(res), action: 'feed.refresh', after: { feed: id, error: d.feeds.status().find((f) => f.source.id === id)?.error ?? null }, ipHash: ip(req) });
    res.redirect(303, `/admin/feeds?refreshed=${encodeURIComponent(id)}`);
  });

  for (const more of d.more ?? []) r.use(more);

  r.use('/admin', (err: unknown, req: Request, res: Response, next: (e?: unknown) => void) => {
    if (!(err instanceof AppError) || res.headersSent) return next(err);
    const l = locals(res);
    if (!l.lang) return next(err);
    page(req, res, 'admin/error.njk', { status: err.status, code: err.code, message: d.i18n.t(l.lang, err.key), selfPath: '/admin/locations' }, err.status);
  });

  return r;
}
