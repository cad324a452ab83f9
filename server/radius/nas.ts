// The NAS clients allowed to talk to us (site config): matched by source address (IP or IPv4 CIDR).
import { readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import type { Config } from '../config-schema.ts';
import { ConfigError } from '../platform/errors.ts';
import type { MacFormat } from './mac.ts';

export interface Nas {
  name: string;
  address: string;
  secret: Buffer;
  macFormat: MacFormat;
  requireMessageAuthenticator: boolean;
  limitProxyState: boolean;
  coaPort: number;
  coaMessageAuthenticator: boolean;
}

export interface NasTable {
  /** the NAS a packet from this source address belongs to, or null (dropped and counted) */
  lookup(address: string): Nas | null;
  byName(name: string): Nas | undefined;
  all(): Nas[];
}

function ipv4ToInt(a: string): number {
  return a.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);
}

export function createNasTable(clients: Config['radius']['clients']): NasTable {
  const exact = new Map<string, Nas>();
  const ranges: { base: number; mask: number; nas: Nas }[] = [];
  const list: Nas[] = [];
  clients.forEach((c, i) => {
    const field = `radius.clients.${i}`;
    let secret = c.secret;
    if (c.secretFile) {
      try {
        secret = readFileSync(c.secretFile, 'utf8').trim();
      } catch (err) {
        throw new ConfigError('cannot read the secret file', { file: c.secretFile, field: `${field}.secretFile`, cause: err });
      }
    }
    if (!secret) throw new ConfigError('a NAS client needs secret or secretFile', { field: `${field}.secret` });
    const nas: Nas = { ...c, secret: Buffer.from(secret, 'utf8') } as Nas;
    list.push(nas);
    const [addr, bits] = c.address.split('/');
    if (bits === undefined) {
      exact.set(addr.toLowerCase(), nas);
      return;
    }
    const n = Number(bits);
    if (!isIPv4(addr) || !Number.isInteger(n) || n < 0 || n > 32) throw new ConfigError(`"${c.address}" is not an IPv4 CIDR`, { field: `${field}.address` });
    const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
    ranges.push({ base: (ipv4ToInt(addr) & mask) >>> 0, mask, nas });
  });
  ranges.sort((a, b) => b.mask - a.mask); // most specific first
  const cache = new Map<string, Nas | null>();
  return {
    lookup(address) {
      const a = address.startsWith('::ffff:') ? address.slice(7) : address;
      const hit = cache.get(a);
      if (hit !== undefined) return hit;
      let found = exact.get(a.toLowerCase()) ?? null;
      if (!found && isIPv4(a)) {
        const n = ipv4ToInt(a);
        found = ranges.find((r) => ((n & r.mask) >>> 0) === r.base)?.nas ?? null;
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(a, found);
      return found;
    },
    byName: (name) => list.find((n) => n.name === name),
    all: () => list,
  };
}
