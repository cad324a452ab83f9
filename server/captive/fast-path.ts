// The hot requests answered before express: OS connectivity probes (302 to the portal until the client's IP has
// accepted, then the exact success answer), the cached portal page (plain `/` and `/?lang=xx`), and RFC 8908.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Counter } from 'prom-client';
import { negotiateLang, type Lang } from '../platform/i18n.ts';
import type { Privacy } from '../platform/privacy.ts';
import type { Acceptances } from './acceptances.ts';
import { CAPPORT_HEADERS, CAPPORT_PATH, capportBody } from './capport.ts';
import { clientIp } from './client-ip.ts';
import type { FormTokens } from './form-token.ts';
import { formFields, type Pages } from './pages.ts';
import { isWindowsRedirect, matchProbe } from './probes.ts';

export interface FastPathDeps {
  publicUrl: string;
  trustProxy: boolean;
  acceptances: Acceptances;
  pages: Pages;
  tokens: FormTokens;
  privacy: Privacy;
  clock: { now(): number };
  locationId: () => string;
  views: Counter<'location' | 'lang'>;
}

const LANG_ONLY = /^lang=([a-z]{2})$/;

/** A request through an explicit or transparent proxy may carry the absolute form (RFC 9112 §3.2.2). */
export function originForm(url: string | undefined): string {
  if (!url) return '/';
  if (url.charCodeAt(0) === 47) return url;
  const m = /^https?:\/\/[^/?#]*/i.exec(url);
  return m ? url.slice(m[0].length) || '/' : url;
}

export function createFastPath(d: FastPathDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const portalUrl = d.publicUrl.replace(/\/$/, '') + '/';
  const onlineUrl = d.publicUrl.replace(/\/$/, '') + '/online';
  const redirectBody = (to: string) => Buffer.from(`<!doctype html><title>Wi-Fi</title><a href="${to}">${to}</a>\n`);
  const toPortal = redirectBody(portalUrl);
  const toOnline = redirectBody(onlineUrl);

  const redirect = (res: ServerResponse, head: boolean, location: string, body: Buffer) => {
    // a redirect with a body: never an empty 200 or a 204 while captive (Android reads those as online)
    res.writeHead(302, { location, 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(head ? undefined : body);
  };

  return (req, res) => {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const head = method === 'HEAD';
    const url = originForm(req.url);
    const probe = matchProbe(req.headers.host, url);
    if (probe) {
      const accepted = d.acceptances.findByIp(clientIp(req, d.trustProxy), d.clock.now());
      if (!accepted) {
        redirect(res, head, portalUrl, toPortal);
        return true;
      }
      const a = probe.online;
      res.writeHead(a.status, a.status === 204 ? a.headers : { ...a.headers, 'content-length': a.body.length });
      res.end(head || a.status === 204 ? undefined : a.body);
      return true;
    }
    if (isWindowsRedirect(req.headers.host, url)) {
      const accepted = d.acceptances.findByIp(clientIp(req, d.trustProxy), d.clock.now());
      if (accepted) redirect(res, head, onlineUrl, toOnline);
      else redirect(res, head, portalUrl, toPortal);
      return true;
    }
    const qi = url.indexOf('?');
    const path = qi < 0 ? url : url.slice(0, qi);
    const query = qi < 0 ? '' : url.slice(qi + 1);
    if (path === '/') {
      let explicit: string | undefined;
      if (query) {
        const m = LANG_ONLY.exec(query);
        if (!m) return false; // controller parameters: verified by the express route
        explicit = m[1];
      }
      const allowed = d.pages.languages();
      const lang: Lang = negotiateLang({ explicit, acceptLanguage: req.headers['accept-language'], allowed });
      const ipHash = d.privacy.hashIp(clientIp(req, d.trustProxy));
      const body = Buffer.concat(d.pages.fill(d.pages.portal(lang), formFields(d.tokens.issue(ipHash, '', d.clock.now()), ''), ''));
      res.writeHead(200, {
        ...d.pages.headers(),
        'content-type': 'text/html; charset=utf-8',
        'content-language': lang,
        'content-length': body.length,
        'cache-control': 'no-store',
        vary: 'Accept-Language',
      });
      res.end(head ? undefined : body);
      d.views.inc({ location: d.locationId(), lang });
      return true;
    }
    if (path === CAPPORT_PATH) {
      const accepted = d.acceptances.findByIp(clientIp(req, d.trustProxy), d.clock.now());
      const body = capportBody({ publicUrl: d.publicUrl, accepted });
      res.writeHead(200, { ...CAPPORT_HEADERS, 'content-length': body.length });
      res.end(head ? undefined : body);
      return true;
    }
    return false;
  };
}
