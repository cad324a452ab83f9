// Site sync HTTP: GET /api/sync/status (public, no secrets) and POST /api/sync/pull ("collect now", admin only).
import { Router } from 'express';
import { requireAdmin } from '../platform/admin-auth.ts';

export function createSyncRouter(o: { status: () => unknown; pull: () => Promise<string>; adminToken?: string }): Router {
  const r = Router();
  r.get('/api/sync/status', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(o.status());
  });
  r.post('/api/sync/pull', requireAdmin(o.adminToken), async (_req, res) => {
    const result = await o.pull();
    res.json({ result, status: o.status() });
  });
  return r;
}
