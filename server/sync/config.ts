// Site config for the sync agent: the hub it pulls releases from, the keys it trusts, timers and telemetry.
import { z } from 'zod';

export const syncConfig = z
  .strictObject({
    hubUrl: z.string().optional().describe('base URL of the county hub; unset = taken from the enrolment (<dataDir>/sync/enrolment.json), else the site runs on its local location file'),
    siteId: z.string().optional().describe('this site\'s id at the hub (default: from the enrolment, else the location id)'),
    siteToken: z.string().optional().describe('credential issued at enrolment (default: from the enrolment file); secret'),
    trustedKeys: z.array(z.string()).default([]).describe('Ed25519 public keys (PEM or base64 SPKI) of the hub, trusted in addition to those stored at enrolment'),
    pollSeconds: z.number().int().min(10).default(300).describe('how often to poll the hub without a poke'),
    pokeDelayMaxMs: z.number().int().min(0).default(3_000).describe('after a poke, wait a random 0…this many ms before pulling, so sites do not all arrive at once'),
    retryBaseMs: z.number().int().min(1).default(2_000).describe('first retry delay after an error (capped exponential backoff with full jitter)'),
    retryMaxMs: z.number().int().min(1).default(900_000).describe('longest retry delay after repeated errors'),
    heartbeatSeconds: z.number().int().min(1).default(60).describe('how often the site queues a heartbeat and folds its counters into the hourly figures'),
    keepReleases: z.number().int().min(2).default(2).describe('how many trusted releases (manifests and blobs) the site keeps on disk'),
    outboxMaxHeartbeats: z.number().int().min(10).default(10_080).describe('heartbeats kept while the hub is away (oldest dropped first; hourly figures are always kept)'),
  })
  .prefault({});
