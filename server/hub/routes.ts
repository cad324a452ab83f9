// Hub HTTP: the hot public paths (site pointers, blobs) answered before express, and the sites' and admins' APIs.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { Router } from 'express';
import { z } from 'zod';
import { telemetrySchema, telemetryTimeProblem } from '../protocol/index.ts';
import { requireAdmin } from '../platform/admin-auth.ts';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { HubErrors } from './errors.ts';
import { createRateLimiter } from '../platform/rate-limit.ts';
import type { BlobStore } from './blobs.ts';
import type { HubService } from './service.ts';
import type { FigureRow } from './types.ts';
import { csvCell } from '../platform/csv.ts';

const LATEST = /^\/sites\/([a-z0-9][a-z0-9-]{0,62})\/latest$/;
const BLOB = /^\/blobs\/sha256\/([0-9a-f]{64})$/;

/** RFC 9110 §13.1.2: If-None-Match is a list of entity tags or "*"; strong comparison is fine for GET here. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** GET /sites/<id>/latest and GET /blobs/sha256/<hash>, kept lean so a 304 stays well under 1 KB on the wire. */
export function hubFastPath(service: HubService, blobs: BlobStore) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '';
    const path = url.includes('?') ? url.slice(0, url.indexOf('?')) : url;
    const l = LATEST.exec(path);
    if (l) {
      const latest = service.latest(l[1]);
      if (!latest) {
        res.writeHead(404, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : '{"error":{"code":"NOT_FOUND","message":"no release for this site"}}');
        return true;
      }
      const headers = { ETag: latest.etag, 'Cache-Control': 'no-cache' };
      if (matches(req.headers['if-none-match'], latest.etag)) {
        res.writeHead(304, headers);
        res.end();
        return true;
      }
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json', 'Content-Length': latest.body.length });
      res.end(req.method === 'HEAD' ? undefined : latest.body);
      return true;
    }
    const b = BLOB.exec(path);
    if (b) {
      const file = blobs.path(b[1]);
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('no such blob');
        return true;
      }
      const etag = `"${b[1]}"`;
      const headers = { ETag: etag, 'Cache-Control': 'public, max-age=31536000, immutable' };
      if (matches(req.headers['if-none-match'], etag)) {
        res.writeHead(304, headers);
        res.end();
        return true;
      }
      res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Length': size });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).on('error', () => res.destroy()).pipe(res);
      return true;
    }
    return false;
  };
}

const CSV_COLUMNS: [keyof FigureRow, string][] = [
  ['hour', 'hour_utc'],
  ['locationId', 'location_id'],
  ['siteId', 'site_id'],
  ['connects', 'accesses'],
  ['portalViews', 'portal_views'],
  ['radiusAccepts', 'radius_accepts'],
  ['radiusRejects', 'radius_rejects'],
  ['acctRecords', 'accounting_records'],
  ['acctInputOctets', 'octets_in'],
  ['acctOutputOctets', 'octets_out'],
  ['displaysUp', 'displays_up'],
];

function parseTime(v: unknown, field: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) throw new AppError(PlatformErrors.BAD_REQUEST, `${field}: expected an ISO date such as 2026-12-01`);
  return t;
}

/** enrolment attempts per client address per minute */
export const ENROL_PER_MINUTE = 20;

/** Intake of another capability's outbox part (see sync OutboxPart): validates, stores durably, returns the reply. */
export type OutboxIntake = (siteId: string, payload: unknown) => unknown;

export function createHubRouter(service: HubService, opts: { adminToken?: string; now?: () => number; outboxIntake?: Record<string, OutboxIntake> }): Router {
  const now = opts.now ?? Date.now;
  const r = Router();
  const small = express.json({ limit: '8kb' });
  const big = express.json({ limit: '4mb' });
  const admin = requireAdmin(opts.adminToken);

  // Enrolment tokens are 192-bit and single-use; the limit keeps a hammering client off the database and the log.
  const enrolLimit = createRateLimiter(ENROL_PER_MINUTE);
  r.post('/api/sync/enrol', (req, _res, next) => {
    if (!enrolLimit.allow(req.ip ?? req.socket.remoteAddress ?? '', Date.now())) return next(new AppError(PlatformErrors.RATE_LIMITED, 'too many enrolment attempts from one client'));
    next();
  }, small, (req, res) => {
    const body = z.strictObject({ token: z.string().min(10).max(200) }).safeParse(req.body);
    if (!body.success) throw new AppError(HubErrors.HUB_ENROLMENT_INVALID, 'expected {"token": "<enrolment token>"}');
    res.json(service.enrol(body.data.token));
  });

  r.post('/api/sync/telemetry', (req, _res, next) => {
    const siteId = service.authenticate(req.headers.authorization);
    if (!siteId) return next(new AppError(HubErrors.HUB_SITE_UNAUTHORIZED, 'site credential required'));
    (req as unknown as { siteId: string }).siteId = siteId;
    next();
  }, big, (req, res) => {
    const siteId = (req as unknown as { siteId: string }).siteId;
    const intakes = opts.outboxIntake ?? {};
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const parts: Record<string, unknown> = {};
    for (const k of Object.keys(intakes)) if (k in raw) {
      parts[k] = raw[k];
      delete raw[k];
    }
    const body = telemetrySchema.safeParse(raw);
    if (!body.success) {
      const i = body.error.issues[0];
      const detail = `${i.path.join('.')}: ${i.message}`;
      throw new AppError(HubErrors.HUB_INVALID_TELEMETRY, detail, { details: { detail } });
    }
    const problem = telemetryTimeProblem(body.data, now());
    if (problem) throw new AppError(HubErrors.HUB_INVALID_TELEMETRY, problem, { details: { detail: problem } });
    const replies: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(parts)) replies[k] = intakes[k](siteId, v);
    service.intake(siteId, body.data.heartbeats, body.data.hours, body.data.counts);
    // Durable (WAL, synchronous=FULL) before this acknowledgement: the site deletes only what we acknowledge.
    res.json({ ok: true, heartbeats: body.data.heartbeats.length, hours: body.data.hours.length, ...replies });
  });

  r.get('/api/figures.csv', admin, (req, res) => {
    const locationId = typeof req.query.location === 'string' && req.query.location ? req.query.location : undefined;
    const rows = service.api.figures({ locationId, from: parseTime(req.query.from, 'from'), to: parseTime(req.query.to, 'to') });
    const lines = [CSV_COLUMNS.map(([, h]) => h).join(','), ...rows.map((row) => CSV_COLUMNS.map(([k]) => csvCell(row[k])).join(','))];
    res.type('text/csv; charset=utf-8').attachment('peron-figures.csv').send(lines.join('\r\n') + '\r\n');
  });

  // Machine publishing (CI, scripts, the process tests): the same HubApi.publish the admin UI calls.
  r.post('/api/hub/locations/:locationId/publish', admin, big, async (req, res) => {
    const body = z
      .strictObject({ location: z.unknown(), files: z.record(z.string(), z.string()).default({}), actor: z.string().max(200).optional() })
      .safeParse(req.body);
    if (!body.success) throw new AppError(HubErrors.HUB_INVALID_RELEASE, 'expected {"location": {…}, "files": {"name": "<base64>"}}');
    const files = Object.fromEntries(Object.entries(body.data.files).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
    const locationId = String(req.params.locationId);
    // the actor is what the guard established (the admin token, or loopback without one), never the body's word
    const actor = opts.adminToken ? 'api:admin-token' : 'api:loopback';
    const claimed = body.data.actor ?? null;
    let result: Awaited<ReturnType<typeof service.api.publish>>;
    try {
      result = await service.api.publish(locationId, { location: body.data.location as never, files }, actor);
    } catch (err) {
      service.audit(actor, 'publish.failed', locationId, { via: 'api', claimedActor: claimed, error: (err as Error).message, files: Object.keys(files) });
      throw err;
    }
    service.audit(actor, 'publish', locationId, { via: 'api', claimedActor: claimed, sites: result.sites, files: Object.keys(files) });
    res.json(result);
  });

  r.get('/api/hub/sites', admin, (_req, res) => {
    res.json({ sites: service.api.sites(), keys: service.api.keys().map(({ id, active }) => ({ id, active })) });
  });

  return r;
}
