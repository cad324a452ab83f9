// What every capability (captive, radius, departures, kiosk, sync, hub …) gives the app that mounts it.
import type { IncomingMessage, ServerResponse, Server } from 'node:http';
import type { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Clock } from './clock.ts';
import type { DB } from './db.ts';
import type { I18n } from './i18n.ts';
import type { Logger } from './log.ts';
import type { Renderer } from './render.ts';
import type { Privacy } from './privacy.ts';
import type { ErrorSet } from './errors.ts';

export interface Capability {
  name: string;
  /** The error codes it throws (`defineErrors`); the app checks them once: each code defined once, a message in every language. */
  errors?: ErrorSet;
  /** Mounted on the express app at '/', in the order the app lists capabilities. */
  router?: Router;
  /** Answers hot requests before express (probes, cached portal pages); returns true if it answered. */
  fastPath?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Called once the HTTP server listens (e.g. to attach a ws server); binds UDP ports, starts timers. */
  start?: (ctx: { server: Server }) => Promise<void> | void;
  /** Stops timers and sockets; must not throw. */
  stop?: () => Promise<void> | void;
}

/** Dependencies shared by every capability; passed into factories, never module singletons. */
export interface BaseDeps {
  db: DB;
  log: Logger;
  clock: Clock;
  i18n: I18n;
  render: Renderer;
  metrics: Registry;
  privacy: Privacy;
}
