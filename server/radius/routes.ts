// Site admin API of the RADIUS capability: list open sessions (no personal data) and disconnect one (RFC 5176).
import { Router } from 'express';
import { requireAdmin } from '../platform/admin-auth.ts';
import { AppError } from '../platform/errors.ts';
import { negotiateLang, type I18n } from '../platform/i18n.ts';
import type { SessionAdmin } from './sessions.ts';

export function radiusRoutes(admin: SessionAdmin, opts: { adminToken?: string; i18n: I18n }): Router {
  const r = Router();
  const guard = requireAdmin(opts.adminToken);
  r.get('/api/radius/sessions', guard, (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 1000, 1), 10_000);
    res.json({ sessions: admin.listOpen(limit) });
  });
  r.post('/api/radius/sessions/:id/disconnect', guard, async (req, res) => {
    const id = String(req.params.id);
    if (id.length > 80) throw new AppError('RADIUS_SESSION_NOT_FOUND', 'no such session');
    const result = await admin.disconnect(id);
    if (result.outcome === 'ack') return void res.json({ outcome: 'ack' });
    const code = result.outcome === 'nak' ? 'RADIUS_DISCONNECT_NAK' : 'RADIUS_DISCONNECT_TIMEOUT';
    const err = new AppError(code);
    const lang = negotiateLang({ explicit: req.query.lang, acceptLanguage: req.headers['accept-language'] });
    res.status(err.status).json({ ...result, error: { code, message: opts.i18n.t(lang, err.key) } });
  });
  return r;
}
