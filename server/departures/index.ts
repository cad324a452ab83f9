// Departures capability: GTFS import, per-station in-memory index, GTFS-Realtime overlay, JSON/CSV API and phone page.
import { DeparturesErrors } from './errors.ts';
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { CountyAlertView } from '../protocol/index.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService } from '../content/index.ts';
import { createEngine, type DeparturesEngine } from './engine.ts';
import { createDeparturesRouter } from './routes.ts';
import type { DeparturesService } from './types.ts';

export type { DeparturesService, Departure, Board, BoardQuery, BoardNotice, ChangeEvent, Mode } from './types.ts';
export type { DeparturesEngine, FeedStatus, RealtimeState } from './engine.ts';
export { DeparturesErrors } from './errors.ts';
export { importFeedInWorker, type ImportSource, type ImportJob } from './import-runner.ts';
export { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './feed-source.ts';
export { checkAndTrimInWorker, type CheckTrimJob, type CheckTrimReply } from './check-trim.ts';
export { completeBoard, completeDeparture } from './shapes.ts';
export { rowModel, timedRow, phoneRow, lineColour, planHref, type RowModel, type TimedRow, type PhoneRow } from './row-view.ts';

export interface DeparturesDeps extends BaseDeps {
  config: Config;
  content: ContentService;
  /** a worker process of a multi-process site: no imports, no polling (engine.ts) */
  replica?: boolean;
  /** the county-wide alert in force here (the departures page shows it) */
  countyAlert?: () => CountyAlertView | null;
}

export function createDepartures(deps: DeparturesDeps): { capability: Capability; service: DeparturesService; engine: DeparturesEngine } {
  const engine = createEngine(deps);
  return {
    capability: {
      name: 'departures', errors: DeparturesErrors,
      router: createDeparturesRouter({ ...deps, engine }),
      start: () => engine.start(),
      stop: () => engine.stop(),
    },
    service: engine.service,
    engine,
  };
}
