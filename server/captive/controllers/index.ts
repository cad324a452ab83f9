// Picks the controller adapter the site config names (captive.controller).
import type { Config } from '../../config-schema.ts';
import { createNoController } from './none.ts';
import { createOpenNdsController } from './opennds.ts';
import { createUamController } from './uam.ts';
import type { Controller } from './types.ts';

export type { Controller, ControllerSession, ControllerName } from './types.ts';

export function createController(config: Config, opts: { arpFile?: string } = {}): Controller {
  const c = config.captive;
  if (c.controller === 'uam') {
    return createUamController({ secret: c.uamSecret ?? '', uamServerUrl: c.uamServerUrl ?? config.http.publicUrl.replace(/\/?$/, '/'), auth: c.uamAuth });
  }
  if (c.controller === 'opennds') return createOpenNdsController({ fasKey: c.fasKey, gatewayAddresses: c.gatewayAddresses, arpFile: opts.arpFile ?? c.arpFile });
  return createNoController(opts);
}
