// The whole configuration of `peron site` and `peron hub`: platform keys plus each capability's section.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { captiveConfig } from './captive/config.ts';
import { radiusConfig } from './radius/config.ts';
import { departuresConfig } from './departures/config.ts';
import { kioskConfig } from './kiosk/config.ts';
import { syncConfig } from './sync/config.ts';
import { hubConfig } from './hub/config.ts';
import { adminConfig } from './admin/config.ts';
import { feedbackConfig } from './feedback/config.ts';
import { opendataConfig } from './opendata/config.ts';
import { alertsConfig } from './alerts/config.ts';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export const configSchema = z.strictObject({
  dataDir: z.string().default('./data').describe('folder for the SQLite databases and downloaded content'),
  location: z.string().default('liberec-hlavni-nadrazi').describe('id of the location this site serves (a file in locationsDir)'),
  locationsDir: z.string().default(join(repoRoot, 'locations')).describe('folder of location YAML files'),
  http: z
    .strictObject({
      host: z.string().default('0.0.0.0').describe('address the HTTP server binds to'),
      port: z.number().int().min(0).max(65535).default(8080).describe('HTTP port of the site server'),
      publicUrl: z.string().default('http://localhost:8080').describe('how clients reach the portal (used in redirects and RFC 8908)'),
      trustProxy: z.boolean().default(false).describe('take the client address from X-Forwarded-For: the right-most hop not in http.trustedProxies, only when the peer itself is one'),
      trustedProxies: z.array(z.string()).default(['loopback']).describe('reverse proxies trusted with X-Forwarded-For: IPs, CIDRs or loopback, linklocal, uniquelocal (as Express trust proxy)'),
      adminToken: z.string().optional().describe('bearer token for the site\'s admin APIs (emergency message, disconnect); unset = loopback only; secret'),
    })
    .prefault({}),
  site: z
    .strictObject({
      workers: z.number().int().min(0).max(64).default(0).describe('processes serving the portal and RADIUS on the same ports (SO_REUSEPORT) beside one owner process; 0 (default) = one per CPU core; 1 = everything in one process'),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('log level'),
      format: z
        .enum(['auto', 'pretty', 'json'])
        .default('auto')
        .describe('auto: one readable line per event on a terminal, JSON lines otherwise (systemd/journald, pipes); pretty or json force one'),
    })
    .prefault({}),
  privacy: z
    .strictObject({
      hashKey: z.string().optional().describe('key for hashing MAC/IP; generated and kept in the database if unset; secret'),
    })
    .prefault({}),
  captive: captiveConfig,
  radius: radiusConfig,
  departures: departuresConfig,
  kiosk: kioskConfig,
  sync: syncConfig,
  hub: hubConfig,
  admin: adminConfig,
  feedback: feedbackConfig,
  opendata: opendataConfig,
  alerts: alertsConfig,
});

export type Config = z.infer<typeof configSchema>;
