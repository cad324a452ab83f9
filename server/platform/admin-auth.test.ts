import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { requireAdmin } from './admin-auth.ts';
import { AppError } from './errors.ts';

describe('site admin API guard', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.post('/token', requireAdmin('s3cret-token'), (_q, r) => { r.send('ok'); });
    app.post('/loop', requireAdmin(undefined), (_q, r) => { r.send('ok'); });
    app.use((err: AppError, _q: express.Request, r: express.Response, _n: express.NextFunction) => { r.status(err.status).send(err.code); });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('lets a request with the right bearer token through and refuses a wrong one', async () => {
    expect((await fetch(`${url}/token`, { method: 'POST', headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
    const bad = await fetch(`${url}/token`, { method: 'POST', headers: { authorization: 'Bearer s3cret-tokeN' } });
    expect(bad.status).toBe(401);
    expect((await fetch(`${url}/token`, { method: 'POST' })).status).toBe(401);
  });

  it('without a token configured, allows loopback callers', async () => {
    expect((await fetch(`${url}/loop`, { method: 'POST' })).status).toBe(200);
  });

  it('without a token configured, refuses a browser request sent from another origin (CSRF from a web page)', async () => {
    const post = (headers: Record<string, string>) => fetch(`${url}/loop`, { method: 'POST', headers });
    expect((await post({ origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(403);
    expect((await post({ origin: 'null' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ origin: url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });
});
