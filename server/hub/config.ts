// Hub config: its own port, database and signing key.
import { z } from 'zod';

export const hubConfig = z
  .strictObject({
    port: z.number().int().min(0).max(65535).default(8090).describe('HTTP port of the hub'),
    publicUrl: z.string().default('http://localhost:8090').describe('the URL sites use to reach the hub'),
    signingKey: z.string().optional().describe('Ed25519 private key (PEM); generated into the data dir if unset; secret'),
  })
  .prefault({});
