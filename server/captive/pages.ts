// Renders the portal pages and keeps the portal page precomputed per language × content version × departures
// minute/version: the cached page is split at two markers, so the fast path only splices in the per-client
// form fields (signed token, controller query) and the query kept on the language links.
import type { ContentService } from '../content/index.ts';
import { completeBoard, type DeparturesService } from '../departures/index.ts';
import { LANGUAGES, type I18n, type Lang } from '../platform/i18n.ts';
import type { Logger } from '../platform/log.ts';
import type { Renderer } from '../platform/render.ts';
import type { RegionalFeed } from '../content/index.ts';
import { baseView } from './view.ts';
import type { CountyAlertView } from '../protocol/index.ts';
import { portalCss, styleHash } from './style.ts';
import { securityHeaders } from './security-headers.ts';

const KEEP = '__PERON_KEEP__';
const FORM = '__PERON_FORM__';

export interface PortalTemplate {
  /** text pieces; between piece i and i+1 goes the value of slots[i] */
  pieces: Buffer[];
  slots: ('keep' | 'form')[];
  /** the page with nothing kept on the language links (the plain `/`), split once around the form fields */
  plain: { head: Buffer; tail: Buffer };
}

export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
}

/** The hidden fields of the Connect form. */
export function formFields(token: string, query: string): string {
  return `<input type="hidden" name="t" value="${escapeAttr(token)}"><input type="hidden" name="q" value="${escapeAttr(query)}">`;
}

export interface Pages {
  portal(lang: Lang): PortalTemplate;
  /** Fills a portal template for one client. */
  fill(tpl: PortalTemplate, form: string, keepQuery: string): Buffer[];
  renderPortal(lang: Lang, opts: { form: string; keepQuery: string; error?: string }): string;
  renderOnline(lang: Lang, opts: { online: boolean; minutesRemaining: number | null; userurl: string | null; userhost: string | null }): string;
  renderTerms(lang: Lang): string;
  renderMessage(lang: Lang, opts: { message: string; code: string; hint: string }): string;
  /** Security headers for every portal HTML response (CSP carries the stylesheet hash). */
  headers(): Record<string, string>;
  invalidate(): void;
  /** The location's languages; the same array until they change. */
  languages(): readonly Lang[];
}

export function createPages(deps: {
  content: ContentService;
  departures: DeparturesService;
  render: Renderer;
  i18n: I18n;
  log: Logger;
  clock: { now(): number };
  formTargets: string[];
  regional: () => RegionalFeed[];
  countyAlert: () => CountyAlertView | null;
}): Pages {
  let generation = 0;
  let styleFor: { version: string; css: string; headers: Record<string, string> } | null = null;
  const cache = new Map<Lang, { generation: number; version: string; minute: number; alert: string; tpl: PortalTemplate }>();
  let langsFor: { from: readonly string[]; langs: readonly Lang[] } | null = null;

  const style = () => {
    const snap = deps.content.current();
    if (!styleFor || styleFor.version !== snap.version) {
      const css = portalCss(snap.location.branding.accent);
      styleFor = { version: snap.version, css, headers: securityHeaders({ styleHashes: [styleHash(css)], formTargets: deps.formTargets }) };
    }
    return styleFor;
  };

  const ctx = (lang: Lang, path: string, keepQuery?: string) => {
    const snap = deps.content.current();
    const now = deps.clock.now();
    const board = safeBoard(snap.location.departures.limit, now);
    return { ...baseView({ snap, lang, now, board, regional: deps.regional(), path, keepQuery, county: deps.countyAlert() }), css: style().css };
  };

  const safeBoard = (limit: number, now: number) => {
    try {
      return deps.departures.board({ limit });
    } catch (err) {
      deps.log.error({ err }, 'departures board failed; portal shows none');
      return completeBoard({ generatedAt: new Date(now).toISOString(), departures: [], notices: [], live: false });
    }
  };

  const title = (lang: Lang, page: string) => deps.i18n.t(lang, `captive:title.${page}`);

  const langOf = (lang: Lang): Lang => {
    const allowed = deps.content.current().location.languages;
    return allowed.includes(lang) ? lang : allowed[0];
  };

  return {
    portal(langIn) {
      const lang = langOf(langIn);
      const snap = deps.content.current();
      const minute = Math.floor(deps.clock.now() / 60_000);
      const hit = cache.get(lang);
      const alert = deps.countyAlert()?.key ?? '';
      if (hit && hit.generation === generation && hit.version === snap.version && hit.minute === minute && hit.alert === alert) return hit.tpl;
      const c = ctx(lang, '/');
      c.langs = c.langs.map((l) => ({ ...l, href: l.href + KEEP }));
      const html = deps.render.render('captive/portal.njk', lang, { ...c, pageTitle: title(lang, 'portal'), skipTarget: 'connect', formFields: FORM });
      const parts = html.split(new RegExp(`(${KEEP}|${FORM})`));
      const pieces: Buffer[] = [];
      const slots: ('keep' | 'form')[] = [];
      parts.forEach((p, i) => {
        if (i % 2 === 0) pieces.push(Buffer.from(p, 'utf8'));
        else slots.push(p === FORM ? 'form' : 'keep');
      });
      const formAt = slots.indexOf('form');
      const plain = {
        head: Buffer.concat(pieces.slice(0, formAt + 1)),
        tail: Buffer.concat(pieces.slice(formAt + 1)),
      };
      const tpl = { pieces, slots, plain };
      cache.set(lang, { generation, version: snap.version, minute, alert, tpl });
      return tpl;
    },
    fill(tpl, form, keepQuery) {
      const keep = keepQuery ? Buffer.from('&amp;' + escapeAttr(keepQuery), 'utf8') : Buffer.alloc(0);
      const formBuf = Buffer.from(form, 'utf8');
      const out: Buffer[] = [tpl.pieces[0]];
      for (let i = 0; i < tpl.slots.length; i++) {
        out.push(tpl.slots[i] === 'form' ? formBuf : keep, tpl.pieces[i + 1]);
      }
      return out;
    },
    renderPortal(langIn, opts) {
      const lang = langOf(langIn);
      const c = ctx(lang, '/', opts.keepQuery);
      return deps.render.render('captive/portal.njk', lang, { ...c, pageTitle: title(lang, 'portal'), skipTarget: 'connect', formFields: opts.form, error: opts.error });
    },
    renderOnline(langIn, opts) {
      const lang = langOf(langIn);
      return deps.render.render('captive/online.njk', lang, { ...ctx(lang, '/online'), ...opts, pageTitle: title(lang, 'online'), skipTarget: 'status' });
    },
    renderTerms(langIn) {
      const lang = langOf(langIn);
      return deps.render.render('captive/terms.njk', lang, { ...ctx(lang, '/terms'), pageTitle: title(lang, 'terms'), skipTarget: 'terms' });
    },
    renderMessage(langIn, opts) {
      const lang = langOf(langIn);
      return deps.render.render('captive/message.njk', lang, { ...ctx(lang, '/'), ...opts, pageTitle: opts.message, skipTarget: 'message' });
    },
    headers: () => style().headers,
    invalidate() {
      generation++;
      cache.clear();
    },
    languages() {
      // the same array while the location's languages stay the same, so callers may compare by identity
      const from = deps.content.current().location.languages;
      if (langsFor?.from !== from) langsFor = { from, langs: from.filter((l) => (LANGUAGES as readonly string[]).includes(l)) };
      return langsFor.langs;
    },
  };
}
