// The hub's push channel: enrolled sites hold a WebSocket (bearer credential); a poke {site, version} only says
// "collect now" (Xibo XMR collectNow) — content always travels by signed pull.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../platform/log.ts';

export const POKE_PATH = '/api/sync/ws';

export function createPoker(opts: { authenticate: (authorization: string | undefined) => string | null; log: Logger; pingMs?: number }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const bySite = new Map<string, Set<WebSocket>>();
  const alive = new WeakSet<WebSocket>();
  let timer: NodeJS.Timeout | undefined;
  let server: Server | undefined;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '').split('?')[0] !== POKE_PATH) return;
    const siteId = opts.authenticate(req.headers.authorization);
    if (!siteId) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      let set = bySite.get(siteId);
      if (!set) bySite.set(siteId, (set = new Set()));
      set.add(ws);
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      ws.on('message', () => undefined);
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        set.delete(ws);
        if (set.size === 0) bySite.delete(siteId);
      });
    });
  };

  return {
    attach(s: Server) {
      server = s;
      s.on('upgrade', onUpgrade);
      timer = setInterval(() => {
        for (const set of bySite.values())
          for (const ws of set) {
            if (!alive.has(ws)) {
              ws.terminate();
              continue;
            }
            alive.delete(ws);
            ws.ping();
          }
      }, opts.pingMs ?? 30_000);
      timer.unref();
    },
    poke(released: { siteId: string; version: number }[]) {
      let sent = 0;
      for (const r of released) {
        const msg = JSON.stringify({ type: 'poke', site: r.siteId, version: r.version });
        for (const ws of bySite.get(r.siteId) ?? []) {
          ws.send(msg);
          sent++;
        }
      }
      if (sent) opts.log.debug({ sent }, 'sites poked');
    },
    /** One frame to every connected site at once, no jitter (the county alert state). */
    broadcast(text: string): number {
      let sent = 0;
      for (const set of bySite.values()) for (const ws of set) {
        ws.send(text);
        sent++;
      }
      return sent;
    },
    connected: () => bySite.size,
    async close() {
      if (timer) clearInterval(timer);
      server?.off('upgrade', onUpgrade);
      for (const set of bySite.values()) for (const ws of set) ws.terminate();
      bySite.clear();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
