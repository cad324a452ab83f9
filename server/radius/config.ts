// Site config for the RADIUS server: ports and the NAS clients allowed to talk to it.
import { z } from 'zod';

export const radiusConfig = z
  .strictObject({
    enabled: z.boolean().default(true).describe('start the RADIUS servers with `peron site`'),
    host: z.string().default('0.0.0.0').describe('address the UDP servers bind to'),
    authPort: z.number().int().min(0).max(65535).default(1812).describe('UDP port for Access-Request and Status-Server'),
    acctPort: z.number().int().min(0).max(65535).default(1813).describe('UDP port for accounting'),
    clients: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          address: z.string().min(1).describe('IP or CIDR'),
          secret: z.string().min(1).describe('shared secret; give it through env or a *_FILE, never in locations/'),
          macFormat: z.enum(['aabbccddeeff', 'AABBCCDDEEFF', 'aa:bb:cc:dd:ee:ff', 'AA:BB:CC:DD:EE:FF', 'aa-bb-cc-dd-ee-ff', 'AA-BB-CC-DD-EE-FF']).default('aabbccddeeff'),
          requireMessageAuthenticator: z.boolean().default(true),
          limitProxyState: z.boolean().default(true),
          coaPort: z.number().int().min(1).max(65535).default(3799),
          coaMessageAuthenticator: z.boolean().default(true),
        }),
      )
      .default([])
      .describe('NAS clients (JSON in env PERON_RADIUS_CLIENTS)'),
  })
  .prefault({});
