// The client's IP address as the portal sees it: the socket peer, or, with http.trustProxy, the right-most
// X-Forwarded-For hop that is not one of http.trustedProxies (what the last trusted proxy saw). The left part of
// the header is whatever the client wrote, so it is never taken while a trusted proxy appended after it.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { stripMapped, type TrustFn } from '../platform/proxy-trust.ts';

export function clientIp(req: IncomingMessage, trust: TrustFn | false): string {
  let ip = stripMapped(req.socket.remoteAddress ?? '');
  if (!trust || !trust(ip)) return ip;
  const xff = req.headers['x-forwarded-for'];
  if (!xff) return ip;
  const hops = (Array.isArray(xff) ? xff.join(',') : xff).split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = stripMapped(hops[i].trim());
    // a hop that is not an address was not written by a proxy we trust: the nearest proxy is the answer
    if (!isIP(hop)) return ip;
    ip = hop;
    if (!trust(hop)) return hop;
  }
  return ip;
}

