// Portal routes that need express: a portal request carrying controller parameters (verified here), Connect,
// the online page (RFC 8908 venue-info-url) and the full terms. Refusals get a translated page, never a crash.
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Counter } from 'prom-client';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { CaptiveErrors } from './errors.ts';
import { negotiateLang, type Lang } from '../platform/i18n.ts';
import type { I18n } from '../platform/i18n.ts';
import type { Privacy } from '../platform/privacy.ts';
import { rateLimitedLog, type Logger } from '../platform/log.ts';
import type { Acceptances } from './acceptances.ts';
import { clientIp } from './client-ip.ts';
import type { TrustFn } from '../platform/proxy-trust.ts';
import type { Controller, ControllerSession } from './controllers/index.ts';
import type { FormTokens } from './form-token.ts';
import { formFields, type Pages } from './pages.ts';
import type { createRateLimiter } from '../platform/rate-limit.ts';
import { safeUserUrl } from './userurl.ts';

export interface RouteDeps {
  publicUrl: string;
  trustProxy: TrustFn | false;
  controller: Controller;
  acceptances: Acceptances;
  pages: Pages;
  tokens: FormTokens;
  privacy: Privacy;
  i18n: I18n;
  log: Logger;
  clock: { now(): number };
  limiter: ReturnType<typeof createRateLimiter>;
  locationId: () => string;
  views: Counter<'location' | 'lang'>;
  connects: Counter<'location'>;
  clicks: Counter<'location' | 'link'>;
  /** the configured URL of a signpost link id in the current merged signpost, or null */
  signpostTarget: (id: string) => string | null;
}

const HINTS: Record<string, string> = {
  CAPTIVE_BAD_SIGNATURE: 'signature',
  CAPTIVE_REPLAYED: 'replay',
  CAPTIVE_FORM_EXPIRED: 'form',
  RATE_LIMITED: 'rate',
  CAPTIVE_BAD_CONTROLLER_DATA: 'controller',
  CAPTIVE_NOT_CONFIGURED: 'config',
  CAPTIVE_GATEWAY_UNKNOWN: 'gateway',
  CAPTIVE_CONTROLLER_MISCONFIGURED: 'config',
  CAPTIVE_LINK_UNKNOWN: 'link',
};

/** Our own `lang=xx` goes first in the query (the language links put it there); the rest is the controller's, byte for byte. */
export function splitLang(rawQuery: string): { lang?: string; rest: string } {
  const m = /^lang=([a-z]{2})(?:&|$)/.exec(rawQuery);
  return m ? { lang: m[1], rest: rawQuery.slice(m[0].length) } : { rest: rawQuery };
}

/** Controller data worth keeping with the acceptance: the one-time challenge is not. */
function storedSession(s: Record<string, string>): Record<string, string> {
  const { challenge: _challenge, ...rest } = s;
  return rest;
}

export function createCaptiveRouter(d: RouteDeps): Router {
  const router = Router();
  const warn = rateLimitedLog(d.log);
  const base = d.publicUrl.replace(/\/$/, '');
  const rawQueryOf = (req: Request) => {
    const i = req.originalUrl.indexOf('?');
    return i < 0 ? '' : req.originalUrl.slice(i + 1);
  };
  const langOf = (req: Request, explicit?: unknown): Lang =>
    negotiateLang({ explicit, acceptLanguage: req.headers['accept-language'], allowed: d.pages.languages() });

  const html = (res: Response, status: number, body: string, lang: Lang) => {
    res.status(status).set({ ...d.pages.headers(), 'content-type': 'text/html; charset=utf-8', 'content-language': lang, 'cache-control': 'no-store' }).send(body);
  };

  /** Renders a refusal as a translated page; other errors go to the app's error handler. */
  const guard =
    (fn: (req: Request, res: Response) => void | Promise<void>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        await fn(req, res);
      } catch (err) {
        if (err instanceof AppError && HINTS[err.code]) {
          const lang = langOf(req, (req.body as Record<string, unknown> | undefined)?.lang ?? splitLang(rawQueryOf(req)).lang);
          warn(err.code, { code: err.code, controller: d.controller.name, reason: err.message }, 'portal request refused');
          html(res, err.status, d.pages.renderMessage(lang, { message: d.i18n.t(lang, err.key), code: err.code, hint: HINTS[err.code] }), lang);
          return;
        }
        next(err);
      }
    };

  const onlineUrl = (lang: Lang, userurl: string | null) => {
    const safe = safeUserUrl(userurl);
    return `${base}/online?lang=${lang}${safe ? '&userurl=' + encodeURIComponent(safe.href) : ''}`;
  };

  // A portal request with controller parameters (UAM redirect, openNDS fas, or userurl/mac in "none" mode).
  router.get(
    '/',
    guard((req, res) => {
      const { lang: ql, rest } = splitLang(rawQueryOf(req));
      const session = d.controller.parse(rest, clientIp(req, d.trustProxy));
      const lang = langOf(req, ql ?? new URLSearchParams(rest).get('lang'));
      if (session && (session.res === 'success' || session.res === 'already')) {
        res.redirect(302, onlineUrl(lang, session.userurl));
        return;
      }
      // a gateway-bound nonce (openNDS hid) stays the client's for its whole pre-auth session: an unfinished
      // Connect (the mini-browser closed before the 303) must not lock the traveller out
      if (session?.nonce && !session.nonce.gatewayBound && d.acceptances.nonceUsed(session.nonce.kind, session.nonce.value))
        throw new AppError(CaptiveErrors.CAPTIVE_REPLAYED, 'controller nonce already used');
      const form = formFields(d.tokens.issue(clientIp(req, d.trustProxy), rest, d.clock.now()), rest);
      const body =
        session?.res === 'failed'
          ? d.pages.renderPortal(lang, { form, keepQuery: rest, error: d.i18n.t(lang, 'captive:reply.failed') })
          : Buffer.concat(d.pages.fill(d.pages.portal(lang), form, rest)).toString('utf8');
      d.views.inc({ location: d.locationId(), lang });
      html(res, 200, body, lang);
    }),
  );

  router.post(
    '/connect',
    express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 }),
    guard((req, res) => {
      const now = d.clock.now();
      const ip = clientIp(req, d.trustProxy);
      const ipHash = d.privacy.hashIp(ip);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const lang = langOf(req, body.lang);
      if (!d.limiter.allow(ipHash, now)) throw new AppError(PlatformErrors.RATE_LIMITED, 'too many Connects from one client');
      const q = typeof body.q === 'string' ? body.q : '';
      if (!d.tokens.verify(body.t, ip, q, now)) throw new AppError(CaptiveErrors.CAPTIVE_FORM_EXPIRED, 'form token missing, expired or not for this client');
      const session: ControllerSession | null = d.controller.parse(q, ip);
      if (!session) throw new AppError(CaptiveErrors.CAPTIVE_BAD_CONTROLLER_DATA, `controller ${d.controller.name} sent no parameters`);
      const input = { lang, controller: d.controller.name, mac: session.mac, ip, session: storedSession(session.session), uamLogin: d.controller.needsUamLogin };
      // a used gateway-bound nonce: this client's new Connect is recorded and handed off the same way; the
      // gateway lets only the client that owns the hid in with that tok
      const rec = d.acceptances.record({ ...input, nonce: session.nonce }, now) ?? (session.nonce?.gatewayBound ? d.acceptances.record(input, now) : null);
      if (!rec) throw new AppError(CaptiveErrors.CAPTIVE_REPLAYED, 'controller nonce already used');
      d.connects.inc({ location: d.locationId() });
      const answer = () => res.set('cache-control', 'no-store').redirect(303, d.controller.handoff(session, rec, onlineUrl(lang, session.userurl), lang));
      // several worker processes: every one must know the acceptance before the client's next probe or Access-Request
      if (rec.published) return rec.published.then(() => void answer(), () => void answer());
      answer();
    }),
  );

  router.get(
    '/online',
    guard((req, res) => {
      const lang = langOf(req, req.query.lang);
      const accepted = d.acceptances.findByIp(clientIp(req, d.trustProxy), d.clock.now());
      const safe = safeUserUrl(req.query.userurl);
      html(
        res,
        200,
        d.pages.renderOnline(lang, {
          online: accepted !== null,
          // only a length Peron knows (its RADIUS Session-Timeout); openNDS grants its own sessiontimeout
          minutesRemaining: accepted && d.controller.sessionLengthKnown ? Math.ceil(accepted.secondsRemaining / 60) : null,
          userurl: safe ? safe.href : null,
          userhost: safe ? safe.host : null,
        }),
        lang,
      );
    }),
  );

  // A signpost link: counted, then 303 to the URL configured for that id — an unknown id is a 404 page (no open redirect)
  router.get(
    '/go/:id',
    guard((req, res) => {
      const id = String(req.params.id);
      const target = d.signpostTarget(id);
      if (!target) throw new AppError(CaptiveErrors.CAPTIVE_LINK_UNKNOWN, `no signpost link ${JSON.stringify(id.slice(0, 80))}`);
      if (req.method === 'GET') d.clicks.inc({ location: d.locationId(), link: id });
      res.set({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).redirect(303, target);
    }),
  );

  router.get(
    '/terms',
    guard((req, res) => {
      const lang = langOf(req, req.query.lang);
      html(res, 200, d.pages.renderTerms(lang), lang);
    }),
  );

  return router;
}
