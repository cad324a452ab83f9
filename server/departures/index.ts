// Departures capability (stub until the engine lands): GTFS import, station index, realtime, API.
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService } from '../content/index.ts';
import type { DeparturesService } from './types.ts';

export type { DeparturesService, Departure, Board, BoardQuery } from './types.ts';

export interface DeparturesDeps extends BaseDeps {
  config: Config;
  content: ContentService;
}

export function createDepartures(deps: DeparturesDeps): { capability: Capability; service: DeparturesService } {
  return {
    capability: { name: 'departures' },
    service: {
      board: () => ({ generatedAt: new Date(deps.clock.now()).toISOString(), departures: [], notices: ['no timetable loaded'], live: false }),
      onChange: () => () => {},
    },
  };
}
