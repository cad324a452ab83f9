// Hub config of county alerts: the longest an alert may last and the CAP 1.2 feeds with the region they filter for.
import { z } from 'zod';
import { SEVERITIES } from '../protocol/index.ts';

const point = z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]);

export const capFeedSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/).describe('short id, used in the alert source (cap:<id>) and the audit log'),
  url: z.string().url().describe('a CAP 1.2 document, or an Atom/RSS feed whose entries are CAP documents (inline or linked)'),
  locations: z.union([z.literal('all'), z.array(z.string()).min(1)]).default('all').describe('the locations its alerts are shown at'),
});

export const alertsConfig = z
  .strictObject({
    maxHours: z.number().positive().default(72).describe('longest an alert issued in the admin UI may last'),
    capFeeds: z.array(capFeedSchema).default([]).describe('CAP 1.2 feeds read by the hub (OASIS Common Alerting Protocol)'),
    capPollSeconds: z.number().int().min(10).default(60).describe('how often the hub reads the CAP feeds'),
    capMaxBytes: z.number().int().min(1024).default(2_000_000).describe('largest CAP feed or document read'),
    capMinSeverity: z.enum(SEVERITIES).default('moderate').describe('CAP alerts less severe than this are ignored'),
    capUrgency: z.array(z.enum(['Immediate', 'Expected', 'Future', 'Past', 'Unknown'])).default(['Immediate', 'Expected']).describe('CAP urgencies taken'),
    region: z
      .strictObject({
        polygon: z.array(point).default([]).describe('the region as a polygon of [lat, lon] points (WGS 84), as CAP polygons are'),
        geocodes: z.array(z.strictObject({ valueName: z.string(), value: z.string() })).default([]).describe('CAP geocodes that mean the region (e.g. NUTS3 CZ051)'),
        areaDesc: z.array(z.string()).default([]).describe('words in a CAP areaDesc that mean the region (case-insensitive), e.g. "Liberecký kraj"'),
      })
      .prefault({}),
  })
  .prefault({});

export type AlertsConfig = z.infer<typeof alertsConfig>;
export type CapFeed = z.infer<typeof capFeedSchema>;
