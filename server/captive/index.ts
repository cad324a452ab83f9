// Captive portal capability (stub until the portal lands): probes, portal pages, controller adapters, acceptances.
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService } from '../content/index.ts';
import type { DeparturesService } from '../departures/types.ts';
import type { AcceptanceService } from './types.ts';

export type { AcceptanceService } from './types.ts';

export interface CaptiveDeps extends BaseDeps {
  config: Config;
  content: ContentService;
  departures: DeparturesService;
}

export function createCaptive(_deps: CaptiveDeps): { capability: Capability; acceptances: AcceptanceService } {
  return {
    capability: { name: 'captive' },
    acceptances: { findByMac: () => null, findUamLogin: () => null },
  };
}
