// HTTP side of the boards: the board page per display, its static client, and the admin APIs (emergency
// message, display registry, commands, speech trigger) behind requireAdmin.
import express, { Router, type Request, type Response } from 'express';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { requireAdmin } from '../platform/admin-auth.ts';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { KioskErrors } from './errors.ts';
import type { CommandName } from './display-hub.ts';
import type { KioskService } from './kiosk-service.ts';

export const clientDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'kiosk-client');

const BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const commandBody = z.strictObject({
  command: z.enum(['reload', 'identify', 'speak']),
  seconds: z.number().int().min(1).max(300).optional(),
});

export function createKioskRouter(svc: KioskService, opts: { adminToken: string | undefined }): Router {
  const r = Router();
  const admin = requireAdmin(opts.adminToken);
  const json = express.json({ limit: '16kb' });

  // a missing or malformed file name is a plain 404 (fallthrough), not a 500 with a stack in the log per request
  r.use('/kiosk-client', express.static(clientDir, { index: false, fallthrough: true, etag: true, maxAge: 0, immutable: false }));
  r.use('/kiosk-client', (_req, _res, next) => next(new AppError(PlatformErrors.NOT_FOUND)));

  r.get('/kiosk', (_req, res) => {
    const page = svc.indexPage();
    res.type('html').send(page);
  });

  /** unauthenticated liveness of one display, for the watchdog on the display box (no details beyond up/down) */
  r.get('/kiosk/:id/status.json', (req, res) => {
    const d = svc.displays().find((x) => x.id === req.params.id && x.configured);
    if (!d) throw new AppError(KioskErrors.KIOSK_DISPLAY_UNKNOWN, `no display ${String(req.params.id)}`);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ id: d.id, up: d.up, lastSeenAgoSeconds: d.lastSeenAgoSeconds });
  });

  r.get('/kiosk/:id', (req: Request, res: Response) => {
    const id = String(req.params.id);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const page = svc.boardPage(id);
    if (!page) {
      res.status(404).type('html').send(svc.unknownPage(id));
      return;
    }
    res.setHeader('Content-Security-Policy', BOARD_CSP);
    res.type('html').send(page);
  });

  r.get('/api/emergency', admin, (_req, res) => {
    res.json({ emergency: svc.emergency.current() });
  });
  r.put('/api/emergency', admin, json, (req, res) => {
    const emergency = svc.emergency.set(req.body);
    res.json({ emergency });
  });
  r.delete('/api/emergency', admin, (_req, res) => {
    res.json({ cleared: svc.emergency.clear() });
  });

  r.get('/api/displays', admin, (_req, res) => {
    res.json({ displays: svc.displays() });
  });
  r.get('/api/displays/:id', admin, (req, res) => {
    const d = svc.displays().find((x) => x.id === req.params.id);
    if (!d) throw new AppError(KioskErrors.KIOSK_DISPLAY_UNKNOWN, `no display ${String(req.params.id)}`);
    res.json({ display: d });
  });
  /** the display key for the box's kiosk.env (PERON_KIOSK_KEY): operators only */
  r.get('/api/displays/:id/key', admin, (req, res) => {
    const id = String(req.params.id);
    if (!svc.isDisplay(id)) throw new AppError(KioskErrors.KIOSK_DISPLAY_UNKNOWN, `no display ${id}`);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ display: id, key: svc.displayKey(id), env: `PERON_KIOSK_KEY=${svc.displayKey(id)}` });
  });
  const command = (id: string, name: CommandName, seconds: number | undefined, res: Response) => {
    if (!svc.isDisplay(id)) throw new AppError(KioskErrors.KIOSK_DISPLAY_UNKNOWN, `no display ${id}`);
    const delivered = svc.command(id, name, seconds);
    if (delivered === 0) throw new AppError(KioskErrors.KIOSK_DISPLAY_OFFLINE, `display ${id} is not connected`);
    res.status(202).json({ display: id, command: name, delivered });
  };
  r.post('/api/displays/:id/commands', admin, json, (req, res) => {
    const body = commandBody.safeParse(req.body ?? {});
    if (!body.success) throw new AppError(KioskErrors.KIOSK_COMMAND_INVALID, body.error.issues[0].message, { cause: body.error, details: { detail: body.error.issues[0].message } });
    command(String(req.params.id), body.data.command, body.data.seconds, res);
  });
  /** the trigger for blind travellers (e.g. a VPN 86.790 MHz receiver, command 6, wired to the site) */
  r.post('/api/displays/:id/speak', admin, (req, res) => {
    command(String(req.params.id), 'speak', undefined, res);
  });
  return r;
}

