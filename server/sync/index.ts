// Sync agent capability (stub until hub sync lands): pulls signed releases from the hub, outbox of telemetry.
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService } from '../content/index.ts';

export interface SyncDeps extends BaseDeps {
  config: Config;
  content: ContentService;
}

export function createSync(_deps: SyncDeps): { capability: Capability } {
  return { capability: { name: 'sync' } };
}
