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
import { catalogRecord, datasetRecord, type CatalogSettings } from './dcat.ts';
import { OPENDATA_INDEX, itemName, type IndexEntry, type OpendataIndex } from './release-item.ts';
import type { HubOpendataStore } from './store.ts';
import type { RecordValidator } from './validate.ts';

export interface HubSources {
  /** hourly figures of every site */
  figures(): UsageRow[];
  /** regional feed files (last good copies) and their source URLs */
  regional(): { files: Record<string, Buffer>; sources: string[] };
  /** download counts reported by the sites */
  downloads(): DownloadCount[];
}

export type Builder = (now: number) => BuiltDataset;

export interface DatasetState {
  slug: string;
  builtAt: number | null;
  attemptedAt: number | null;
  error: string | null;
}

export function createHubDatasets(o: { store: HubOpendataStore; validator: RecordValidator; settings: () => CatalogSettings; sources: HubSources; clock: Clock; log: Logger; builders?: Record<string, Builder> }) {
  const builders: Record<string, Builder> = o.builders ?? {
    'wifi-vyuziti': (now) => buildWifiUsage(o.sources.figures(), now),
    'dostupnost-tabuli': (now) => buildDisplayAvailability(o.sources.figures(), now),
    'regionalni-informace': (now) => {
      const r = o.sources.regional();
      return buildRegional(r.files, r.sources, now);
    },
    'statistika-stahovani': (now) => buildDownloadStats(o.sources.downloads(), now),
  };

  /** Builds one dataset; on any failure the stored last good version stays and the error is kept for the admin UI. */
  function buildOne(slug: string): { ok: boolean; error?: string } {
    const now = o.clock.now();
    try {
      const built = builders[slug](now);
      const settings = o.settings();
      const record = datasetRecord(settings, built, DATASETS[slug]);
      // The record's structure is checked as it will be harvested, i.e. under the https: form of the public URL;
      // whether the hub's URL really is https: is the catalogue's gate (createLkodRouter), so the sites still get the data.
      const problems = o.validator.dataset(settings.publicUrl.startsWith('http:') ? datasetRecord({ ...settings, publicUrl: settings.publicUrl.replace(/^http:/, 'https:') }, built, DATASETS[slug]) : record);
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
      return Object.fromEntries(Object.keys(builders).map((slug) => [slug, buildOne(slug)]));
    },
    buildOne,
    states(): DatasetState[] {
      const stored = new Map(o.store.all().map((d) => [d.slug, d]));
      return Object.keys(builders).map((slug) => {
        const d = stored.get(slug);
        return { slug, builtAt: d?.builtAt ?? null, attemptedAt: d?.attemptedAt ?? null, error: d?.error ?? null };
      });
    },
    /** Published records: the last good build of each dataset. */
    records(): Record<string, unknown>[] {
      return o.store.all().filter((d) => d.record).map((d) => d.record!);
    },
    record(slug: string): Record<string, unknown> | undefined {
      return o.store.all().find((d) => d.slug === slug && d.record)?.record ?? undefined;
    },
    catalog(): Record<string, unknown> {
      const slugs = o.store.all().filter((d) => d.record).map((d) => d.slug);
      return catalogRecord(o.settings(), slugs);
    },
    file: (slug: string, name: string) => o.store.file(slug, name),
    meta(slug: string): IndexEntry | undefined {
      const d = o.store.all().find((x) => x.slug === slug && x.meta);
      return d ? (d.meta as unknown as IndexEntry) : undefined;
    },
    /** Release items for a location: the index plus every file of the last good builds. */
    releaseFiles(): Record<string, Buffer> {
      const out: Record<string, Buffer> = {};
      const index: OpendataIndex = { schema: 1, datasets: [] };
      for (const d of o.store.all()) {
        if (!d.record || !d.meta) continue;
        const meta = d.meta as unknown as IndexEntry;
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
