// RADIUS capability (stub until the RADIUS server lands): auth and accounting over UDP, CoA client.
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService } from '../content/index.ts';
import type { AcceptanceService } from '../captive/types.ts';

export interface RadiusDeps extends BaseDeps {
  config: Config;
  content: ContentService;
  acceptances: AcceptanceService;
}

export function createRadius(_deps: RadiusDeps): { capability: Capability } {
  return { capability: { name: 'radius' } };
}
