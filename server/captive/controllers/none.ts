// "No controller": demos, and sites where the access point's RADIUS MAC check alone decides. The client MAC
// comes from a `mac` query parameter when the AP passes one, else from the kernel ARP table by client IP
// (/proc/net/arp: works when the portal shares the clients' L2 segment).
import { readFileSync } from 'node:fs';
import { normalizeMac } from '../../platform/privacy.ts';
import type { Controller } from './types.ts';

/** The MAC the kernel has for an IP in /proc/net/arp, or null. */
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

export function createNoController(opts: { arpFile?: string } = {}): Controller {
  return {
    name: 'none',
    sessionLengthKnown: true,
    needsUamLogin: false,
    parse(rawQuery, clientIp) {
      const p = new URLSearchParams(rawQuery);
      const given = p.get('mac');
      const mac = (given && normalizeMac(given)) || arpLookup(clientIp, opts.arpFile);
      return { res: 'notyet', mac, userurl: p.get('userurl'), session: {} };
    },
    handoff(_s, _rec, onlineUrl) {
      return onlineUrl;
    },
  };
}
