// Site side of open data: the datasets this station serves offline — the county's from the signed release
// (opendata/ items) and the station's own, built here from its feed and counters (the demo set without a hub).
// Files are built once (hourly / on a new timetable), never per request, and kept with their sha256 for ETags.
import { createHash } from 'node:crypto';
import type { ContentService } from '../content/index.ts';
import type { Logger } from '../platform/log.ts';
import type { Clock } from '../platform/clock.ts';
import {
  DATASETS,
  buildDepartures,
  buildDisplayAvailability,
  buildDownloadStats,
  buildStops,
  buildWifiUsage,
  type BuiltDataset,
  type DatasetDef,
  type DepartureLike,
  type DownloadCount,
  type Format,
  type L4,
  type StopRow,
  type UsageRow,
} from './datasets.ts';
import { OPENDATA_INDEX, itemName, opendataIndexSchema } from './release-item.ts';

export interface ServedFile {
  name: string;
  format: Format;
  title: L4;
  body: Buffer;
  sha256: string;
  rows: number;
}

export interface ServedDataset {
  slug: string;
  def: DatasetDef;
  /** 'station': built here; 'hub': from the signed release */
  origin: 'station' | 'hub';
  builtAt: number;
  temporalStart?: string;
  files: ServedFile[];
  preview?: { columns: string[]; rows: string[][] };
  sources?: string[];
  /** set when the county publishes the database under CC BY 4.0 (the catalogue edit) */
  terms?: { ccBy: true; author: string };
}

export interface SiteSources {
  stops(): StopRow[];
  /** the week's departures; may yield to the event loop between board pages (a big station walks many) */
  departures(): DepartureLike[] | Promise<DepartureLike[]>;
  /** this station's hourly figures, last 30 days */
  usage(): UsageRow[];
  downloads(): DownloadCount[];
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function served(b: BuiltDataset, origin: ServedDataset['origin']): ServedDataset {
  return {
    slug: b.slug,
    def: DATASETS[b.slug],
    origin,
    builtAt: b.builtAt,
    temporalStart: b.temporalStart,
    files: b.files.map((f) => ({ name: f.name, format: f.format, title: f.title, body: f.body, sha256: sha(f.body), rows: f.rows })),
    preview: b.preview,
    sources: b.sources,
  };
}

export function createSiteDatasets(o: { content: ContentService; sources: SiteSources; clock: Clock; log: Logger }) {
  let local = new Map<string, ServedDataset>();
  let fromRelease = new Map<string, ServedDataset>();
  const errors = new Map<string, string>();

  function readRelease() {
    const files = o.content.current().files;
    const raw = files[OPENDATA_INDEX];
    const next = new Map<string, ServedDataset>();
    if (raw) {
      try {
        const index = opendataIndexSchema.parse(JSON.parse(raw.toString('utf8')));
        for (const d of index.datasets) {
          const def = DATASETS[d.slug];
          if (!def) continue;
          const fs: ServedFile[] = [];
          for (const f of d.files) {
            const body = files[itemName(d.slug, f.name)];
            if (!body || body.length !== f.size || sha(body) !== f.sha256) throw new Error(`${itemName(d.slug, f.name)} is missing or differs from the index`);
            fs.push({ name: f.name, format: f.format, title: f.title, body, sha256: f.sha256, rows: f.rows });
          }
          const shown = d.shown;
          const edited = shown ? { ...def, title: { ...def.title, ...shown.title }, description: { ...def.description, ...shown.description }, themes: shown.themes } : def;
          next.set(d.slug, { slug: d.slug, def: edited, origin: 'hub', builtAt: d.builtAt, temporalStart: d.temporalStart, files: fs, preview: d.preview, sources: d.sources, terms: shown?.terms === 'cc-by' ? { ccBy: true, author: shown.author } : undefined });
        }
      } catch (err) {
        o.log.error({ err }, 'the release\'s open data index is unusable; serving the station\'s own datasets');
        next.clear();
      }
    }
    fromRelease = next;
    listed = undefined;
  }

  /** Rebuilds the station's own datasets, one builder per turn of the event loop (requests are served in between);
   * a builder that fails keeps its last good version. Calls while a rebuild runs coalesce into one more. */
  let running: Promise<void> | undefined;
  let again = false;
  async function rebuildOnce() {
    const now = o.clock.now();
    let usage: UsageRow[] | undefined;
    const usageOnce = () => (usage ??= o.sources.usage()); // the Wi-Fi and the displays datasets read the same figures
    const builders: [string, () => BuiltDataset | Promise<BuiltDataset>][] = [
      ['zastavky-a-nastupiste', () => buildStops(o.sources.stops(), now)],
      ['odjezdy-7-dni', async () => buildDepartures(await o.sources.departures(), now)],
      ['wifi-vyuziti', () => buildWifiUsage(usageOnce(), now)],
      ['dostupnost-tabuli', () => buildDisplayAvailability(usageOnce(), now)],
      ['statistika-stahovani', () => buildDownloadStats(o.sources.downloads(), now)],
    ];
    for (const [slug, build] of builders) {
      await new Promise((r) => setImmediate(r));
      try {
        const next = new Map(local);
        next.set(slug, served(await build(), 'station'));
        local = next;
        listed = undefined;
        errors.delete(slug);
      } catch (err) {
        errors.set(slug, (err as Error).message);
        o.log.warn({ dataset: slug, err: (err as Error).message }, 'station dataset build failed; keeping the last good version');
      }
    }
  }
  function rebuild(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await rebuildOnce();
        } while (again);
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  /** The merged list, rebuilt only when a build or a release changed it (the pages cache on its identity). */
  let listed: { list: ServedDataset[]; bySlug: Map<string, ServedDataset> } | undefined;
  function merged() {
    if (!listed) {
      const out = new Map<string, ServedDataset>();
      for (const [k, v] of local) out.set(k, v);
      for (const [k, v] of fromRelease) if (v.def.scope === 'county' || !out.has(k)) out.set(k, v);
      const order = Object.keys(DATASETS);
      const list = [...out.values()].sort((a, b) => order.indexOf(a.slug) - order.indexOf(b.slug));
      listed = { list, bySlug: new Map(list.map((d) => [d.slug, d])) };
    }
    return listed;
  }

  readRelease();
  const unsubscribe = o.content.onChange(() => readRelease());

  return {
    rebuild,
    stop: unsubscribe,
    errors: () => Object.fromEntries(errors),
    /** The station's stops and departures are always its own (fresher); county sets come from the hub when shipped. */
    list: (): ServedDataset[] => merged().list,
    get: (slug: string): ServedDataset | undefined => merged().bySlug.get(slug),
  };
}
export type SiteDatasets = ReturnType<typeof createSiteDatasets>;
