// The display capability over real HTTP and ws: emergency API (validation, durability, hub message, admin
// token), the board protocol, the registry, commands, announcement expiry, a failing departures engine.
import { completeBoard, type ChangeEvent } from '../departures/index.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createSiteApp, type RunningApp, type SiteServices } from '../app.ts';
import { testConfig } from '../../test/helpers/config.ts';
import { departure, scriptedDepartures } from '../../test/helpers/kiosk-scripted-departures.ts';
import type { Config } from '../config-schema.ts';
import type { DeparturesService } from '../departures/types.ts';
import { displayKey } from './index.ts';

const running: (RunningApp & SiteServices)[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  for (const a of running.splice(0)) await a.close();
});

let last: RunningApp | undefined;
async function start(config: Config = testConfig(), departures: DeparturesService = scriptedDepartures()) {
  const app = createSiteApp({ config, departures });
  const port = await app.listen(0);
  running.push(app);
  last = app;
  return { app, base: `http://127.0.0.1:${port}`, port };
}

async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, any> | null };
}

interface Msg { type: string; serverTime: number; [k: string]: any }

/** A board as the display's box runs it: same-origin page, the display key from kiosk.env sent on open. */
function board(port: number, id: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/kiosk/ws?display=${id}`, { headers, origin: `http://127.0.0.1:${port}` });
  sockets.push(ws);
  ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', key: displayKey(last!.deps.privacy, id) })));
  const msgs: Msg[] = [];
  ws.on('message', (d) => msgs.push(JSON.parse(String(d))));
  const next = (type: string, pred: (m: Msg) => boolean = () => true, from = 0): Promise<Msg> =>
    vi.waitFor(
      () => {
        const m = msgs.slice(from).find((x) => x.type === type && pred(x));
        if (!m) throw new Error(`no ${type} message; got ${msgs.map((x) => x.type).join(', ')}`);
        return m;
      },
      { timeout: 5_000, interval: 25 },
    );
  return { ws, msgs, next };
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('emergency API', () => {
  it('rejects a message without expiry or with a past expiry and changes nothing', async () => {
    const { base } = await start();
    const a = await call(base, 'PUT', '/api/emergency', { text: 'Pozor' });
    expect(a.status).toBe(400);
    expect(a.body!.error).toMatchObject({ code: 'KIOSK_EMERGENCY_INVALID', message: 'Neplatné mimořádné oznámení' });
    expect(a.body!.error.detail).toMatch(/^expires: /);
    const b = await call(base, 'PUT', '/api/emergency', { text: 'Pozor', expires: new Date(Date.now() - 1000).toISOString() });
    expect(b.status).toBe(400);
    expect(b.body!.error.detail).toBe('expires: must be in the future');
    const c = await call(base, 'PUT', '/api/emergency', { text: { en: 'no Czech' }, expires: inAnHour() });
    expect(c.status).toBe(400);
    expect((await call(base, 'GET', '/api/emergency')).body).toEqual({ emergency: null });
  });

  it('keeps a set message across a server restart and renders it in the first paint', async () => {
    const config = testConfig();
    const first = await start(config);
    const expires = inAnHour();
    const put = await call(first.base, 'PUT', '/api/emergency', { text: { cs: 'Uzavřená hala', en: 'Hall closed' }, expires });
    expect(put.body!.emergency).toMatchObject({ source: 'site', text: { cs: 'Uzavřená hala', en: 'Hall closed', de: 'Uzavřená hala' }, expires: Date.parse(expires) });
    await first.app.close();
    running.splice(running.indexOf(first.app), 1);
    const second = await start(config);
    expect((await call(second.base, 'GET', '/api/emergency')).body!.emergency.text.cs).toBe('Uzavřená hala');
    const html = await (await fetch(`${second.base}/kiosk/hala-odjezdy`)).text();
    expect(html).toMatch(/<div id="emergency" class="emergency" role="alert">[\s\S]*Uzavřená hala/);
  });

  it('pushes the hub emergency from the content and lets the site dismiss it', async () => {
    const { app, base, port } = await start();
    const b = board(port, 'hala-odjezdy');
    await b.next('emergency.updated');
    const loc = app.content.current().location;
    app.content.replace({ ...loc, emergency: { text: { cs: 'Povodeň', en: 'Flood', de: 'Hochwasser', pl: 'Powódź' }, expires: inAnHour() } }, 'release:7');
    const m = await b.next('emergency.updated', (x) => x.emergency?.source === 'hub');
    expect(m.emergency.text.de).toBe('Hochwasser');
    expect(typeof m.serverTime).toBe('number');
    expect((await call(base, 'DELETE', '/api/emergency')).body).toEqual({ cleared: true });
    await b.next('emergency.updated', (x) => x.emergency === null, b.msgs.indexOf(m) + 1);
    expect((await call(base, 'GET', '/api/emergency')).body).toEqual({ emergency: null });
  });

  it('requires the bearer token when http.adminToken is set', async () => {
    const { base } = await start(testConfig({ 'http.adminToken': 's3cret-token' }));
    expect((await call(base, 'PUT', '/api/emergency', { text: 'x', expires: inAnHour() })).status).toBe(401);
    expect((await call(base, 'GET', '/api/displays', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await call(base, 'PUT', '/api/emergency', { text: 'x', expires: inAnHour() }, { authorization: 'Bearer s3cret-token' })).status).toBe(200);
  });
});

describe('board protocol', () => {
  it('refuses unknown displays and foreign origins at the upgrade', async () => {
    const { port } = await start();
    const status = (id: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/kiosk/ws?display=${id}`, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => {});
      });
    expect(await status('no-such', { origin: `http://127.0.0.1:${port}` })).toBe(404);
    expect(await status('hala-odjezdy')).toBe(403);
    expect(await status('hala-odjezdy', { origin: 'http://evil.example' })).toBe(403);
    expect(await status('hala-odjezdy', { origin: `http://127.0.0.1:${port}` })).toBe(101);
  });

  it('refuses an unparsable Origin (a sandboxed frame sends "null") and keeps serving', async () => {
    const { port, base } = await start();
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/kiosk/ws?display=hala-odjezdy`, { headers: { origin: 'null' } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(403);
    expect((await fetch(`${base}/kiosk/hala-odjezdy`)).status).toBe(200);
  });

  it('sends the state on connect, departures changes, heartbeat acks, and survives garbage', async () => {
    const dep = scriptedDepartures({ departures: [departure(Date.now(), 5)] });
    const { base, port } = await start(testConfig(), dep);
    const b = board(port, 'hala-odjezdy');
    const hello = await b.next('hello');
    expect(hello).toMatchObject({ displayId: 'hala-odjezdy', display: { layout: 'landscape', languages: ['cs', 'en', 'de'], rotation: 0 } });
    const first = await b.next('departures.updated');
    expect(first.board.rows).toHaveLength(1);
    await b.next('announcements.updated');
    await b.next('emergency.updated');
    b.ws.send('not json');
    b.ws.send(JSON.stringify({ type: 'heartbeat', clientVersion: 'x', shows: 'live', heapBytes: 1234, uptimeSeconds: 5, clockOffsetMs: -20 }));
    const ack = await b.next('heartbeat.ack');
    expect(ack.boardVersion).toBe(first.board.version);
    const d = (await call(base, 'GET', '/api/displays/hala-odjezdy')).body!.display;
    expect(d).toMatchObject({ id: 'hala-odjezdy', connected: true, up: true, shows: 'live', heapBytes: 1234, clockOffsetMs: -20 });
    const before = Date.now();
    dep.set({ departures: [departure(Date.now(), 5), departure(Date.now(), 9, { line: 'Os 2', delay: 4 })] });
    const upd = await b.next('departures.updated', (m) => m.board.rows.length === 2);
    expect(upd.serverTime).toBeGreaterThanOrEqual(before - 5);
    expect(upd.board.rows[1]).toMatchObject({ line: 'Os 2', delayMin: 4, cancelled: false });
  });

  it('keeps the last good board when the departures service throws', async () => {
    let fail = false;
    let good = completeBoard({ generatedAt: new Date().toISOString(), departures: [departure(Date.now(), 5)], notices: [], live: true });
    const listeners: ((e: ChangeEvent) => void)[] = [];
    const svc: DeparturesService = {
      board: () => {
        if (fail) throw new Error('engine broke');
        return good;
      },
      onChange: (fn) => (listeners.push(fn), () => {}),
    };
    const { port, base } = await start(testConfig(), svc);
    const b = board(port, 'hala-odjezdy');
    await b.next('departures.updated');
    fail = true;
    listeners.forEach((fn) => fn({ reason: 'realtime', dataVersion: 1 }));
    expect(await (await fetch(`${base}/kiosk/hala-odjezdy`)).text()).toContain('R14');
    // the engine recovers with a new board: the board gets that one, and nothing was sent for the failed change
    fail = false;
    good = completeBoard({ generatedAt: new Date().toISOString(), departures: [departure(Date.now(), 5), departure(Date.now(), 9, { line: 'Os 2' })], notices: [], live: true });
    listeners.forEach((fn) => fn({ reason: 'realtime', dataVersion: 2 }));
    await b.next('departures.updated', (m) => m.board.rows.length === 2);
    expect(b.msgs.filter((m) => m.type === 'departures.updated')).toHaveLength(2);
  });

  it('drops an announcement at its validTo and pushes the change', async () => {
    const { app, port } = await start();
    const loc = app.content.current().location;
    const text = { cs: 'Výluka', en: 'Works', de: 'Bauarbeiten', pl: 'Prace' };
    app.content.replace({ ...loc, announcements: [{ id: 'short', text, validTo: new Date(Date.now() + 1200).toISOString() }, { id: 'later', text, validFrom: new Date(Date.now() + 3_600_000).toISOString() }] }, 'test');
    const b = board(port, 'hala-odjezdy');
    const m = await b.next('announcements.updated');
    expect(m.announcements.map((a: { id: string }) => a.id)).toEqual(['short']);
    await b.next('announcements.updated', (x) => x.announcements.length === 0, b.msgs.indexOf(m) + 1);
  });

  it('asks a board to reload when its layout changes in new content', async () => {
    const { app, port } = await start();
    const b = board(port, 'nastupiste-1');
    await b.next('hello');
    const loc = app.content.current().location;
    app.content.replace({ ...loc, displays: loc.displays.map((d) => (d.id === 'nastupiste-1' ? { ...d, rotation: 90 } : d)) }, 'release:8');
    const m = await b.next('config.updated');
    expect(m.display).toMatchObject({ id: 'nastupiste-1', rotation: 90 });
  });
});

describe('display registry and commands', () => {
  it('forgets at start a display removed from the location a week after its last heartbeat, and keeps the configured ones', async () => {
    const config = testConfig();
    const first = await start(config);
    const db = first.app.deps.db;
    const old = Date.now() - 8 * 86_400_000;
    const row = db.prepare('INSERT INTO kiosk_displays (id, first_seen, last_seen, connected) VALUES (?, ?, ?, 0)');
    row.run('removed-last-month', old, old);
    row.run('removed-yesterday', old, Date.now() - 86_400_000);
    row.run('hala-odjezdy', old, old);
    await first.app.close();
    running.splice(running.indexOf(first.app), 1);
    const second = await start(config);
    const ids = (await call(second.base, 'GET', '/api/displays')).body!.displays.map((d: { id: string }) => d.id);
    expect(ids).toEqual(['hala-odjezdy', 'nastupiste-1', 'removed-yesterday']);
  });

  it('lists configured displays that never connected as down, and answers commands clearly', async () => {
    const { base, port } = await start();
    const list = (await call(base, 'GET', '/api/displays')).body!.displays;
    expect(list.map((d: { id: string; up: boolean }) => [d.id, d.up])).toEqual([['hala-odjezdy', false], ['nastupiste-1', false]]);
    expect((await call(base, 'GET', '/api/displays/nope')).status).toBe(404);
    expect((await call(base, 'GET', '/kiosk/hala-odjezdy/status.json')).body).toEqual({ id: 'hala-odjezdy', up: false, lastSeenAgoSeconds: null });
    expect((await call(base, 'POST', '/api/displays/nope/commands', { command: 'reload' })).status).toBe(404);
    const off = await call(base, 'POST', '/api/displays/hala-odjezdy/commands', { command: 'reload' });
    expect(off.status).toBe(409);
    expect(off.body!.error.code).toBe('KIOSK_DISPLAY_OFFLINE');
    expect((await call(base, 'POST', '/api/displays/hala-odjezdy/commands', { command: 'format-disk' })).status).toBe(400);
    const b = board(port, 'hala-odjezdy');
    await b.next('hello');
    const ok = await call(base, 'POST', '/api/displays/hala-odjezdy/commands', { command: 'identify', seconds: 20 });
    expect(ok).toEqual({ status: 202, body: { display: 'hala-odjezdy', command: 'identify', delivered: 1 } });
    expect(await b.next('command')).toMatchObject({ command: 'identify', seconds: 20 });
    expect((await call(base, 'GET', '/kiosk/hala-odjezdy/status.json')).body).toMatchObject({ id: 'hala-odjezdy', up: true });
  });

  it('renders the rotation and layout of a display from the location', async () => {
    const { app, base } = await start();
    const loc = app.content.current().location;
    app.content.replace({ ...loc, displays: [{ id: 'tv', layout: 'portrait', languages: ['pl', 'cs'], rotation: 270 }] }, 'test');
    const html = await (await fetch(`${base}/kiosk/tv`)).text();
    expect(html).toContain('<html lang="pl">');
    expect(html).toContain('class="frame portrait rot-270"');
    expect(html).toContain('Odjazdy');
  });
});
