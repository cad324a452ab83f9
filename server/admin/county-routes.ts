// The county signpost editor (/admin/county, county administrators only): links under the region's topics and
// county announcements, edited once; "publish to every location" sends the document inside each location's
// release. The page also shows the signpost clicks the sites report (/go/<id>), per location and link.
import { Router, type Request, type Response } from 'express';
import type { I18n, Lang } from '../platform/i18n.ts';
import { LANGUAGES } from '../platform/i18n.ts';
import type { Privacy } from '../platform/privacy.ts';
import type { Renderer } from '../platform/render.ts';
import type { CountySignpost } from './county.ts';
import type { Drafts, FieldIssue } from './drafts.ts';
import { locals, renderPage, requireCountyAdmin } from './http.ts';
import { isoToLocal } from './local-time.ts';
import type { Publisher } from './publish.ts';
import { fieldAnchor, issueMessage } from './routes.ts';

export interface CountyCount { locationId: string; key: string; n: number }

export interface CountyRouteDeps {
  county: CountySignpost;
  drafts: Drafts;
  publisher: Publisher;
  render: Renderer;
  i18n: I18n;
  privacy: Privacy;
  /** the keyed hourly counts the sites reported (clicks are click:<link id>) */
  counts?: () => CountyCount[];
}

/** "Adresa (URL), odkaz 2" — a county form field in words, as the form labels it. */
export function countyFieldLabel(t: (k: string) => string, path: string): string {
  const parts = path.split('.');
  const lang = (LANGUAGES as readonly string[]).includes(parts[parts.length - 1]) ? parts.pop()! : undefined;
  const [list, row, field] = parts;
  if ((list !== 'links' && list !== 'announcements') || row === undefined) return path;
  let label = t(`signpost:admin.field.${field ?? (list === 'links' ? 'link' : 'announcement')}`);
  if (lang) label += ` (${t('admin:languages.' + lang)})`;
  return `${label}, ${t(list === 'links' ? 'signpost:admin.linkRow' : 'signpost:admin.announcementRow')} ${Number(row) + 1}`;
}

/** Clicks per location and link id, most clicked first. */
export function clicksByLink(counts: CountyCount[]): { locationId: string; link: string; clicks: number }[] {
  const m = new Map<string, { locationId: string; link: string; clicks: number }>();
  for (const c of counts) {
    if (!c.key.startsWith('click:')) continue;
    const link = c.key.slice('click:'.length);
    const k = `${c.locationId}\t${link}`;
    const row = m.get(k) ?? { locationId: c.locationId, link, clicks: 0 };
    row.clicks += c.n;
    m.set(k, row);
  }
  return [...m.values()].sort((a, b) => a.locationId.localeCompare(b.locationId) || b.clicks - a.clicks || a.link.localeCompare(b.link));
}

export function createCountyRouter(d: CountyRouteDeps): Router {
  const r = Router();
  const page = renderPage(d.render);
  const ip = (req: Request) => d.privacy.hashIp(req.ip ?? req.socket.remoteAddress ?? '');

  function countyPage(req: Request, res: Response, opts: { candidate?: Record<string, unknown>; issues?: FieldIssue[]; conflict?: boolean; published?: { locationId: string; ok: boolean; sites: number; error: string | null }[] } = {}, status = 200) {
    const lang: Lang = locals(res).lang;
    const doc = d.county.get();
    const errors: Record<string, string> = {};
    for (const i of opts.issues ?? []) errors[i.path] ??= issueMessage(d.i18n, lang, i);
    page(req, res, 'admin/county.njk', {
      doc,
      c: opts.candidate ?? doc.county,
      errors,
      errorList: Object.entries(errors).map(([path, message]) => ({ path, message, anchor: fieldAnchor(path), label: countyFieldLabel((k) => d.i18n.t(lang, k), path) })),
      conflict: opts.conflict,
      saved: req.query.saved === '1',
      published: opts.published,
      publishFailed: opts.published?.some((p) => !p.ok) ?? false,
      topics: d.county.topics,
      priorities: ['info', 'warning', 'important'],
      languages: LANGUAGES,
      local: (iso: string | undefined) => isoToLocal(iso, 'Europe/Prague'),
      clicks: clicksByLink(d.counts?.() ?? []),
      selfPath: '/admin/county',
    }, status);
  }

  r.get('/admin/county', requireCountyAdmin, (req, res) => countyPage(req, res));

  r.post('/admin/county', requireCountyAdmin, (req, res) => {
    const result = d.county.save(req.body as Record<string, unknown>, Number(req.body._version), locals(res).session!.user.email, ip(req));
    if (result.ok) return res.redirect(303, '/admin/county?saved=1');
    countyPage(req, res, { candidate: result.candidate, issues: result.issues, conflict: result.conflict }, result.conflict ? 409 : 422);
  });

  // one publish: every location's release carries the county document (and its own current draft)
  r.post('/admin/county/publish', requireCountyAdmin, async (req, res) => {
    const actor = locals(res).session!.user.email;
    const published = [];
    for (const draft of d.drafts.list()) {
      const v = await d.publisher.publish(draft.location.id, actor, ip(req));
      published.push({ locationId: draft.location.id, ok: v.row.ok, sites: v.sites.length, error: v.error });
    }
    countyPage(req, res, { published }, published.every((p) => p.ok) ? 200 : 502);
  });

  return r;
}
