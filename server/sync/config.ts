// Site config for the sync agent: the hub it pulls releases from and the keys it trusts.
import { z } from 'zod';

export const syncConfig = z
  .strictObject({
    hubUrl: z.string().optional().describe('base URL of the county hub; unset = the site runs on its local location file'),
    siteId: z.string().optional().describe('this site\'s id at the hub (defaults to the location id)'),
    siteToken: z.string().optional().describe('credential issued at enrolment; secret'),
    trustedKeys: z.array(z.string()).default([]).describe('Ed25519 public keys (PEM or base64 SPKI) of the hub'),
    pollSeconds: z.number().int().min(10).default(300).describe('how often to poll the hub without a poke'),
  })
  .prefault({});
