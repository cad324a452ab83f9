// Site config for the captive portal: which controller sends travellers here and its shared secrets.
import { z } from 'zod';

export const captiveConfig = z
  .strictObject({
    controller: z.enum(['none', 'uam', 'opennds']).default('none').describe('how travellers reach the portal: none (demo / RADIUS MAC check decides), uam (CoovaChilli/uspot), opennds (FAS level 1)'),
    uamSecret: z.string().optional().describe('UAM shared secret (CoovaChilli uamsecret); secret'),
    uamServerUrl: z.url({ protocol: /^https?$/ }).optional().describe('the exact uamserver URL configured in the controller (md is verified over the raw URL); default <http.publicUrl>/'),
    uamAuth: z.enum(['chap', 'pap']).default('chap').describe('how the logon URL carries the password'),
    fasKey: z
      .string()
      .regex(/^[A-Za-z0-9._~-]+$/, 'openNDS faskey may use only A-Z a-z 0-9 . _ ~ - (openNDS hashes it in a shell command and a URL: % \\ \' and spaces break it)')
      .optional()
      .describe('openNDS faskey, the same on the gateway; letters, digits and . _ ~ - only; secret'),
    arpFile: z.string().default('/proc/net/arp').describe('the kernel ARP table the "none" controller reads the client MAC from (IPv6: ip neigh); a mac query parameter must match it'),
    gatewayAddresses: z
      .array(z.string())
      .default([])
      .describe('openNDS gateways Connect may send a browser to: IPs or CIDRs (any port) or host[:port]; a fas payload naming another gatewayaddress is refused'),
    retentionDays: z.number().int().min(1).max(365).default(30).describe('days acceptance records are kept before the purge'),
    rateLimitPerMinute: z.number().int().min(1).default(60).describe('form posts per client per minute'),
  })
  .prefault({});
