// Entry of one worker process of a multi-process site (site-cluster.ts): waits for the owner's init message, then
// serves probes, portal, Connect, departures and RADIUS on the shared ports (SO_REUSEPORT).
import http from 'node:http';
import type { Socket } from 'node:net';
import { createSiteApp } from './app.ts';
import type { AcceptanceEvent } from './captive/index.ts';
import { createContentService, loadCountyDefault } from './content/index.ts';
import type { Location } from './content/index.ts';
import { createLogger } from './platform/log.ts';
import type { ToOwner, ToWorker, WorkerStats } from './site-cluster.ts';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);
const send = (msg: ToOwner, handle?: Socket) => {
  if (process.connected) process.send!(msg, handle as never);
};

function start(init: Extract<ToWorker, { t: 'init' }>) {
  const { config } = init;
  const log = createLogger({ level: config.log.level, format: config.log.format }).child({ worker: init.index });
  const filesOf = (f: Record<string, Uint8Array>) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Buffer.from(v)]));
  const content = createContentService(init.location as Location, init.source, loadCountyDefault(init.config.locationsDir));
  if (Object.keys(init.files).length) content.replace(init.location, init.source, filesOf(init.files));

  let seq = 0;
  const acks = new Map<number, () => void>();
  let served = 0;

  const fallback = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && k !== 'x-peron-key' && k !== 'x-peron-client') headers[k] = v;
    headers['x-peron-key'] = init.key;
    headers['x-peron-client'] = req.socket.remoteAddress ?? '';
    headers.connection = 'close';
    const up = http.request({ host: '127.0.0.1', port: init.ownerPort, method: req.method, path: req.url, headers, agent: false }, (r) => {
      const out: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(r.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
      res.writeHead(r.statusCode ?? 502, out);
      r.pipe(res);
    });
    up.on('error', (err) => {
      log.warn({ err: err.message }, 'owner unreachable for a proxied request');
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' }).end('service restarting\n');
      else res.destroy();
    });
    req.pipe(up);
  };

  const app = createSiteApp({
    config,
    log,
    content,
    cluster: {
      kind: 'worker',
      peers: {
        recorded: (ev: AcceptanceEvent) =>
          new Promise<void>((resolve) => {
            const n = ++seq;
            const timer = setTimeout(() => { acks.delete(n); resolve(); }, 1_500);
            acks.set(n, () => { clearTimeout(timer); resolve(); });
            send({ t: 'accepted', n, ev });
          }),
        purged: () => undefined, // the owner purges; workers run no purge timer
      },
      fallback,
      upgrade: (req, socket, head) => {
        // the display boards' ws lives in the owner: hand it the socket itself (its real peer address stays)
        socket.pause();
        send({ t: 'upgrade', method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, rawHeaders: req.rawHeaders, head: new Uint8Array(head) }, socket);
      },
    },
  });
  const engine = app.departuresEngine;
  if (init.realtime.length) engine.applyRealtime(init.realtime);

  process.on('message', (msg: ToWorker) => {
    try {
      switch (msg.t) {
        case 'accepted':
          app.acceptances.seen(msg.ev);
          send({ t: 'ack', n: msg.n });
          return;
        case 'ack':
          acks.get(msg.n)?.();
          acks.delete(msg.n);
          return;
        case 'purged':
          app.acceptances.purgedElsewhere(msg.before, msg.now);
          return;
        case 'content':
          content.replace(msg.location, msg.source, filesOf(msg.files));
          return;
        case 'departures':
          if (msg.reason === 'realtime') engine.applyRealtime(msg.realtime);
          else engine.reloadStored();
          return;
        case 'ask':
          if (msg.what === 'metrics') void app.deps.metrics.getMetricsAsJSON().then((value) => send({ t: 'answer', n: msg.n, value }));
          else {
            const value: WorkerStats = { pid: process.pid, http: served, radius: app.radius.server.stats() };
            send({ t: 'answer', n: msg.n, value });
          }
          return;
      }
    } catch (err) {
      log.error({ err, message: msg.t }, 'owner message failed');
    }
  });

  void (async () => {
    const httpPort = await app.listen(config.http.port, config.http.host);
    app.server!.on('request', () => served++);
    const p = app.radius.server.ports();
    send({ t: 'ready', ports: { http: httpPort, auth: p.auth ?? config.radius.authPort, acct: p.acct ?? config.radius.acctPort } });
  })().catch((err) => {
    log.fatal({ err }, 'site worker cannot listen');
    process.exit(1);
  });

  const stop = () => void app.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', () => undefined); // Ctrl-C reaches the whole group: the owner stops the workers
  process.on('disconnect', stop); // the owner is gone
}

process.once('message', (msg: ToWorker) => {
  if (msg.t === 'init') start(msg);
});
