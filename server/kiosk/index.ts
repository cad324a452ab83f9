// Station display capability: board pages at /kiosk/<display-id>, live updates over ws at /kiosk/ws,
// the emergency message, the display registry with commands (reload, identify, speak).
import { KioskErrors } from './errors.ts';
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService } from '../content/index.ts';
import type { DeparturesService } from '../departures/index.ts';
import type { CountyAlertSource } from './emergency.ts';
import { createKioskService, type KioskService } from './kiosk-service.ts';
import { createKioskRouter } from './routes.ts';

export { WS_PATH, MESSAGE_RATE, MESSAGE_BURST } from './display-hub.ts';
export { displayKey } from './display-auth.ts';
export { FLUSH_MS } from './registry.ts';
export type { KioskService, DisplayStatus } from './kiosk-service.ts';
export type { EmergencyView, CountyAlertSource } from './emergency.ts';
export type { AnnouncementPayload, DeparturesPayload } from './board-feed.ts';
export type { DisplayConfig } from './board-view.ts';
export type { CommandName } from './display-hub.ts';

export { KioskErrors } from './errors.ts';

export interface KioskDeps extends BaseDeps {
  config: Config;
  content: ContentService;
  departures: DeparturesService;
  county?: CountyAlertSource;
}

export function createKiosk(deps: KioskDeps): { capability: Capability; service: KioskService } {
  const service = createKioskService(deps);
  return {
    service,
    capability: {
      name: 'kiosk', errors: KioskErrors,
      router: createKioskRouter(service, { adminToken: deps.config.http.adminToken }),
      start: ({ server }) => service.start(server),
      stop: () => service.stop(),
    },
  };
}
