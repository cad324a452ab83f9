// Guards the site's admin APIs: a bearer token (constant-time compare) or, without one configured, loopback only.
import type { NextFunction, Request, Response } from 'express';
import { AppError } from './errors.ts';
import { safeEqual } from './privacy.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function requireAdmin(adminToken: string | undefined) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const auth = req.headers.authorization ?? '';
    if (adminToken) {
      const m = /^Bearer (.+)$/.exec(auth);
      if (m && safeEqual(m[1], adminToken)) return next();
      return next(new AppError('UNAUTHORIZED', 'admin token required'));
    }
    if (LOOPBACK.test(req.socket.remoteAddress ?? '')) return next();
    next(new AppError('FORBIDDEN', 'admin API is loopback-only without http.adminToken'));
  };
}
