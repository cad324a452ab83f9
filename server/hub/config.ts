// Hub config: its own port, database, signing keys (rotation), release lifetime, telemetry and export access.
import { z } from 'zod';

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
  })
  .prefault({});
