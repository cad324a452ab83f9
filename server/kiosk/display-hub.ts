// The boards' live channel: a ws server on the site's HTTP server at /kiosk/ws?display=<id>. It pushes
// departures.updated, announcements.updated, emergency.updated, config.updated, command and tick (each with
// serverTime, ms since epoch), takes heartbeats into the registry, and sends each payload serialized once.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { Logger } from '../platform/log.ts';
import type { Clock } from '../platform/clock.ts';
import type { KioskStore } from './store.ts';

function parseUrl(input: string, base?: string): URL | null {
  try {
    return new URL(input, base);
  } catch {
    return null;
  }
}

export const WS_PATH = '/kiosk/ws';

export type CommandName = 'reload' | 'identify' | 'speak';

const heartbeatMsg = z.object({
  type: z.literal('heartbeat'),
  clientVersion: z.string().max(64).optional(),
  contentVersion: z.string().max(64).optional(),
  boardVersion: z.string().max(64).optional(),
  shows: z.string().max(32).optional(),
  heapBytes: z.number().int().nonnegative().nullable().optional(),
  uptimeSeconds: z.number().int().nonnegative().optional(),
  clockOffsetMs: z.number().int().optional(),
});

interface Conn {
  displayId: string;
  alive: boolean;
}

export interface DisplayHubDeps {
  log: Logger;
  clock: Clock;
  store: KioskStore;
  isDisplay(id: string): boolean;
  /** the messages a board gets right after connecting, as [type, payload] */
  snapshot(displayId: string): [string, Record<string, unknown>][];
  /** extra fields of tick and heartbeat.ack (the current board version, so a board knows it is up to date) */
  tickPayload(): Record<string, unknown>;
  /** server ping interval (ms): dead sockets are dropped, boards see a tick */
  tickMs?: number;
}

export function createDisplayHub(deps: DisplayHubDeps) {
  const { log, clock, store } = deps;
  const conns = new Map<WebSocket, Conn>();
  let wss: WebSocketServer | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let onUpgrade: ((req: IncomingMessage, socket: Duplex, head: Buffer) => void) | undefined;
  let httpServer: Server | undefined;

  const frame = (type: string, payload: Record<string, unknown>) => JSON.stringify({ type, serverTime: clock.now(), ...payload });

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
    conn.alive = true;
    let msg: unknown;
    try {
      msg = JSON.parse(raw.toString('utf8'));
    } catch {
      log.debug({ display: conn.displayId }, 'ignoring a non-JSON board message');
      return;
    }
    const hb = heartbeatMsg.safeParse(msg);
    if (!hb.success) {
      log.debug({ display: conn.displayId }, 'ignoring an unknown board message');
      return;
    }
    try {
      store.heartbeat(conn.displayId, clock.now(), hb.data);
    } catch (err) {
      log.error({ err, display: conn.displayId }, 'heartbeat not stored');
    }
    send(ws, frame('heartbeat.ack', deps.tickPayload()));
  }

  return {
    start(server: Server) {
      httpServer = server;
      store.disconnectAll();
      wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024, perMessageDeflate: false });
      onUpgrade = (req, socket, head) => {
        // an unparsable URL or Origin ("null" from a sandboxed frame) is refused; a throw here would crash the site
        const url = parseUrl(req.url ?? '/', 'http://x');
        if (url?.pathname !== WS_PATH) return;
        const origin = req.headers.origin;
        if (origin && parseUrl(origin)?.host !== req.headers.host) return reject(socket, 403, 'Forbidden');
        const id = url.searchParams.get('display') ?? '';
        if (!deps.isDisplay(id)) return reject(socket, 404, 'Not Found');
        wss!.handleUpgrade(req, socket, head, (ws) => {
          const conn: Conn = { displayId: id, alive: true };
          conns.set(ws, conn);
          try {
            store.register(id, clock.now(), String(req.headers['user-agent'] ?? '').slice(0, 200) || null);
          } catch (err) {
            log.error({ err, display: id }, 'display not registered');
          }
          ws.on('message', (raw: Buffer) => handleMessage(ws, conn, raw));
          ws.on('pong', () => (conn.alive = true));
          ws.on('error', (err) => log.debug({ err, display: id }, 'board socket error'));
          ws.on('close', () => {
            conns.delete(ws);
            if (![...conns.values()].some((c) => c.displayId === id)) {
              try {
                store.disconnect(id);
              } catch {
                /* the database is closing with the server */
              }
            }
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
    broadcast(type: string, payload: Record<string, unknown>, only?: (displayId: string) => boolean): number {
      const data = frame(type, payload);
      let n = 0;
      for (const [ws, conn] of conns) {
        if (only && !only(conn.displayId)) continue;
        send(ws, data);
        n++;
      }
      return n;
    },
    command(displayId: string, command: CommandName, args: Record<string, unknown> = {}): number {
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
      await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
    },
  };
}

export type DisplayHub = ReturnType<typeof createDisplayHub>;
