// The `departures` section of a location: which stations' departures the portal and boards show.
import { z } from 'zod';

export const departuresSection = z
  .strictObject({
    /** Stations across feeds, e.g. { feed: 'cd', stopIds: ['...'] } or a parent station id. */
    stations: z
      .array(
        z.strictObject({
          feed: z.string().min(1),
          stopIds: z.array(z.string().min(1)).min(1),
        }),
      )
      .default([]),
    limit: z.number().int().min(1).max(100).default(8),
  })
  .default({ stations: [], limit: 8 });
