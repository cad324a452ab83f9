// The site's end of the hub's poke channel: one authenticated WebSocket, reconnected with full-jitter backoff.
// A poke only triggers a pull; its content is never trusted. A county alert state comes signed and is verified.
import WebSocket from 'ws';
import type { Logger } from '../platform/log.ts';
import { fullJitter } from '../platform/backoff.ts';

export function createChannel(o: {
  hubUrl: string;
  siteId: string;
  credential: string;
  log: Logger;
  retryBaseMs: number;
  retryMaxMs: number;
  onPoke: (version: number) => void;
  /** the county alert state pushed by the hub (verified by the receiver, never trusted here) */
  onAlerts?: (envelope: unknown) => void;
  onOpen: () => void;
  random?: () => number;
}) {
  const url = o.hubUrl.replace(/^http/, 'ws').replace(/\/$/, '') + '/api/sync/ws';
  let ws: WebSocket | undefined;
  let timer: NodeJS.Timeout | undefined;
  let attempt = 0;
  let stopped = true;
  let connected = false;

  const connect = () => {
    if (stopped) return;
    const sock = new WebSocket(url, { headers: { authorization: `Bearer ${o.credential}` }, handshakeTimeout: 10_000, maxPayload: 1 << 20 });
    ws = sock;
    sock.on('open', () => {
      attempt = 0;
      connected = true;
      o.onOpen();
    });
    sock.on('message', (data) => {
      try {
        const msg = JSON.parse(String(data)) as { type?: string; site?: string; version?: number; envelope?: unknown };
        if (msg.type === 'poke' && msg.site === o.siteId && Number.isInteger(msg.version)) o.onPoke(msg.version!);
        else if (msg.type === 'alerts' && msg.envelope) o.onAlerts?.(msg.envelope);
      } catch {
        /* not a poke */
      }
    });
    sock.on('error', (err) => o.log.debug({ err: err.message }, 'poke channel error'));
    sock.on('close', () => {
      connected = false;
      if (stopped) return;
      attempt++;
      timer = setTimeout(connect, Math.max(100, fullJitter(attempt, o.retryBaseMs, o.retryMaxMs, o.random)));
      timer.unref();
    });
  };

  return {
    start() {
      stopped = false;
      connect();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      ws?.terminate();
    },
    connected: () => connected,
  };
}
