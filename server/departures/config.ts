// Site config for departures: where feeds come from and how fresh realtime must be.
import { z } from 'zod';

export const departuresConfig = z
  .strictObject({
    feeds: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9-]+$/),
          source: z.string().min(1).describe('zip file, folder or http(s) URL of a GTFS feed'),
          realtime: z.array(z.string()).default([]).describe('GTFS-Realtime TripUpdates/ServiceAlerts URLs or files'),
        }),
      )
      .default([])
      .describe('GTFS feeds to import (JSON in env); empty = the bundled demo feed'),
    staleAfterSeconds: z.number().int().min(10).default(120).describe('realtime older than this is shown as "no live data"'),
  })
  .prefault({});
