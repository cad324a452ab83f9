// Guards the site's admin APIs: a bearer token (constant-time compare) or, without one configured, loopback only
// and never a browser's cross-origin request (a web page on the box must not be able to post to them: CSRF),
// nor a request a reverse proxy forwarded (behind nginx on the same host every request comes from loopback).
import type { NextFunction, Request, Response } from 'express';
import { AppError, PlatformErrors } from './errors.ts';
import { safeEqual } from './privacy.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** A browser marks its requests (Fetch Metadata, Origin); machine clients such as curl send neither. */
function crossOrigin(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/** Headers a forwarding proxy adds: such a request came from somewhere else, whatever the socket says. */
export function forwarded(req: { headers: Record<string, string | string[] | undefined> }): boolean {
  return req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined;
}

/** Loopback socket, no forwarding headers: the request was made on this machine. */
export function isLocalRequest(req: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } }): boolean {
  return LOOPBACK.test(req.socket.remoteAddress ?? '') && !forwarded(req);
}

/** A hub that sites reach at a non-loopback URL is on a network: its machine APIs need hub.adminToken. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const h = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return h === 'localhost' || LOOPBACK.test(h);
  } catch {
    return false;
  }
}

export function requireAdmin(adminToken: string | undefined) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const auth = req.headers.authorization ?? '';
    if (adminToken) {
      const m = /^Bearer (.+)$/.exec(auth);
      if (m && safeEqual(m[1], adminToken)) return next();
      return next(new AppError(PlatformErrors.UNAUTHORIZED, 'admin token required'));
    }
    if (isLocalRequest(req) && !crossOrigin(req)) return next();
    next(new AppError(PlatformErrors.FORBIDDEN, 'admin API is loopback-only without http.adminToken (forwarded requests are never local)'));
  };
}
