// The client's IP address as the portal sees it: the socket peer, or the first X-Forwarded-For hop when
// http.trustProxy says a reverse proxy sits in front (otherwise the header is attacker-controlled and ignored).
import type { IncomingMessage } from 'node:http';

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = req.headers['x-forwarded-for'];
    const first = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim();
    if (first) return stripMapped(first);
  }
  return stripMapped(req.socket.remoteAddress ?? '');
}

function stripMapped(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
