// Open-data capability: the county's datasets built at the hub and published as an NKOD-harvestable LKOD
// (DCAT-AP-CZ 2024-05-28), shipped to the sites in the signed release, and served by each site offline under /data.
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import { createHubDatasets, type HubSources } from './hub.ts';
import { Router } from 'express';
import { createCatalogueEdits } from './catalogue-edits.ts';
import { createCatalogueAdminRouter, type CatalogueAdminHooks } from './catalogue-admin.ts';
import { createLkodRouter } from './hub-routes.ts';
import { createHubOpendataStore } from './store.ts';
import { createRecordValidator } from './validate.ts';
import type { CatalogSettings } from './dcat.ts';
import { Counter } from 'prom-client';
import type { ContentService } from '../content/index.ts';
import type { DeparturesEngine } from '../departures/index.ts';
import { METRICS } from '../platform/metric-names.ts';
import { createSiteDatasets } from './site.ts';
import { createOpendataSiteRouter } from './site-routes.ts';
import { createDatasetPages } from './dataset-pages.ts';
import { createSiteFiguresReader } from './store.ts';
import { localDay, type DownloadCount, type StopRow } from './datasets.ts';

export { createRecordValidator, DCAT_CONTEXT, type RecordProblem, type RecordValidator } from './validate.ts';
export { DATASETS, DatasetBuildError, type BuiltDataset, type UsageRow, type DownloadCount } from './datasets.ts';
export { OPENDATA_PREFIX, OPENDATA_INDEX, opendataIndexSchema } from './release-item.ts';
export { checkPublicUrl, CatalogUrlError } from './dcat.ts';
export type { HubSources, HubDatasets } from './hub.ts';

export interface OpendataHubDeps extends BaseDeps {
  config: Config;
  sources: HubSources;
  /** the sites' labelled hourly counters (downloads, page views) */
  counts: () => { hour: string; key: string; n: number }[];
  /** the admin UI's session, pages and audit, for the catalogue editing pages (county admin) */
  admin?: CatalogueAdminHooks;
}

/** Download counts per Europe/Prague month, from the sites' hourly counters. */
export function monthlyDownloads(counts: { hour: string; key: string; n: number }[]): DownloadCount[] {
  const m = new Map<string, DownloadCount>();
  for (const c of counts) {
    if (!c.key.startsWith('download:')) continue;
    const month = localDay(Date.parse(c.hour)).slice(0, 7);
    const [dataset, distribution = ''] = c.key.slice('download:'.length).split('/');
    const k = `${month}\t${dataset}\t${distribution}`;
    const row = m.get(k) ?? { month, dataset, distribution, downloads: 0 };
    row.downloads += c.n;
    m.set(k, row);
  }
  return [...m.values()];
}

export function catalogSettings(config: Config): CatalogSettings {
  return {
    publicUrl: config.hub.publicUrl.replace(/\/+$/, ''),
    publisher: config.opendata.publisher,
    contactName: { cs: config.opendata.contactName },
    contactEmail: config.opendata.contactEmail,
    title: { cs: 'Katalog otevřených dat systému Peron', en: 'Peron open data catalogue' },
    description: {
      cs: 'Otevřená data z portálu veřejné Wi-Fi Peron na nádražích Libereckého kraje: zastávky, odjezdy, využití Wi-Fi, dostupnost tabulí, regionální informace.',
      en: 'Open data from the Peron public Wi-Fi portal at the stations of the Liberec Region: stops, departures, Wi-Fi use, display availability, regional information.',
    },
  };
}

/** The hub's half: builds, validates and keeps the county datasets; serves /lkod and the files. */
export function createOpendataHub(deps: OpendataHubDeps) {
  const log = deps.log.child({ cap: 'opendata' });
  const validator = createRecordValidator();
  const edits = createCatalogueEdits(deps.db);
  const datasets = createHubDatasets({ store: createHubOpendataStore(deps.db), validator, settings: () => catalogSettings(deps.config), sources: deps.sources, clock: deps.clock, log, edits });
  let timer: NodeJS.Timeout | undefined;
  const router = Router();
  if (deps.admin)
    router.use(createCatalogueAdminRouter({ admin: deps.admin, datasets, edits, contact: () => ({ name: deps.config.opendata.contactName, email: deps.config.opendata.contactEmail }), now: () => deps.clock.now(), t: (lang, key, v) => deps.i18n.t(lang, key, v) }));
  const capability: Capability = {
    name: 'opendata',
    router: router.use(createLkodRouter({
      datasets,
      validator,
      publicUrl: deps.config.hub.publicUrl,
      development: deps.config.opendata.development,
      indicators: { figures: deps.sources.figures, counts: deps.counts, now: () => deps.clock.now(), render: deps.render, i18n: deps.i18n, adminToken: deps.config.hub.adminToken ?? deps.config.http.adminToken },
    })),
    start() {
      datasets.buildAll();
      timer = setInterval(() => datasets.buildAll(), deps.config.opendata.buildMinutes * 60_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
  return { capability, datasets, validator };
}

export interface OpendataSiteDeps extends BaseDeps {
  config: Config;
  content: ContentService;
  engine: DeparturesEngine;
}

/** OpenAPI 3.1 description of the live departures API (the dcat:DataService distribution's endpoint description). */
export function departuresOpenApi() {
  return {
    openapi: '3.1.0',
    info: { title: 'Peron departures API', version: '1' },
    paths: {
      '/api/departures': {
        get: {
          summary: 'Next departures from this station (timetable with realtime delays where known)',
          parameters: ['lang', 'limit', 'lines', 'modes', 'platforms', 'at'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
          responses: { '200': { description: 'the board', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      '/api/departures.csv': { get: { summary: 'The same board as CSV', responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } } } } },
    },
  };
}

/** The site's half: /data pages and downloads, offline; the station's own datasets built from its feed and counters. */
export function createOpendataSite(deps: OpendataSiteDeps) {
  const log = deps.log.child({ cap: 'opendata' });
  const downloads = new Counter({ name: METRICS.opendataDownloads, help: 'dataset files downloaded from this site', labelNames: ['dataset', 'distribution'] as const, registers: [deps.metrics] });
  const views = new Counter({ name: METRICS.opendataViews, help: 'Open data pages served', labelNames: ['page'] as const, registers: [deps.metrics] });
  const figures = createSiteFiguresReader(deps.db);
  // since start, per local month; the durable count travels to the hub with the telemetry counters
  const counted = new Map<string, number>();
  const onDownload = (dataset: string, distribution: string) => {
    downloads.inc({ dataset, distribution });
    const k = `${month()}\t${dataset}\t${distribution}`;
    counted.set(k, (counted.get(k) ?? 0) + 1);
  };
  let monthFmt: { tz: string; f: Intl.DateTimeFormat } | undefined;
  const month = () => {
    const tz = deps.content.current().location.timezone;
    if (monthFmt?.tz !== tz) monthFmt = { tz, f: new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit' }) };
    return monthFmt.f.format(new Date(deps.clock.now()));
  };
  const pageBuilds = new Counter({ name: METRICS.opendataPageBuilds, help: 'Open data page parts computed (list, charts, plan): once per dataset build and language', registers: [deps.metrics] });
  const pages = createDatasetPages({ i18n: deps.i18n, now: () => deps.clock.now(), onBuild: () => pageBuilds.inc() });
  const datasets = createSiteDatasets({
    content: deps.content,
    clock: deps.clock,
    log,
    sources: {
      stops(): StopRow[] {
        const out: StopRow[] = [];
        for (const st of deps.content.current().location.departures.stations) {
          const ids = new Set(st.stopIds);
          for (const s of deps.engine.store.stopsWithCoords(st.feed)) if (ids.has(s.id) || (s.parentId !== null && ids.has(s.parentId))) out.push({ feed: st.feed, ...s });
        }
        return out;
      },
      async departures() {
        // a board holds at most 500 departures: walk the week in pages, each starting at the last one seen, and let
        // the event loop serve requests between pages (a 7-day walk of a big station takes a while)
        const start = deps.clock.now(), end = start + 7 * 86_400_000;
        const seen = new Set<string>();
        const out: ReturnType<DeparturesEngine['service']['board']>['departures'] = [];
        let at = start;
        for (let page = 0; page < 1000 && at < end; page++) {
          if (page > 0) await new Promise((r) => setImmediate(r));
          const b = deps.engine.service.board({ at: new Date(at), windowMinutes: Math.ceil((end - at) / 60_000), limit: 500 });
          let last = at, added = 0;
          for (const d of b.departures) {
            const t = Date.parse(d.scheduled);
            if (t < start || t >= end) continue;
            const k = `${d.feed}\t${d.tripId}\t${d.stopId}\t${d.scheduled}`;
            if (seen.has(k)) continue;
            seen.add(k);
            out.push(d);
            added++;
            last = Math.max(last, t);
          }
          if (added === 0 || b.departures.length < 500) break;
          at = last;
        }
        return out.sort((a, b) => a.scheduled.localeCompare(b.scheduled));
      },
      usage() {
        const since = new Date(deps.clock.now() - 30 * 86_400_000).toISOString().slice(0, 13) + ':00:00Z';
        const loc = deps.content.current().location.id;
        return figures.since(since).map((h) => ({ locationId: loc, hour: h.hour, portalViews: h.portal_views, connects: h.connects, radiusAccepts: h.radius_accepts, acctRecords: h.acct_records, acctInputOctets: h.acct_input_octets, acctOutputOctets: h.acct_output_octets, displaysUp: h.displays_up }));
      },
      downloads(): DownloadCount[] {
        return [...counted].map(([k, n]) => {
          const [m, dataset, distribution] = k.split('\t');
          return { month: m, dataset, distribution, downloads: n };
        });
      },
    },
  });
  let timer: NodeJS.Timeout | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  const capability: Capability = {
    name: 'opendata',
    router: createOpendataSiteRouter({ datasets, content: deps.content, render: deps.render, i18n: deps.i18n, onDownload, views, openapi: departuresOpenApi, pages }),
    start() {
      // off the start path: the first build runs after start returns, one dataset per turn of the event loop
      const rebuild = () => void datasets.rebuild().catch((err: unknown) => log.error({ err }, 'station datasets rebuild failed'));
      rebuild();
      timer = setInterval(rebuild, 3_600_000);
      timer.unref();
      unsubscribe = deps.engine.service.onChange((e) => {
        if (e.reason !== 'timetable' && e.reason !== 'content') return;
        clearTimeout(debounce);
        debounce = setTimeout(rebuild, 2000);
        debounce.unref();
      });
    },
    stop() {
      if (timer) clearInterval(timer);
      clearTimeout(debounce);
      unsubscribe?.();
      datasets.stop();
    },
  };
  return { capability, datasets };
}
