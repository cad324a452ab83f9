// Hub capability (stub until the hub lands): admin UI, release builder and signer, telemetry intake.
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';

export interface HubDeps extends BaseDeps {
  config: Config;
}

export function createHub(_deps: HubDeps): { capability: Capability } {
  return { capability: { name: 'hub' } };
}
