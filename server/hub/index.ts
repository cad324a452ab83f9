// Hub capability (stub until the hub lands): release builder and signer, blobs, site pointers, telemetry intake.
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { HubApi } from './types.ts';

export type { HubApi, PublishInput, SiteStatus, FigureRow } from './types.ts';

export interface HubDeps extends BaseDeps {
  config: Config;
}

export function createHub(_deps: HubDeps): { capability: Capability; api: HubApi } {
  const notYet = () => {
    throw new Error('hub releases are not built yet');
  };
  return { capability: { name: 'hub' }, api: { publish: async () => notYet(), sites: () => [], figures: () => [], addSite: notYet } };
}
