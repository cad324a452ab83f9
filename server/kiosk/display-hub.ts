// The boards' live channel: a ws server on the site's HTTP server at /kiosk/ws?display=<id>. It pushes
// departures.updated, announcements.updated, emergency.updated, config.updated, command and tick (each with
// serverTime, ms since epoch), takes heartbeats into the registry, and sends each payload serialized once.
// Defences (issue 12): a browser Origin is required and must be http.publicUrl's or a configured display host
// (never compared with Host: DNS rebinding); a board proves it is the display with its key (`auth` message) before
// its heartbeats count, others watch read-only; each socket may send RATE messages a second (BURST at once),
// beyond that it is closed with 1008; heartbeats go to the in-memory registry (batched writes).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { authMessage as authMsg, heartbeatMessage as heartbeatMsg, type BoardMessageType, type BoardPayload } from '../protocol/index.ts';
import type { Logger } from '../platform/log.ts';
import type { Clock } from '../platform/clock.ts';
import type { DisplayRegistry } from './registry.ts';
import { safeEqual } from '../platform/privacy.ts';
import { rateLimitedLog } from '../platform/log.ts';
import { createRateLimiter } from '../platform/rate-limit.ts';

function parseUrl(input: string, base?: string): URL | null {
  try {
    return new URL(input, base);
  } catch {
    return null;
  }
}

export const WS_PATH = '/kiosk/ws';

export type CommandName = 'reload' | 'identify' | 'speak';

/** per-socket message budget: a board sends a heartbeat every kiosk.heartbeatSeconds, a flood is closed */
export const MESSAGE_RATE = 2;
export const MESSAGE_BURST = 20;
/** WebSocket upgrades per minute from one address: a socket closed for flooding cannot come straight back */
export const UPGRADES_PER_MINUTE = 120;

interface Conn {
  displayId: string;
  alive: boolean;
  authed: boolean;
  closing: boolean;
  tokens: number;
  at: number;
  userAgent: string | null;
}

export interface DisplayHubDeps {
  log: Logger;
  clock: Clock;
  registry: DisplayRegistry;
  isDisplay(id: string): boolean;
  /** whether a board page at this Origin may connect (http.publicUrl, kiosk.displayHosts) */
  originAllowed(origin: string): boolean;
  /** the display's key a board must present (constant-time compared) */
  displayKey(id: string): string;
  /** the messages a board gets right after connecting, as [type, payload] */
  snapshot(displayId: string): { [T in BoardMessageType]: [T, BoardPayload<T>] }[BoardMessageType][];
  /** extra fields of tick and heartbeat.ack (the current board version, so a board knows it is up to date) */
  tickPayload(): BoardPayload<'tick'>;
  /** server ping interval (ms): dead sockets are dropped, boards see a tick */
  tickMs?: number;
}

export function createDisplayHub(deps: DisplayHubDeps) {
  const { log, clock, registry } = deps;
  const warn = rateLimitedLog(log);
  const upgrades = createRateLimiter(UPGRADES_PER_MINUTE);
  const conns = new Map<WebSocket, Conn>();
  let wss: WebSocketServer | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let onUpgrade: ((req: IncomingMessage, socket: Duplex, head: Buffer) => void) | undefined;
  let httpServer: Server | undefined;

  const frame = <T extends BoardMessageType>(type: T, payload: BoardPayload<T>) => JSON.stringify({ type, serverTime: clock.now(), ...payload });

  function send(ws: WebSocket, data: string) {
    if (ws.readyState !== ws.OPEN) return;
    // a board that cannot keep up (slow link) gets dropped rather than buffering without bound
    if (ws.bufferedAmount > 1_000_000) {
      ws.terminate();
      return;
    }
    ws.send(data);
  }

  function reject(socket: Duplex, status: number, text: string) {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  function handleMessage(ws: WebSocket, conn: Conn, raw: Buffer) {
    if (conn.closing) return;
    conn.alive = true;
    const now = clock.now();
    conn.tokens = Math.min(MESSAGE_BURST, conn.tokens + ((now - conn.at) / 1000) * MESSAGE_RATE);
    conn.at = now;
    if (conn.tokens < 1) {
      conn.closing = true;
      warn('kiosk-flood', { display: conn.displayId }, 'board socket closed: too many messages');
      // stop reading at once (every frame the flooder sent meanwhile would still be parsed on the loop the portal
      // and RADIUS share); the close frame still leaves, and the socket goes whether or not the peer answers
      ws.pause();
      ws.close(1008, 'too many messages');
      setTimeout(() => ws.terminate(), 2000).unref();
      return;
    }
    conn.tokens -= 1;
    let msg: unknown;
    try {
      msg = JSON.parse(raw.toString('utf8'));
    } catch {
      log.debug({ display: conn.displayId }, 'ignoring a non-JSON board message');
      return;
    }
    const auth = authMsg.safeParse(msg);
    if (auth.success) {
      if (!safeEqual(auth.data.key, deps.displayKey(conn.displayId))) {
        conn.closing = true;
        warn('kiosk-bad-key', { display: conn.displayId }, 'board socket closed: wrong display key (check PERON_KIOSK_KEY in kiosk.env)');
        ws.close(1008, 'wrong display key');
        return;
      }
      conn.authed = true;
      registry.register(conn.displayId, now, conn.userAgent);
      send(ws, frame('auth.ok', {}));
      return;
    }
    const hb = heartbeatMsg.safeParse(msg);
    // a viewer without the display's key watches read-only: its heartbeats say nothing about the display
    if (hb.success && !conn.authed) return;
    if (!hb.success) {
      log.debug({ display: conn.displayId }, 'ignoring an unknown board message');
      return;
    }
    registry.heartbeat(conn.displayId, now, hb.data);
    send(ws, frame('heartbeat.ack', deps.tickPayload()));
  }

  return {
    start(server: Server) {
      httpServer = server;
      registry.start();
      wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024, perMessageDeflate: false });
      onUpgrade = (req, socket, head) => {
        // an unparsable URL or Origin ("null" from a sandboxed frame) is refused; a throw here would crash the site
        const url = parseUrl(req.url ?? '/', 'http://x');
        if (url?.pathname !== WS_PATH) return;
        if (!upgrades.allow(req.socket.remoteAddress ?? '', clock.now())) return reject(socket, 429, 'Too Many Requests');
        const origin = req.headers.origin;
        if (!origin || !deps.originAllowed(origin)) {
          warn('kiosk-origin', { origin: origin ?? null }, 'board socket refused: Origin missing or not http.publicUrl / kiosk.displayHosts');
          return reject(socket, 403, 'Forbidden');
        }
        const id = url.searchParams.get('display') ?? '';
        if (!deps.isDisplay(id)) return reject(socket, 404, 'Not Found');
        wss!.handleUpgrade(req, socket, head, (ws) => {
          const conn: Conn = { displayId: id, alive: true, authed: false, closing: false, tokens: MESSAGE_BURST, at: clock.now(), userAgent: String(req.headers['user-agent'] ?? '').slice(0, 200) || null };
          conns.set(ws, conn);
          ws.on('message', (raw: Buffer) => handleMessage(ws, conn, raw));
          ws.on('pong', () => (conn.alive = true));
          ws.on('error', (err) => log.debug({ err, display: id }, 'board socket error'));
          ws.on('close', () => {
            conns.delete(ws);
            if (conn.authed && ![...conns.values()].some((c) => c.displayId === id && c.authed)) registry.disconnect(id);
          });
          for (const [type, payload] of deps.snapshot(id)) send(ws, frame(type, payload));
        });
      };
      server.on('upgrade', onUpgrade);
      ticker = setInterval(() => {
        const tick = frame('tick', deps.tickPayload());
        for (const [ws, conn] of conns) {
          if (!conn.alive) {
            ws.terminate();
            continue;
          }
          conn.alive = false;
          ws.ping();
          send(ws, tick);
        }
      }, deps.tickMs ?? 10_000);
      ticker.unref();
    },
    /** Sends one message to every board (or only those matching `only`); returns how many received it. */
    broadcast<T extends BoardMessageType>(type: T, payload: BoardPayload<T>, only?: (displayId: string) => boolean): number {
      const data = frame(type, payload);
      let n = 0;
      for (const [ws, conn] of conns) {
        if (only && !only(conn.displayId)) continue;
        send(ws, data);
        n++;
      }
      return n;
    },
    command(displayId: string, command: CommandName, args: { seconds?: number } = {}): number {
      return this.broadcast('command', { command, ...args }, (id) => id === displayId);
    },
    connectedIds(): Set<string> {
      return new Set([...conns.values()].map((c) => c.displayId));
    },
    async stop() {
      clearInterval(ticker);
      if (httpServer && onUpgrade) httpServer.off('upgrade', onUpgrade);
      for (const ws of conns.keys()) ws.terminate();
      conns.clear();
      registry.stop();
      await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
    },
  };
}

export type DisplayHub = ReturnType<typeof createDisplayHub>;
