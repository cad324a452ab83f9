// Hub admin UI capability (stub until the admin UI lands): sign-in, roles, content editing, preview, audit, fleet.
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { HubApi } from '../hub/types.ts';

export interface AdminDeps extends BaseDeps {
  config: Config;
  hub: HubApi;
}

export function createAdmin(_deps: AdminDeps): { capability: Capability } {
  return { capability: { name: 'admin' } };
}
