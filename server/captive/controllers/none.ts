// "No controller": demos, and sites where the access point's RADIUS MAC check alone decides. What this mode
// trusts: only the kernel's neighbour table, for the IP the request came from (/proc/net/arp for IPv4,
// `ip neigh` for IPv6), which is right only when the portal shares the clients' L2 segment. A `mac` query
// parameter is client-written: it is accepted only when it names the same MAC, and refused otherwise (anyone
// could otherwise accept the terms for another device's MAC and turn its Access-Reject into an Access-Accept).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { AppError } from '../../platform/errors.ts';
import { CaptiveErrors } from '../errors.ts';
import { normalizeMac } from '../../platform/privacy.ts';
import type { Controller } from './types.ts';

/** The MAC the kernel has for an IPv4 address in /proc/net/arp, or null. */
export function arpLookup(ip: string, arpFile = '/proc/net/arp'): string | null {
  let text: string;
  try {
    text = readFileSync(arpFile, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n').slice(1)) {
    const [addr, , flags, hw] = line.trim().split(/\s+/);
    if (addr === ip && flags !== '0x0' && hw && hw !== '00:00:00:00:00:00') return normalizeMac(hw);
  }
  return null;
}

/**
 * The MAC the kernel has for an IPv6 neighbour (`ip -j neigh show to <ip>`), or null. The lookup spawns `ip`
 * synchronously (the controller interface is synchronous), so answers are kept for ND_TTL_MS per address: a phone
 * loading the portal, posting Connect and reloading costs one spawn, not three, and a burst of requests from one
 * address cannot turn into a burst of processes.
 */
const ND_TTL_MS = 10_000;
const ND_MAX = 1024;
const ndCache = new Map<string, { at: number; mac: string | null }>();
export function ndLookup(ip: string, now = Date.now()): string | null {
  const hit = ndCache.get(ip);
  if (hit && now - hit.at < ND_TTL_MS) return hit.mac;
  const mac = ndSpawn(ip);
  if (ndCache.size >= ND_MAX) ndCache.clear();
  ndCache.set(ip, { at: now, mac });
  return mac;
}

function ndSpawn(ip: string): string | null {
  try {
    const out = execFileSync('ip', ['-j', 'neigh', 'show', 'to', ip], { encoding: 'utf8', timeout: 1000, stdio: ['ignore', 'pipe', 'ignore'] });
    const rows = JSON.parse(out || '[]') as { dst?: string; lladdr?: string; state?: string[] }[];
    const row = rows.find((r) => r.lladdr && !(r.state ?? []).includes('FAILED') && !(r.state ?? []).includes('INCOMPLETE'));
    return row?.lladdr ? normalizeMac(row.lladdr) : null;
  } catch {
    return null;
  }
}

/** The neighbour-table MAC of a client IP (IPv4 from the ARP file, IPv6 from `ip neigh`; loopback has none). */
export function neighbourMac(ip: string, arpFile?: string): string | null {
  const family = isIP(ip);
  if (family === 4) return arpLookup(ip, arpFile);
  if (family === 6 && ip !== '::1') return ndLookup(ip);
  return null;
}

export function createNoController(opts: { arpFile?: string } = {}): Controller {
  return {
    name: 'none',
    sessionLengthKnown: true,
    needsUamLogin: false,
    parse(rawQuery, clientIp) {
      const p = new URLSearchParams(rawQuery);
      const mac = neighbourMac(clientIp, opts.arpFile);
      const given = p.get('mac');
      if (given !== null && given !== '' && normalizeMac(given) !== mac) {
        throw new AppError(CaptiveErrors.CAPTIVE_BAD_CONTROLLER_DATA, mac ? 'mac parameter does not match the neighbour table for this client' : 'mac parameter given but this client is not in the neighbour table');
      }
      return { res: 'notyet', mac, userurl: p.get('userurl'), session: {} };
    },
    handoff(_s, _rec, onlineUrl) {
      return onlineUrl;
    },
  };
}
