// Hub config: its own port, database, signing keys (rotation), release lifetime, telemetry and export access.
import { z } from 'zod';

/** One feed of the county feed profile: fetched, validated and trimmed at the hub, shipped to sites in releases. */
export const hubFeedSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/).describe('feed id, the `feed` of the locations\' departures.stations entries (e.g. dpmlj, cz-rail)'),
  source: z.string().min(1).describe('http(s) URL of the GTFS zip, or a zip file or folder on the hub'),
  licence: z.string().default('').describe('licence note shown in the admin UI (e.g. CC0-1.0, or "none declared — ask the operator")'),
  refreshHours: z.number().min(1).max(24 * 14).default(24).describe('download, validate and trim again after this many hours'),
  locations: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)).min(1).describe('the location ids whose stations need this feed'),
  maxMB: z.number().int().min(1).max(4096).default(512).describe('largest download (MB)'),
  timeoutSeconds: z.number().int().min(5).max(3600).default(300).describe('longest download (seconds)'),
});
export type HubFeed = z.infer<typeof hubFeedSchema>;

export const hubConfig = z
  .strictObject({
    port: z.number().int().min(0).max(65535).default(8090).describe('HTTP port of the hub'),
    publicUrl: z.string().default('http://localhost:8090').describe('the URL sites use to reach the hub'),
    signingKey: z.string().optional().describe('Ed25519 private key (PEM); generated once into <dataDir>/hub/signing-key.pem if unset; secret'),
    extraKeys: z
      .array(z.string())
      .default([])
      .describe('further Ed25519 private keys (PEM) the hub holds for key rotation; their public keys are announced in every manifest; secret'),
    activeKeyId: z.string().optional().describe('id of the key that signs new releases (default: signingKey, else the generated key); `peron hub keys` lists ids'),
    releaseTtlHours: z.number().positive().default(168).describe('how long a manifest is valid; the hub re-signs a fresh version at half-life, sites past expiry report stale'),
    enrolTokenHours: z.number().positive().default(168).describe('how long an enrolment token from `peron hub site add` stays valid'),
    heartbeatRetentionDays: z.number().int().min(1).default(30).describe('how long the hub keeps site heartbeats (hourly figures are kept)'),
    adminToken: z.string().optional().describe('bearer token for the hub\'s machine APIs (/api/figures.csv, /api/hub/sites, /api/hub/locations/<id>/publish); unset = loopback only; secret'),
    feeds: z
      .array(hubFeedSchema)
      .default([])
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        for (const [i, f] of list.entries()) {
          if (seen.has(f.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `feed id "${f.id}" is listed twice` });
          seen.add(f.id);
        }
      })
      .describe('the county feed profile: GTFS feeds the hub downloads, validates, trims per location and ships to the sites in their releases (JSON in env PERON_HUB_FEEDS)'),
    feedWarningDays: z.number().int().min(0).max(60).default(7).describe('the fleet page and /metrics warn when a feed\'s calendar ends within this many days'),
  })
  .prefault({});
