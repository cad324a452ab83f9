// The county admin's catalogue edits: a dataset's titles and descriptions (cs, en), topics, keywords, contact, terms
// of use and the locations that show it. Stored per dataset; applied over the built-in definition (datasets.ts) when
// the record is built. A form that does not parse is refused with the field named (the record check comes after).
import { z } from 'zod';
import type { DB } from '../platform/db.ts';
import { DATASETS, type DatasetDef } from './datasets.ts';

/** EU data-theme codes offered in the form (http://publications.europa.eu/resource/authority/data-theme/…) */
export const THEMES = ['AGRI', 'ECON', 'EDUC', 'ENER', 'ENVI', 'GOVE', 'HEAL', 'INTR', 'JUST', 'REGI', 'SOCI', 'TECH', 'TRAN'] as const;

export const datasetEditSchema = z.strictObject({
  title: z.strictObject({ cs: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) }),
  description: z.strictObject({ cs: z.string().trim().min(1).max(2000), en: z.string().trim().min(1).max(2000) }),
  themes: z.array(z.enum(THEMES)).min(1),
  keywords: z.strictObject({ cs: z.array(z.string().trim().min(1).max(80)).min(1), en: z.array(z.string().trim().min(1).max(80)) }),
  contactName: z.string().trim().min(1).max(200),
  contactEmail: z.email().max(320),
  /** 'none': not a protected database (DIA: plain counts and timetables); 'cc-by': an original database, CC BY 4.0 */
  terms: z.enum(['none', 'cc-by']),
  author: z.string().trim().max(200),
  /** the locations whose sites show the dataset; null = every location */
  locations: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)).nullable(),
});
export type DatasetEdit = z.infer<typeof datasetEditSchema>;

export class EditError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

const list = (v: unknown) => (typeof v === 'string' ? v.split(/[,\n]/).map((s) => s.trim()).filter(Boolean) : []);
const text = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n') : '');
const many = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/** The posted form (title[cs], keywords[en] as "a, b", themes and locations as checkboxes) as an edit. */
export function parseEditForm(b: Record<string, unknown>): DatasetEdit {
  const o = (k: string) => ((b[k] && typeof b[k] === 'object' ? b[k] : {}) as Record<string, unknown>);
  const candidate = {
    title: { cs: text(o('title').cs), en: text(o('title').en) },
    description: { cs: text(o('description').cs), en: text(o('description').en) },
    themes: many(b.themes),
    keywords: { cs: list(o('keywords').cs), en: list(o('keywords').en) },
    contactName: text(b.contactName),
    contactEmail: text(b.contactEmail).trim(),
    terms: b.terms === 'cc-by' ? 'cc-by' : 'none',
    author: text(b.author),
    locations: b.allLocations === '1' ? null : many(b.locations),
  };
  const p = datasetEditSchema.safeParse(candidate);
  if (!p.success) {
    const i = p.error.issues[0];
    throw new EditError(i.path.join('.'), i.message);
  }
  if (p.data.terms === 'cc-by' && !p.data.author) throw new EditError('author', 'CC BY needs the database author (pu:autor-databáze)');
  return p.data;
}

/** The edit a dataset starts from: its built-in definition and the catalogue's contact. */
export function defaultEdit(def: DatasetDef, contact: { name: string; email: string }): DatasetEdit {
  return { title: { cs: def.title.cs, en: def.title.en }, description: { cs: def.description.cs, en: def.description.en }, themes: def.themes as DatasetEdit['themes'], keywords: def.keywords, contactName: contact.name, contactEmail: contact.email, terms: 'none', author: '', locations: null };
}

/** The definition with the edit applied (de/pl titles stay the built-in ones; cs/en are the catalogue's). */
export function editedDef(def: DatasetDef, e: DatasetEdit | undefined): DatasetDef {
  if (!e) return def;
  return { ...def, title: { ...def.title, ...e.title }, description: { ...def.description, ...e.description }, themes: e.themes, keywords: e.keywords };
}

export function createCatalogueEdits(db: DB) {
  const s = {
    get: db.prepare<[string], { edit: string; updated_at: number; updated_by: string }>('SELECT edit, updated_at, updated_by FROM opendata_catalogue WHERE slug = ?'),
    put: db.prepare('INSERT INTO opendata_catalogue (slug, edit, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (slug) DO UPDATE SET edit = excluded.edit, updated_at = excluded.updated_at, updated_by = excluded.updated_by'),
  };
  const cache = new Map<string, DatasetEdit | null>();
  return {
    get(slug: string): DatasetEdit | undefined {
      if (!cache.has(slug)) {
        const r = s.get.get(slug);
        cache.set(slug, r ? datasetEditSchema.parse(JSON.parse(r.edit)) : null);
      }
      return cache.get(slug) ?? undefined;
    },
    save(slug: string, e: DatasetEdit, at: number, by: string) {
      if (!DATASETS[slug]) throw new EditError('slug', `no dataset ${slug}`);
      s.put.run(slug, JSON.stringify(e), at, by);
      cache.set(slug, e);
    },
  };
}
export type CatalogueEdits = ReturnType<typeof createCatalogueEdits>;
