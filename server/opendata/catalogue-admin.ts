// The catalogue in the hub's admin UI (county admin role only): each dataset's last build, attempt and error; its
// metadata, terms of use and locations. A save is checked as the record NKOD would harvest (refused with the field
// named, nothing stored), then stored, audited and the dataset rebuilt.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import type { Lang } from '../platform/i18n.ts';
import { DATASETS } from './datasets.ts';
import { EditError, THEMES, defaultEdit, parseEditForm, type CatalogueEdits, type DatasetEdit } from './catalogue-edits.ts';
import type { HubDatasets } from './hub.ts';

interface AdminUser { email: string; role: string }

/** What the admin UI lends the catalogue pages: its session (loaded and CSRF-checked on /admin), rendering, audit. */
export interface CatalogueAdminHooks {
  user(res: Response): AdminUser | undefined;
  lang(res: Response): Lang;
  page(req: Request, res: Response, template: string, ctx?: Record<string, unknown>, status?: number): void;
  audit(e: { actor: string; action: string; locationId?: string | null; before?: unknown; after?: unknown }): void;
  /** the location ids the county runs (drafts and enrolled sites) */
  locations(): string[];
}

export function createCatalogueAdminRouter(o: { admin: CatalogueAdminHooks; datasets: HubDatasets; edits: CatalogueEdits; contact: () => { name: string; email: string }; now: () => number; t: (lang: Lang, key: string, v?: Record<string, unknown>) => string }) {
  const r = Router();
  const countyAdmin = (res: Response): AdminUser => {
    const u = o.admin.user(res);
    if (!u) throw new AppError(PlatformErrors.UNAUTHORIZED, 'sign in first');
    if (u.role !== 'county-admin') throw new AppError(PlatformErrors.FORBIDDEN, 'the catalogue is the county admin\'s');
    return u;
  };
  const slugOf = (req: Request) => {
    const slug = String(req.params.slug);
    if (!DATASETS[slug] || !o.datasets.states().some((s) => s.slug === slug)) throw new AppError(PlatformErrors.NOT_FOUND, 'no such dataset');
    return slug;
  };
  const current = (slug: string): DatasetEdit => o.edits.get(slug) ?? defaultEdit(DATASETS[slug], o.contact());
  const form = (req: Request, res: Response, slug: string, e: DatasetEdit, extra: Record<string, unknown> = {}, status = 200) => {
    const state = o.datasets.states().find((s) => s.slug === slug)!;
    const locations = [...new Set([...o.admin.locations(), ...(e.locations ?? [])])].sort();
    o.admin.page(req, res, 'admin/opendata-edit.njk', { slug, e, state, themes: THEMES, locations, keywords: { cs: e.keywords.cs.join(', '), en: e.keywords.en.join(', ') }, ...extra }, status);
  };

  r.get('/admin/opendata', (req, res) => {
    countyAdmin(res);
    const rows = o.datasets.states().map((s) => ({ ...s, title: current(s.slug).title.cs, locations: current(s.slug).locations }));
    o.admin.page(req, res, 'admin/opendata.njk', { rows });
  });
  r.get('/admin/opendata/:slug', (req, res) => {
    countyAdmin(res);
    const slug = slugOf(req);
    form(req, res, slug, current(slug), { saved: req.query.saved === '1' });
  });
  r.post('/admin/opendata/:slug', (req, res) => {
    const u = countyAdmin(res);
    const slug = slugOf(req);
    const lang = o.admin.lang(res);
    const refuse = (field: string, message: string, e: DatasetEdit) => form(req, res, slug, e, { refused: o.t(lang, 'opendata:admin.refused', { field, message }) }, 422);
    let e: DatasetEdit;
    try {
      e = parseEditForm((req.body ?? {}) as Record<string, unknown>);
    } catch (err) {
      if (!(err instanceof EditError)) throw err;
      return refuse(err.field, err.message.slice(err.field.length + 2), current(slug));
    }
    const problems = o.datasets.checkEdit(slug, e);
    if (problems.length) return refuse(problems[0].field, problems.map((p) => `${p.field} ${p.message}`).join('; '), e);
    const before = o.edits.get(slug) ?? null;
    o.edits.save(slug, e, o.now(), u.email);
    o.admin.audit({ actor: u.email, action: 'opendata.edit', before: { slug, ...before }, after: { slug, ...e } });
    o.datasets.invalidate();
    o.datasets.buildOne(slug);
    res.redirect(303, `/admin/opendata/${slug}?saved=1`);
  });
  r.use('/admin/opendata', (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof AppError) || res.headersSent || !o.admin.user(res)) return next(err);
    o.admin.page(req, res, 'admin/error.njk', { status: err.status, code: err.code, message: o.t(o.admin.lang(res), err.key), selfPath: '/admin/opendata' }, err.status);
  });
  return r;
}
