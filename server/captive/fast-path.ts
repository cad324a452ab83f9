// The hot requests answered before express: OS connectivity probes (302 to the portal until the client's IP has
// accepted, then the exact success answer), the cached portal page (plain `/` and `/?lang=xx`), and RFC 8908.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Counter } from 'prom-client';
import { negotiateLang, type Lang } from '../platform/i18n.ts';
import type { Acceptances } from './acceptances.ts';
import { CAPPORT_HEADERS, CAPPORT_PATH, capportBody } from './capport.ts';
import { clientIp } from './client-ip.ts';
import type { TrustFn } from '../platform/proxy-trust.ts';
import type { FormTokens } from './form-token.ts';
import { formFields, type Pages } from './pages.ts';
import { acceptsGzip, createGzipSplice, type GzipSplice } from '../platform/gzip-splice.ts';
import { normalizeHost, probeFor, WINDOWS_REDIRECT } from './probes.ts';

export interface FastPathDeps {
  publicUrl: string;
  trustProxy: TrustFn | false;
  acceptances: Acceptances;
  pages: Pages;
  tokens: FormTokens;
  clock: { now(): number };
  locationId: () => string;
  views: Counter<'location' | 'lang'>;
  /** false when the gateway decides the session length (openNDS): RFC 8908 then carries no seconds-remaining */
  sessionLengthKnown: boolean;
}

/** the redirect body is a bare link: nothing may run, frame or sniff it */
const REDIRECT_HEADERS = { 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'", 'referrer-policy': 'no-referrer' } as const;

const LANG_ONLY = /^lang=([a-z]{2})$/;

/** A request through an explicit or transparent proxy may carry the absolute form (RFC 9112 §3.2.2). */
export function originForm(url: string | undefined): string {
  if (!url) return '/';
  if (url.charCodeAt(0) === 47) return url;
  const m = /^https?:\/\/[^/?#]*/i.exec(url);
  return m ? url.slice(m[0].length) || '/' : url;
}

const onlineHeadersCache = new WeakMap<object, Record<string, string | number>>();
function onlineHeaders(a: { status: number; headers: Record<string, string>; body: Buffer }): Record<string, string | number> {
  let h = onlineHeadersCache.get(a);
  if (!h) {
    h = a.status === 204 ? a.headers : { ...a.headers, 'content-length': a.body.length };
    onlineHeadersCache.set(a, h);
  }
  return h;
}

export function createFastPath(d: FastPathDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const portalUrl = d.publicUrl.replace(/\/$/, '') + '/';
  const onlineUrl = d.publicUrl.replace(/\/$/, '') + '/online';
  const redirectBody = (to: string) => Buffer.from(`<!doctype html><title>Wi-Fi</title><a href="${to}">${to}</a>\n`);
  const toPortal = redirectBody(portalUrl);
  const toOnline = redirectBody(onlineUrl);

  const redirect = (res: ServerResponse, head: boolean, location: string, body: Buffer) => {
    // a redirect with a body: never an empty 200 or a 204 while captive (Android reads those as online)
    res.writeHead(302, { location, 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store', ...REDIRECT_HEADERS });
    res.end(head ? undefined : body);
  };

  // raw header lists prepared once per security-header set, language and body length (a hot path: writeHead
  // with a flat array skips the header object; the body length only changes with the token's length)
  let headerBase: Record<string, string> | null = null;
  const headerLists = new Map<string, string[]>();
  const pageHeaders = (lang: Lang, length: number, gzip: boolean): string[] => {
    const base = d.pages.headers();
    if (base !== headerBase) {
      headerBase = base;
      headerLists.clear();
    }
    const key = lang + length + (gzip ? 'z' : '');
    let list = headerLists.get(key);
    if (!list) {
      if (headerLists.size > 64) headerLists.clear();
      list = [...Object.entries(base).flat(), 'content-type', 'text/html; charset=utf-8', 'content-language', lang, 'cache-control', 'no-store', 'vary', 'Accept-Language, Accept-Encoding', ...(gzip ? ['content-encoding', 'gzip'] : []), 'content-length', String(length)];
      headerLists.set(key, list);
    }
    return list;
  };
  // phones send few distinct Accept-Language values (memo kept bounded, dropped when full)
  const langMemo = new Map<string, { allowed: readonly Lang[]; lang: Lang }>();
  const langFor = (al: string | undefined): Lang => {
    const allowed = d.pages.languages(); // the same array until the location's languages change
    const key = al ?? '';
    const m = langMemo.get(key);
    if (m && m.allowed === allowed) return m.lang;
    const lang = negotiateLang({ acceptLanguage: al, allowed });
    if (langMemo.size > 1000) langMemo.clear();
    langMemo.set(key, { allowed, lang });
    return lang;
  };
  // the form fields as bytes per client, reused while the token (cached per client and minute) is the same
  // (in memory only, bounded, dropped when full)
  const formMemo = new Map<string, { token: string; buf: Buffer }>();
  const formOf = (ip: string, now: number): Buffer => {
    const token = d.tokens.issue(ip, '', now);
    const m = formMemo.get(ip);
    if (m && m.token === token) return m.buf;
    if (formMemo.size > 10_000) formMemo.clear();
    const buf = Buffer.from(formFields(token, ''), 'latin1');
    formMemo.set(ip, { token, buf });
    return buf;
  };
  // the page's fixed parts compressed once per template (a new template each minute and content version)
  const splices = new WeakMap<object, GzipSplice>();
  const spliceOf = (plain: { head: Buffer; tail: Buffer }): GzipSplice => {
    let g = splices.get(plain);
    if (!g) {
      g = createGzipSplice(plain.head, plain.tail);
      splices.set(plain, g);
    }
    return g;
  };
  const gzipMemo = new Map<string, boolean>();
  const wantsGzip = (ae: string | undefined): boolean => {
    const key = ae ?? '';
    let v = gzipMemo.get(key);
    if (v === undefined) {
      if (gzipMemo.size > 1000) gzipMemo.clear();
      v = acceptsGzip(ae);
      gzipMemo.set(key, v);
    }
    return v;
  };
  const counters = new Map<Lang, { location: string; c: { inc(): void } }>();
  const viewCounter = (lang: Lang) => {
    const location = d.locationId();
    let e = counters.get(lang);
    if (!e || e.location !== location) {
      e = { location, c: d.views.labels({ location, lang }) };
      counters.set(lang, e);
    }
    return e.c;
  };

  return (req, res) => {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const head = method === 'HEAD';
    const url = originForm(req.url);
    const qi = url.indexOf('?');
    const path = qi < 0 ? url : url.slice(0, qi);
    const host = normalizeHost(req.headers.host);
    const probe = probeFor(host, path);
    if (probe) {
      const accepted = d.acceptances.findByIp(clientIp(req, d.trustProxy), d.clock.now());
      if (!accepted) {
        redirect(res, head, portalUrl, toPortal);
        return true;
      }
      const a = probe.online;
      res.writeHead(a.status, onlineHeaders(a));
      res.end(head || a.status === 204 ? undefined : a.body);
      return true;
    }
    if (path === WINDOWS_REDIRECT.path && WINDOWS_REDIRECT.hosts.includes(host)) {
      const accepted = d.acceptances.findByIp(clientIp(req, d.trustProxy), d.clock.now());
      if (accepted) redirect(res, head, onlineUrl, toOnline);
      else redirect(res, head, portalUrl, toPortal);
      return true;
    }
    if (path === '/') {
      let explicit: string | undefined;
      const query = qi < 0 ? '' : url.slice(qi + 1);
      if (query) {
        const m = LANG_ONLY.exec(query);
        if (!m) return false; // controller parameters: verified by the express route
        explicit = m[1];
      }
      const lang: Lang = explicit ? negotiateLang({ explicit, acceptLanguage: req.headers['accept-language'], allowed: d.pages.languages() }) : langFor(req.headers['accept-language']);
      const plain = d.pages.portal(lang).plain;
      const form = formOf(clientIp(req, d.trustProxy), d.clock.now());
      const gzip = wantsGzip(req.headers['accept-encoding']);
      // one Buffer, one end(): Node corks the socket around it, so status line, headers and body leave in one writev
      const body = gzip ? spliceOf(plain).encode(form) : Buffer.concat([plain.head, form, plain.tail]);
      res.writeHead(200, pageHeaders(lang, body.length, gzip));
      res.end(head ? undefined : body);
      viewCounter(lang).inc();
      return true;
    }
    if (path === CAPPORT_PATH) {
      const accepted = d.acceptances.findByIp(clientIp(req, d.trustProxy), d.clock.now());
      const body = capportBody({ publicUrl: d.publicUrl, accepted: accepted && !d.sessionLengthKnown ? {} : accepted });
      res.writeHead(200, { ...CAPPORT_HEADERS, 'content-length': body.length });
      res.end(head ? undefined : body);
      return true;
    }
    return false;
  };
}
