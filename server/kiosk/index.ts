// Station display capability (stub until the boards land): /kiosk/<display-id>, ws updates, display registry.
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService } from '../content/index.ts';
import type { DeparturesService } from '../departures/types.ts';

export interface KioskDeps extends BaseDeps {
  config: Config;
  content: ContentService;
  departures: DeparturesService;
}

export function createKiosk(_deps: KioskDeps): { capability: Capability } {
  return { capability: { name: 'kiosk' } };
}
