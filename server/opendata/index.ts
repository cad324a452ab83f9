// Open-data capability: the county's datasets built at the hub and published as an NKOD-harvestable LKOD
// (DCAT-AP-CZ 2024-05-28), shipped to the sites in the signed release, and served by each site offline under /data.
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import { createHubDatasets, type HubSources } from './hub.ts';
import { lkodRouter } from './hub-routes.ts';
import { createHubOpendataStore } from './store.ts';
import { createRecordValidator } from './validate.ts';
import type { CatalogSettings } from './dcat.ts';

export { createRecordValidator, DCAT_CONTEXT, type RecordProblem, type RecordValidator } from './validate.ts';
export { DATASETS, DatasetBuildError, type BuiltDataset, type UsageRow, type DownloadCount } from './datasets.ts';
export { OPENDATA_PREFIX, OPENDATA_INDEX, opendataIndexSchema } from './release-item.ts';
export { checkPublicUrl, CatalogUrlError } from './dcat.ts';
export type { HubSources, HubDatasets } from './hub.ts';

export interface OpendataHubDeps extends BaseDeps {
  config: Config;
  sources: HubSources;
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
  const datasets = createHubDatasets({ store: createHubOpendataStore(deps.db), validator, settings: () => catalogSettings(deps.config), sources: deps.sources, clock: deps.clock, log });
  let timer: NodeJS.Timeout | undefined;
  const capability: Capability = {
    name: 'opendata',
    router: lkodRouter({ datasets, validator, publicUrl: deps.config.hub.publicUrl, development: deps.config.opendata.development }),
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
