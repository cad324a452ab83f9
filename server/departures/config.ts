// Site config for departures: where feeds come from and how fresh realtime must be.
import { z } from 'zod';

export const departuresConfig = z
  .strictObject({
    feeds: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9-]+$/).describe('feed id; namespaces its stop, route and trip ids so feeds can be combined'),
          source: z.string().min(1).describe('zip file, folder or http(s) URL of a GTFS feed'),
          realtime: z.array(z.string()).default([]).describe('GTFS-Realtime TripUpdates/ServiceAlerts URLs or files'),
          refreshHours: z.number().min(1).max(24 * 14).default(24).describe('for a URL source: download and import again after this many hours'),
        }),
      )
      .default([])
      .describe('GTFS feeds to import (JSON in env); empty = the bundled demo feed'),
    staleAfterSeconds: z.number().int().min(10).default(120).describe('realtime older than this is shown as "no live data"'),
    realtimePollSeconds: z.number().int().min(5).max(3600).default(30).describe('how often realtime URLs and files are read'),
    windowMinutes: z.number().int().min(10).max(4320).default(180).describe('how far ahead boards look for departures by default'),
    lookbackMinutes: z.number().int().min(0).max(720).default(120).describe('a departure delayed up to this much stays on the board after its scheduled time'),
    expiryWarningDays: z.number().int().min(0).max(60).default(3).describe('boards warn when a feed\'s service ends within this many days'),
  })
  .prefault({});
