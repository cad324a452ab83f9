// Site admin API of the RADIUS capability: list open sessions (no personal data) and disconnect one (RFC 5176).
import { Router } from 'express';
import { requireAdmin } from '../platform/admin-auth.ts';
import { AppError } from '../platform/errors.ts';
import { RadiusErrors } from './errors.ts';
import type { SessionAdmin } from './sessions.ts';

export function createRadiusRouter(admin: SessionAdmin, opts: { adminToken?: string }): Router {
  const r = Router();
  const guard = requireAdmin(opts.adminToken);
  r.get('/api/radius/sessions', guard, (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 1000, 1), 10_000);
    res.json({ sessions: admin.listOpen(limit) });
  });
  r.post('/api/radius/sessions/:id/disconnect', guard, async (req, res) => {
    const id = String(req.params.id);
    if (id.length > 80) throw new AppError(RadiusErrors.RADIUS_SESSION_NOT_FOUND, 'no such session');
    const result = await admin.disconnect(id);
    if (result.outcome === 'ack') return void res.json({ outcome: 'ack' });
    const code = result.outcome === 'nak' ? RadiusErrors.RADIUS_DISCONNECT_NAK : RadiusErrors.RADIUS_DISCONNECT_TIMEOUT;
    throw new AppError(code, `disconnect of ${id}: ${result.outcome}`, { body: { ...result } });
  });
  return r;
}
