// Hub side of open data: builds the county's datasets on a schedule from the hub's real data, validates every
// record against the official schemas before publishing it (a failed build or an invalid record keeps the last
// good version, and the error names the dataset and the field), and hands the files to releases.
import { createHash } from 'node:crypto';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import {
  DATASETS,
  DatasetBuildError,
  buildDisplayAvailability,
  buildDownloadStats,
  buildRegional,
  buildWifiUsage,
  type BuiltDataset,
  type DownloadCount,
  type UsageRow,
} from './datasets.ts';
import { catalogRecord, datasetRecord, type CatalogSettings, type RecordOverrides } from './dcat.ts';
import { editedDef, type CatalogueEdits, type DatasetEdit } from './catalogue-edits.ts';
import { OPENDATA_INDEX, itemName, type IndexEntry, type OpendataIndex } from './release-item.ts';
import type { HubOpendataStore, StoredDataset } from './store.ts';
import type { RecordValidator } from './validate.ts';

export interface HubSources {
  /** hourly figures of every site */
  figures(): UsageRow[];
  /** regional feed files (last good copies) and their source URLs */
  regional(): { files: Record<string, Buffer>; sources: string[] };
  /** download counts reported by the sites */
  downloads(): DownloadCount[];
}

/** The sources as one build round reads them: each read at most once per round (the figures feed two datasets). */
export type Builder = (now: number, src: HubSources) => BuiltDataset;

function onceEach(src: HubSources): HubSources {
  const memo = new Map<keyof HubSources, unknown>();
  const once = <K extends keyof HubSources>(k: K) => (() => {
    if (!memo.has(k)) memo.set(k, src[k]());
    return memo.get(k);
  }) as HubSources[K];
  return { figures: once('figures'), regional: once('regional'), downloads: once('downloads') };
}

export interface DatasetState {
  slug: string;
  builtAt: number | null;
  attemptedAt: number | null;
  error: string | null;
}

const overridesOf = (e: DatasetEdit | undefined): RecordOverrides => (e ? { contact: { name: e.contactName, email: e.contactEmail }, terms: e.terms, author: e.author } : {});

export function createHubDatasets(o: { store: HubOpendataStore; validator: RecordValidator; settings: () => CatalogSettings; sources: HubSources; clock: Clock; log: Logger; builders?: Record<string, Builder>; edits?: CatalogueEdits }) {
  const builders: Record<string, Builder> = o.builders ?? {
    'wifi-vyuziti': (now, src) => buildWifiUsage(src.figures(), now),
    'dostupnost-tabuli': (now, src) => buildDisplayAvailability(src.figures(), now),
    'regionalni-informace': (now, src) => {
      const r = src.regional();
      return buildRegional(r.files, r.sources, now);
    },
    'statistika-stahovani': (now, src) => buildDownloadStats(src.downloads(), now),
  };

  /** The published state as the routes read it, from SQLite once per change (a build, a failure, new settings). */
  interface Published {
    all: StoredDataset[];
    bySlug: Map<string, StoredDataset>;
    records: Record<string, unknown>[];
    catalog?: Record<string, unknown>;
  }
  let published: Published | undefined;
  const state = (): Published => {
    if (!published) {
      const all = o.store.all();
      published = { all, bySlug: new Map(all.map((d) => [d.slug, d])), records: all.filter((d) => d.record).map((d) => d.record!) };
    }
    return published;
  };

  /** The record's structure is checked as it will be harvested, i.e. under the https: form of the public URL;
   * whether the hub's URL really is https: is the catalogue's gate (createLkodRouter), so the sites still get the data. */
  function check(slug: string, built: BuiltDataset, edit: DatasetEdit | undefined) {
    const settings = o.settings();
    const https = settings.publicUrl.startsWith('http:') ? { ...settings, publicUrl: settings.publicUrl.replace(/^http:/, 'https:') } : settings;
    return o.validator.dataset(datasetRecord(https, built, editedDef(DATASETS[slug], edit), overridesOf(edit)));
  }

  /** Builds one dataset; on any failure the stored last good version stays and the error is kept for the admin UI. */
  function buildOne(slug: string, src: HubSources = onceEach(o.sources)): { ok: boolean; error?: string } {
    const now = o.clock.now();
    published = undefined;
    try {
      const built = builders[slug](now, src);
      const settings = o.settings();
      if (!DATASETS[slug]) throw new DatasetBuildError(slug, 'no such dataset');
      const edit = o.edits?.get(slug);
      const record = datasetRecord(settings, built, editedDef(DATASETS[slug], edit), overridesOf(edit));
      const problems = check(slug, built, edit);
      if (problems.length) throw new DatasetBuildError(slug, `the record does not validate: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
      const files = built.files.map((f) => ({ name: f.name, sha256: createHash('sha256').update(f.body).digest('hex'), body: f.body }));
      const meta: Omit<IndexEntry, 'iri'> = {
        slug,
        scope: DATASETS[slug].scope,
        builtAt: built.builtAt,
        ...(built.temporalStart ? { temporalStart: built.temporalStart } : {}),
        files: built.files.map((f, i) => ({ name: f.name, format: f.format, title: f.title, size: f.body.length, sha256: files[i].sha256, rows: f.rows })),
        ...(built.preview ? { preview: built.preview } : {}),
        ...(built.sources ? { sources: built.sources } : {}),
        ...(edit ? { shown: { title: edit.title, description: edit.description, themes: edit.themes, terms: edit.terms, author: edit.author, locations: edit.locations } } : {}),
      };
      o.store.replace(slug, now, built.builtAt, record, meta, files);
      return { ok: true };
    } catch (err) {
      const msg = err instanceof DatasetBuildError ? err.message : `dataset ${slug}: ${(err as Error).message}`;
      o.store.recordFailure(slug, now, msg);
      o.log.warn({ dataset: slug, err: msg }, 'dataset build failed; keeping the last good version');
      return { ok: false, error: msg };
    }
  }

  const api = {
    buildAll(): Record<string, { ok: boolean; error?: string }> {
      const src = onceEach(o.sources);
      return Object.fromEntries(Object.keys(builders).map((slug) => [slug, buildOne(slug, src)]));
    },
    buildOne: (slug: string) => buildOne(slug),
    /** forget the cached published state (the catalogue settings changed) */
    invalidate: () => void (published = undefined),
    states(): DatasetState[] {
      const stored = state().bySlug;
      return Object.keys(builders).map((slug) => {
        const d = stored.get(slug);
        return { slug, builtAt: d?.builtAt ?? null, attemptedAt: d?.attemptedAt ?? null, error: d?.error ?? null };
      });
    },
    /** Published records: the last good build of each dataset. */
    records: (): Record<string, unknown>[] => state().records,
    record: (slug: string): Record<string, unknown> | undefined => state().bySlug.get(slug)?.record ?? undefined,
    /** The catalogue document; the same object until something changes (the routes cache its check on it). */
    catalog(): Record<string, unknown> {
      const p = state();
      return (p.catalog ??= catalogRecord(o.settings(), p.all.filter((d) => d.record).map((d) => d.slug)));
    },
    file: (slug: string, name: string) => o.store.file(slug, name),
    /** a published dataset's index entry (its files); undefined when it has no good build */
    meta(slug: string): IndexEntry | undefined {
      const d = state().bySlug.get(slug);
      return d?.record && d.meta ? (d.meta as unknown as IndexEntry) : undefined;
    },
    /** Would this edit give a valid record? Checked on the last good build (or a fresh one when there is none). */
    checkEdit(slug: string, edit: DatasetEdit) {
      const meta = api.meta(slug);
      const built: BuiltDataset = meta
        ? { slug, builtAt: meta.builtAt, temporalStart: meta.temporalStart, files: meta.files.map((f) => ({ name: f.name, format: f.format, title: f.title, body: Buffer.alloc(0), rows: f.rows })) }
        : builders[slug](o.clock.now(), onceEach(o.sources));
      return check(slug, built, edit);
    },
    /** Release items for a location: the index plus every file of the last good builds the location shows. */
    releaseFiles(locationId?: string): Record<string, Buffer> {
      const out: Record<string, Buffer> = {};
      const index: OpendataIndex = { schema: 1, datasets: [] };
      for (const d of state().all) {
        if (!d.record || !d.meta) continue;
        const meta = d.meta as unknown as IndexEntry;
        const where = o.edits?.get(d.slug)?.locations;
        if (locationId && where && !where.includes(locationId)) continue;
        index.datasets.push({ ...meta, iri: String(d.record['iri']) });
        for (const f of meta.files) {
          const row = o.store.file(d.slug, f.name);
          if (row) out[itemName(d.slug, f.name)] = row.body;
        }
      }
      out[OPENDATA_INDEX] = Buffer.from(JSON.stringify(index), 'utf8');
      return out;
    },
  };
  return api;
}
export type HubDatasets = ReturnType<typeof createHubDatasets>;
