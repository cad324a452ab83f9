// Where an openNDS Connect may send the browser: the fas payload's gatewayaddress is unauthenticated (anyone can
// write a payload), so it must be one of captive.gatewayAddresses, or the portal's own domain becomes an open
// redirect (/?fas=<payload with gatewayaddress=evil.example> → Connect → http://evil.example/…).
import { BlockList, isIP } from 'node:net';
import { AppError } from '../../platform/errors.ts';
import { CaptiveErrors } from '../errors.ts';
import { normalizeMac } from '../../platform/privacy.ts';
import { neighbourMac } from './none.ts';

/** host[:port] of a gatewayaddress → allowed? Entries: IP or CIDR (any port), or a host name / host:port. */
export function gatewayAllowList(entries: readonly string[]): (gateway: string) => boolean {
  const nets = new BlockList();
  const names = new Set<string>();
  for (const e of entries) {
    const [addr, bits] = e.split('/');
    const fam = isIP(addr);
    if (fam && bits !== undefined) nets.addSubnet(addr, Number(bits), fam === 6 ? 'ipv6' : 'ipv4');
    else if (fam) nets.addAddress(addr, fam === 6 ? 'ipv6' : 'ipv4');
    else names.add(e.toLowerCase());
  }
  return (gateway) => {
    const g = gateway.toLowerCase();
    const host = g.replace(/:\d+$/, '');
    const fam = isIP(host);
    if (fam && nets.check(host, fam === 6 ? 'ipv6' : 'ipv4')) return true;
    return names.has(g) || names.has(host);
  };
}

/** Refuses a payload whose gateway is not configured, or whose clientmac the kernel contradicts (when it knows the client). */
export function checkOpenNdsPayload(f: Record<string, string>, clientIp: string, opts: { allowed: (gw: string) => boolean; arpFile?: string }): void {
  if (!opts.allowed(f.gatewayaddress ?? '')) throw new AppError(CaptiveErrors.CAPTIVE_GATEWAY_UNKNOWN, 'openNDS gatewayaddress is not in captive.gatewayAddresses');
  if (f.clientmac) {
    const seen = neighbourMac(clientIp, opts.arpFile);
    if (seen && normalizeMac(f.clientmac) !== seen) throw new AppError(CaptiveErrors.CAPTIVE_BAD_CONTROLLER_DATA, 'openNDS clientmac does not match the neighbour table');
  }
}
