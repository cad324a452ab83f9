// An HTTP proxy for browser tests of the captive portal: forwards everything to the site server (so probe hosts
// keep their Host header), except requests to the controller's uamip:uamport, which it answers like chilli's
// logon endpoint does (302 to the logon's userurl) and records for the test to inspect.
import http from 'node:http';

export interface ChilliProxy {
  port: number;
  logons: URL[];
  close(): Promise<void>;
}

export async function startChilliProxy(sitePort: number, chilli = '10.1.0.1:3990'): Promise<ChilliProxy> {
  const logons: URL[] = [];
  const server = http.createServer((req, res) => {
    const target = new URL(req.url!.startsWith('http') ? req.url! : `http://${req.headers.host}${req.url}`);
    if (target.host === chilli) {
      logons.push(target);
      res.writeHead(302, { location: target.searchParams.get('userurl') ?? '/' });
      res.end();
      return;
    }
    const up = http.request({ host: '127.0.0.1', port: sitePort, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    logons,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
