// Which peers may speak for a client (http.trustProxy + http.trustedProxies), like Express's `trust proxy` list:
// names (loopback, linklocal, uniquelocal), IPs and CIDRs. Shared by the portal's client address and express's req.ip.
import { BlockList, isIP } from 'node:net';
import type { Config } from '../config-schema.ts';
import { ConfigError } from './errors.ts';

/** Express-style names for address ranges, plus IPs and CIDRs. */
const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

export type TrustFn = (addr: string) => boolean;

/** A trust check for the configured proxies; throws on an entry that is neither a name, an IP nor a CIDR. */
export function trustedProxies(entries: readonly string[]): TrustFn {
  const list = new BlockList();
  for (const raw of entries) {
    for (const e of NAMED[raw] ?? [raw]) {
      const [addr, bits] = e.split('/');
      const family = isIP(addr);
      if (!family) throw new ConfigError(`not an IP address, CIDR or one of ${Object.keys(NAMED).join(', ')}: ${raw}`, { field: 'http.trustedProxies' });
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) list.addAddress(addr, type);
      else list.addSubnet(addr, Number(bits), type);
    }
  }
  return (addr) => {
    const ip = stripMapped(addr);
    const family = isIP(ip);
    return family !== 0 && list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** The trust check of a config: false without http.trustProxy. */
export function proxyTrust(config: Pick<Config, 'http'>): TrustFn | false {
  return config.http.trustProxy ? trustedProxies(config.http.trustedProxies) : false;
}

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.5) as the IPv4 address it is. */
export function stripMapped(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
