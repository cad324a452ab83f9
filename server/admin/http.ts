// Request plumbing of the admin UI: cookies, language choice, sessions, CSRF tokens, access guards, rendering.
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { LANGUAGES, negotiateLang, type Lang } from '../platform/i18n.ts';
import { safeEqual } from '../platform/privacy.ts';
import type { Renderer } from '../platform/render.ts';
import { canAccessLocation, isCountyAdmin, type Auth, type Session } from './auth.ts';
import { formatLocal } from './local-time.ts';

export const SESSION_COOKIE = 'peron_admin';
export const PRE_CSRF_COOKIE = 'peron_admin_csrf';
export const LANG_COOKIE = 'peron_admin_lang';

export interface AdminLocals {
  lang: Lang;
  session?: Session;
  /** CSRF token for the page's forms (the session's, or the pre-session one on the sign-in page) */
  csrf: string;
}

export const locals = (res: Response) => res.locals as AdminLocals;

export function cookieOptions(secure: boolean, maxAgeMs?: number) {
  return { httpOnly: true, sameSite: 'strict' as const, secure, path: '/admin', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}

/** Language: ?lang= (remembered in a cookie), else the cookie, else Accept-Language; Czech by default. */
export function language(secure: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    // a preview frame's ?lang= is the previewed site's language, not the administrator's choice
    const q = req.path.startsWith('/preview/') || req.originalUrl.startsWith('/admin/preview/') ? undefined : req.query.lang;
    const fromCookie = (req.cookies as Record<string, string> | undefined)?.[LANG_COOKIE];
    const lang = negotiateLang({ explicit: typeof q === 'string' ? q : fromCookie, acceptLanguage: req.headers['accept-language'] });
    if (typeof q === 'string' && q === lang && q !== fromCookie) res.cookie(LANG_COOKIE, lang, cookieOptions(secure, 365 * 86_400_000));
    locals(res).lang = lang;
    next();
  };
}

export function loadSession(auth: Auth) {
  return (req: Request, res: Response, next: NextFunction) => {
    const s = auth.session((req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE]);
    if (s) {
      locals(res).session = s;
      locals(res).csrf = s.csrf;
    }
    next();
  };
}

/** The pre-session token for the sign-in form: a double-submit cookie (OWASP CSRF Cheat Sheet). */
export function preSessionCsrf(req: Request, res: Response, secure: boolean): string {
  let t = (req.cookies as Record<string, string> | undefined)?.[PRE_CSRF_COOKIE];
  if (!t || !/^[A-Za-z0-9_-]{20,64}$/.test(t)) {
    t = randomBytes(24).toString('base64url');
    res.cookie(PRE_CSRF_COOKIE, t, cookieOptions(secure));
  }
  return t;
}

/** Every POST carries _csrf: the session's token, or on sign-in the double-submit cookie's. */
export function checkCsrf(req: Request, res: Response, next: NextFunction) {
  if (req.method !== 'POST') return next();
  const sent = typeof req.body?._csrf === 'string' ? (req.body._csrf as string) : '';
  const s = locals(res).session;
  const expected = req.baseUrl + req.path === '/admin/sign-in' ? (req.cookies as Record<string, string> | undefined)?.[PRE_CSRF_COOKIE] : s?.csrf;
  if (!sent || !expected || !safeEqual(sent, expected)) return next(new AppError(PlatformErrors.CSRF_INVALID, 'missing or wrong CSRF token'));
  next();
}

/** Only a path inside the admin UI may be a sign-in's destination (no open redirect). */
export function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/admin\/[A-Za-z0-9\-._~/?=&%]*$/.test(v) && !v.includes('//') && !v.startsWith('/admin/sign-') ? v : '/admin/locations';
}

export function requireSession(req: Request, res: Response, next: NextFunction) {
  if (locals(res).session) return next();
  if (req.method === 'GET') {
    res.redirect(303, `/admin/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  next(new AppError(PlatformErrors.UNAUTHORIZED, 'sign in first'));
}

export function requireCountyAdmin(_req: Request, res: Response, next: NextFunction) {
  const s = locals(res).session;
  if (s && isCountyAdmin(s.user)) return next();
  next(new AppError(PlatformErrors.FORBIDDEN, 'county administrators only'));
}

/** Guards every /admin/locations/:id… route: the location exists and the user may work on it. */
export function requireLocation(exists: (id: string) => boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = String(req.params.id ?? '');
    const s = locals(res).session;
    if (!s) return next(new AppError(PlatformErrors.UNAUTHORIZED));
    if (!exists(id)) return next(new AppError(PlatformErrors.NOT_FOUND, `no location ${id}`));
    if (!canAccessLocation(s.user, id)) return next(new AppError(PlatformErrors.FORBIDDEN, `no access to location ${id}`));
    next();
  };
}

/** Admin pages must not be framed, cached or sniffed. */
export function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.set({
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'none'; frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  });
  next();
}

export function renderPage(render: Renderer) {
  return (req: Request, res: Response, template: string, ctx: Record<string, unknown> = {}, status = 200) => {
    const l = locals(res);
    const path = typeof ctx.selfPath === 'string' ? ctx.selfPath : req.baseUrl + req.path;
    const qs = new URLSearchParams(typeof ctx.selfPath === 'string' ? {} : (req.query as Record<string, string>));
    const langLinks = LANGUAGES.map((code) => {
      qs.set('lang', code);
      return { code, href: `${path}?${qs.toString()}`, current: code === l.lang };
    });
    res.status(status).type('html').send(
      render.render(template, l.lang, {
        user: l.session?.user,
        isAdmin: l.session ? isCountyAdmin(l.session.user) : false,
        csrf: l.csrf,
        langLinks,
        path,
        fmt: (ms: number | null) => formatLocal(ms),
        ...ctx,
      }),
    );
  };
}
