// The site's feedback form (/feedback) and status page (/feedback/<ref>): no JavaScript, no cookies; a signed form
// token against CSRF, a honeypot and a per-client limit; stored (fsync) before the reference is shown, then
// delivered to the hub as a part of the sync outbox, which also brings back the hub's status and public answer.
import { repeat } from '../platform/repeat.ts';
import express, { Router, type Request, type Response } from 'express';
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { ContentService } from '../content/index.ts';
import { createFormTokens } from '../captive/index.ts';
import { AppError } from '../platform/errors.ts';
import { FeedbackErrors } from './errors.ts';
import { negotiateLang, type Lang } from '../platform/i18n.ts';
import { createRateLimiter } from '../platform/rate-limit.ts';
import type { OutboxPart } from '../sync/index.ts';
import { REF, STATUSES, TOPICS, type FeedbackConfig } from './config.ts';
import { createSiteFeedbackStore } from './site-store.ts';

export interface FeedbackSiteDeps extends BaseDeps {
  config: { feedback: FeedbackConfig; http: { trustProxy: boolean } };
  content: ContentService;
}

export { REF } from './config.ts';
const TOKEN_SCOPE = 'feedback-form';
const DAY = 86_400_000;

export interface FeedbackForm {
  topic: string;
  text: string;
  email: string;
  consent: boolean;
  from: string;
}

/** Only a path of this site may be recorded as "the page it came from". */
export function safeFrom(v: unknown): string {
  return typeof v === 'string' && /^\/[A-Za-z0-9\-._~/?=&%]{0,200}$/.test(v) && !v.startsWith('//') ? v : '';
}

/** Field problems of a submitted form (keys name the fields), empty when it may be stored. */
export function checkForm(f: FeedbackForm, maxChars: number): Record<string, string> {
  const issues: Record<string, string> = {};
  if (!(TOPICS as readonly string[]).includes(f.topic)) issues.topic = 'topic';
  const n = [...f.text.trim()].length;
  if (n === 0) issues.text = 'textEmpty';
  else if ([...f.text].length > maxChars) issues.text = 'textLong';
  if (f.email && !/^[^\s@<>]{1,64}@[^\s@<>]{1,190}\.[^\s@<>]{2,}$/.test(f.email)) issues.email = 'email';
  if (f.email && !f.consent) issues.consent = 'consent';
  return issues;
}

export function createFeedbackSite(deps: FeedbackSiteDeps) {
  const cfg = deps.config.feedback;
  const log = deps.log.child({ cap: 'feedback' });
  const store = createSiteFeedbackStore(deps.db);
  const tokens = createFormTokens(deps.privacy);
  const limiter = createRateLimiter(cfg.rateLimitPerMinute);
  let nudge: () => void = () => undefined;

  const langOf = (req: Request, explicit?: unknown): Lang =>
    negotiateLang({ explicit, acceptLanguage: req.headers['accept-language'], allowed: deps.content.current().location.languages as Lang[] });
  const ipOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? '';
  const view = (lang: Lang, path: string) => {
    const loc = deps.content.current().location;
    const name = (loc.names as Record<string, string>)[lang] ?? (loc.names as Record<string, string>).cs;
    return { name, path, langs: loc.languages.map((code) => ({ code, href: `${path}${path.includes('?') ? '&' : '?'}lang=${code}`, current: code === lang })) };
  };
  const send = (res: Response, status: number, lang: Lang, html: string) =>
    res.status(status).set({ 'content-type': 'text/html; charset=utf-8', 'content-language': lang, 'cache-control': 'no-store' }).send(html);

  const renderForm = (req: Request, res: Response, lang: Lang, f: FeedbackForm, issues: Record<string, string> = {}, status = 200, error?: string) => {
    const token = tokens.issue(ipOf(req), TOKEN_SCOPE, deps.clock.now());
    send(res, status, lang, deps.render.render('feedback/form.njk', lang, { ...view(lang, '/feedback'), f, issues, token, topics: TOPICS, maxChars: cfg.maxChars, count: [...f.text].length, error }));
  };

  const router = Router();
  router.get('/feedback', (req, res) => {
    const lang = langOf(req, req.query.lang);
    renderForm(req, res, lang, { topic: '', text: '', email: '', consent: false, from: safeFrom(req.query.from) });
  });

  router.post('/feedback', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 20 }), (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const lang = langOf(req, b.lang);
    const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
    const f: FeedbackForm = { topic: str(b.topic, 40), text: str(b.text, cfg.maxChars * 4), email: str(b.email, 320).trim(), consent: b.consent === 'yes', from: safeFrom(b.from) };
    const now = deps.clock.now();
    const ip = ipOf(req);
    if (!limiter.allow(deps.privacy.hashIp(ip), now)) return renderForm(req, res, lang, f, {}, 429, deps.i18n.t(lang, 'common:errors.RATE_LIMITED'));
    if (!tokens.verify(b.t, ip, TOKEN_SCOPE, now)) return renderForm(req, res, lang, f, {}, 403, deps.i18n.t(lang, 'feedback:errors.FEEDBACK_FORM_EXPIRED'));
    // The honeypot is hidden from people (and from assistive technology); a bot fills it. Nothing is stored.
    if (typeof b.website === 'string' && b.website !== '') {
      log.info('feedback honeypot filled; not stored');
      return renderForm(req, res, lang, f, {}, 422, deps.i18n.t(lang, 'feedback:errors.FEEDBACK_INVALID'));
    }
    const issues = checkForm(f, cfg.maxChars);
    if (Object.keys(issues).length) return renderForm(req, res, lang, f, issues, 422);
    const year = new Date(now).getUTCFullYear();
    const ref = store.add(cfg.refPrefix, year, { topic: f.topic, text: f.text, email: f.email || null, page: f.from || null, lang, created_at: now });
    log.info({ ref }, 'feedback stored');
    nudge();
    res.set('cache-control', 'no-store').redirect(303, `/feedback/${ref}?lang=${lang}&sent=1`);
  });

  router.get('/accessibility', (req, res) => {
    const lang = langOf(req, req.query.lang);
    send(res, 200, lang, deps.render.render('feedback/accessibility.njk', lang, { ...view(lang, '/accessibility'), hub: false }));
  });

  router.get('/feedback/:ref', (req, res, next) => {
    const lang = langOf(req, req.query.lang);
    const ref = String(req.params.ref);
    const row = REF.test(ref) ? store.byRef(ref) : undefined;
    if (!row) return next(new AppError(FeedbackErrors.FEEDBACK_NOT_FOUND, `no feedback ${ref}`));
    const status = (STATUSES as readonly string[]).includes(row.status) ? row.status : 'new';
    send(res, 200, lang, deps.render.render('feedback/status.njk', lang, { ...view(lang, `/feedback/${ref}`), ref, status, answer: row.answer, sent: req.query.sent === '1', delivered: row.delivered === 1 }));
  });

  /** The outbox part: new messages, and a request for status changes while any message is still open. */
  const outboxPart: OutboxPart = {
    key: 'feedback',
    pending() {
      const items = store.undelivered(50);
      if (!items.length && store.openCount() === 0) return undefined;
      return {
        cursor: store.cursor(),
        items: items.map((i) => ({ ref: i.ref, topic: i.topic, text: i.text, email: i.email, page: i.page, lang: i.lang, createdAt: i.created_at })),
      };
    },
    acked(sent, reply) {
      const s = sent as { cursor: number; items: { ref: string }[] };
      const r = (reply ?? {}) as { cursor?: number; updates?: { ref: string; status: string; answer: string | null; answeredAt: number | null }[] };
      store.acked(s.items.map((i) => i.ref), Array.isArray(r.updates) ? r.updates : [], typeof r.cursor === 'number' ? r.cursor : s.cursor);
    },
  };

  const purge = repeat('feedback purge', 3_600_000, () => {
    const n = store.purge(deps.clock.now() - cfg.retentionDays * DAY);
    limiter.sweep(deps.clock.now());
    if (n) log.info({ purged: n }, 'feedback past retention deleted');
  }, log);
  const capability: Capability = { name: 'feedback', errors: FeedbackErrors, router, start: () => purge.start(), stop: () => purge.stop() };
  return {
    capability,
    outboxPart,
    store,
    /** wired to the telemetry's nudge, so a new message leaves at once when the hub is reachable */
    setNudge(fn: () => void) {
      nudge = fn;
    },
  };
}
