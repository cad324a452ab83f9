// Site config for the RADIUS server: ports, the NAS clients allowed to talk to it, caches, retention and CoA.
import { z } from 'zod';

export const macFormats = ['aabbccddeeff', 'AABBCCDDEEFF', 'aa:bb:cc:dd:ee:ff', 'AA:BB:CC:DD:EE:FF', 'aa-bb-cc-dd-ee-ff', 'AA-BB-CC-DD-EE-FF'] as const;

export const radiusClientSchema = z.strictObject({
  name: z.string().min(1).describe('NAS name used in logs, metrics and the session list'),
  address: z.string().min(1).describe('source IP or IPv4 CIDR of the NAS'),
  secret: z.string().min(1).optional().describe('shared secret; give it through env or a *_FILE, never in locations/; secret'),
  secretFile: z.string().min(1).optional().describe('file holding the shared secret (instead of secret)'),
  macFormat: z.enum(macFormats).default('aabbccddeeff').describe('how this NAS writes MACs in User-Name (documentation only: every vendor format is accepted inbound, and a Disconnect repeats the User-Name the NAS sent)'),
  requireMessageAuthenticator: z.boolean().default(true).describe('BlastRADIUS: silently drop Access-Requests without Message-Authenticator'),
  limitProxyState: z.boolean().default(true).describe('BlastRADIUS: drop Access-Requests that carry Proxy-State but no Message-Authenticator'),
  coaPort: z.number().int().min(1).max(65535).default(3799).describe('UDP port of the NAS for CoA / Disconnect (RFC 5176)'),
  coaMessageAuthenticator: z.boolean().default(true).describe('include Message-Authenticator in CoA / Disconnect requests (uspot does not accept it)'),
});

export const radiusConfig = z
  .strictObject({
    enabled: z.boolean().default(true).describe('start the RADIUS servers with `peron site`'),
    host: z.string().default('0.0.0.0').describe('address the UDP servers bind to'),
    authPort: z.number().int().min(0).max(65535).default(1812).describe('UDP port for Access-Request and Status-Server'),
    acctPort: z.number().int().min(0).max(65535).default(1813).describe('UDP port for accounting'),
    clients: z.array(radiusClientSchema).default([]).describe('NAS clients, in the site config file or as JSON in env PERON_RADIUS_CLIENTS; secrets through secretFile or env, never in locations/'),
    duplicateCacheSeconds: z.number().int().min(1).max(300).default(30).describe('how long replies are kept for retransmissions (RFC 5080 §2.2.2)'),
    duplicateCacheSize: z.number().int().min(100).default(100_000).describe('most replies kept for retransmissions'),
    retentionDays: z.number().int().min(1).max(3650).default(30).describe('days closed accounting sessions are kept before the purge'),
    reaperIntervalSeconds: z.number().int().min(1).default(60).describe('how often sessions silent for 3 × interim are closed and old ones purged'),
    coaTimeoutMs: z.number().int().min(50).default(1000).describe('wait for a CoA / Disconnect answer before retrying'),
    authLogPerSecond: z.number().min(0).default(10).describe('Access-Request decision lines logged per second (token bucket; a line counts the ones held back); 0 = none. The per-packet trace is at log.level debug'),
    authLogBurst: z.number().int().min(1).default(50).describe('decision lines logged in a burst before authLogPerSecond applies'),
    coaRetries: z.number().int().min(0).max(10).default(2).describe('CoA / Disconnect retransmissions after the first try'),
  })
  .prefault({});
