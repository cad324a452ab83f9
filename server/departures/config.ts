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
    import: z
      .strictObject({
        maxLineChars: z.number().int().min(1024).default(1 << 20).describe('a CSV record longer than this (characters) refuses the feed, naming file and line'),
        maxEntryMB: z.number().int().min(1).default(4096).describe('largest uncompressed file of a GTFS feed (MB); national feeds have stop_times of 1–2 GB'),
        maxTotalMB: z.number().int().min(1).default(8192).describe('largest uncompressed GTFS feed, all files together (MB)'),
        maxCompressionRatio: z.number().min(10).default(200).describe('a zip entry compressed more than this (uncompressed ÷ compressed) is refused as a zip bomb; GTFS text deflates 5–20:1'),
      })
      .prefault({})
      .describe('bounds of a GTFS import (a hostile or broken feed is refused with file, line and reason)'),
    expiryWarningDays: z.number().int().min(0).max(60).default(3).describe('boards warn when a feed\'s service ends within this many days'),
  })
  .prefault({});
