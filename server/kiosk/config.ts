// Site config for station display screens: liveness limits, unattended-operation timers, registry thresholds.
import { z } from 'zod';

export const kioskConfig = z
  .strictObject({
    notLiveAfterSeconds: z.number().int().min(5).default(60).describe('a board shows "not live since" after this long without the server'),
    unavailableAfterSeconds: z.number().int().min(10).default(900).describe('after this long it shows "information unavailable" instead of old data'),
    heartbeatSeconds: z.number().int().min(1).max(300).default(30).describe('how often a board reports its status (heartbeat) to the site'),
    displayDownAfterSeconds: z.number().int().min(5).default(95).describe('a display without a heartbeat for this long counts as down (metric, watchdog)'),
    reconnectMaxSeconds: z.number().int().min(1).max(600).default(30).describe('cap of the jittered reconnect backoff of a board'),
    staleReloadSeconds: z.number().int().min(10).default(1800).describe('a board that has not rendered fresh data for this long reloads itself (only when the site answers)'),
    nightlyReloadAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM').default('03:30').describe('local time (location timezone) of the planned nightly reload of every board'),
    pixelShiftPx: z.number().int().min(0).max(40).default(6).describe('burn-in protection: how far (px) the board content drifts; 0 disables'),
    pixelShiftSeconds: z.number().int().min(5).default(60).describe('burn-in protection: seconds between drift steps'),
    boardRefreshSeconds: z.number().int().min(5).default(30).describe('the site re-reads the board this often even without a departures change (departures leave the window)'),
    displayHosts: z
      .array(z.string().regex(/^[A-Za-z0-9.\-\[\]:]+$/, 'host or host:port'))
      .default([])
      .describe('hosts (or host:port) the displays use to reach the site, e.g. its LAN address; a board WebSocket must come from one of these or from http.publicUrl'),
    rows: z
      .strictObject({
        landscape: z.number().int().min(1).max(30).default(8).describe('departure rows on a landscape board'),
        portrait: z.number().int().min(1).max(40).default(14).describe('departure rows on a portrait board'),
      })
      .prefault({}),
  })
  .prefault({});

export type KioskConfig = z.infer<typeof kioskConfig>;
