// Guards the site's admin APIs: a bearer token (constant-time compare) or, without one configured, loopback only
// and never a browser's cross-origin request (a web page on the box must not be able to post to them: CSRF).
import type { NextFunction, Request, Response } from 'express';
import { AppError } from './errors.ts';
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

export function requireAdmin(adminToken: string | undefined) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const auth = req.headers.authorization ?? '';
    if (adminToken) {
      const m = /^Bearer (.+)$/.exec(auth);
      if (m && safeEqual(m[1], adminToken)) return next();
      return next(new AppError('UNAUTHORIZED', 'admin token required'));
    }
    if (LOOPBACK.test(req.socket.remoteAddress ?? '') && !crossOrigin(req)) return next();
    next(new AppError('FORBIDDEN', 'admin API is loopback-only without http.adminToken'));
  };
}
