// The `departures` section of a location: which stations' departures the portal and boards show.
import { z } from 'zod';

const MODE_NAMES = ['train', 'bus', 'tram', 'trolleybus', 'metro', 'ferry', 'cablecar', 'other'] as const;

export const departuresSection = z
  .strictObject({
    /** Stations across feeds, e.g. { feed: 'cd', stopIds: ['...'] } or a parent station id. One station may list several feeds. */
    stations: z
      .array(
        z.strictObject({
          feed: z.string().min(1),
          stopIds: z.array(z.string().min(1)).min(1),
          /** the ids still to be checked against the live feed on a connected machine */
          verify: z.boolean().optional(),
          /** a human note shown to the operator (what the ids are) */
          note: z.string().optional(),
        }),
      )
      .default([]),
    limit: z.number().int().min(1).max(100).default(8),
    /** "via" stops per row: how many, and the location's important stops by name (default: the trip's busiest stops) */
    via: z.strictObject({ count: z.number().int().min(0).max(8).default(3), stops: z.array(z.string().min(1)).default([]) }).optional(),
    /**
     * The cross-feed duplicate rule: a journey in two feeds at this station (same line after `lineAliases`, same mode,
     * same scheduled minute, at stops listed for this station — never matched by stop name) shows once, from the
     * first `prefer` entry that matches its mode/line; without a match, from the feed listed first in `stations`.
     */
    duplicates: z
      .strictObject({
        prefer: z.array(z.strictObject({ feed: z.string().min(1), modes: z.array(z.enum(MODE_NAMES)).optional(), lines: z.array(z.string().min(1)).optional() })).default([]),
        /** per feed, a regular expression on the line name and its replacement, e.g. national 545011 → DPMLJ 11 */
        lineAliases: z.array(z.strictObject({ feed: z.string().min(1), pattern: z.string().min(1), replace: z.string() })).default([]),
      })
      .optional(),
  })
  .default({ stations: [], limit: 8 });
