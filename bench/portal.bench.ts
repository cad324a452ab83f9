// `npm run bench:portal`: Peron's probe answer and portal page against nginx serving the same bytes as static
// files (the page with Peron's headers), both on loopback, measured with wrk at 64 connections. Installs
// nginx-light and wrk from Debian when missing. Peron runs as the real `peron site` process with `site.workers`
// = each count of BENCH_WORKERS (default "1,2"), nginx with `worker_processes` the same; where the box has a core
// left, the servers are pinned to the first cores and wrk to the rest. Prints req/s, latency, CPU time per request
// of each server (its whole process tree, from /proc: less sensitive to a busy machine than req/s) and the scaling.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os, { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSplit, pinnedCommand, treeCpuSeconds } from './proc-cpu.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = process.env.BENCH_DURATION ?? '8s';
const CONNECTIONS = 64;
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number).filter((n) => n >= 1);

function ensure(cmd: string, pkg: string, path: string) {
  if (spawnSync('sh', ['-c', `command -v ${cmd} || test -x ${path}`]).status === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`${cmd} missing: sudo apt-get install -y ${pkg}`);
  console.log(`installing ${pkg} from Debian`);
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function waitFor(port: number, path: string, ms = 30_000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await get(port, path);
      return;
    } catch {
      if (Date.now() > until) throw new Error(`nothing answers on port ${port}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Waits until /api/departures lists departures (the bundled feed imports in the background after start). */
async function untilTimetable(port: number, ms = 60_000) {
  const until = Date.now() + ms;
  while (!(JSON.parse((await get(port, '/api/departures')).body.toString()) as { departures: unknown[] }).departures.length) {
    if (Date.now() > until) throw new Error('no departures after 60 s: the demo feed did not import');
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface WrkResult { rps: number; p50: number; p99: number; non2xx: number; cpuUs: number }

function toMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

/** One wrk run after a 2-second warm-up (JIT, connection set-up), so the figures are steady-state. */
function wrk(pin: string | null, port: number, pid: number, path: string, headers: Record<string, string> = {}, script?: string): WrkResult {
  const hdrs = [...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), ...(script ? ['-s', script] : [])];
  execFileSync(...pinnedCommand(pin, 'wrk', ['-t2', `-c${CONNECTIONS}`, '-d2s', ...hdrs, `http://127.0.0.1:${port}${path}`]), { encoding: 'utf8' });
  const args = ['-t2', `-c${CONNECTIONS}`, `-d${DURATION}`, '--latency', ...hdrs, `http://127.0.0.1:${port}${path}`];
  const cpu0 = treeCpuSeconds(pid);
  const out = execFileSync(...pinnedCommand(pin, 'wrk', args), { encoding: 'utf8' });
  const cpu = treeCpuSeconds(pid) - cpu0;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const p99 = toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const total = Number(/(\d+) requests in/.exec(out)?.[1]);
  return { rps, p50, p99, non2xx, cpuUs: (cpu * 1e6) / total };
}

type Row = [string, WrkResult, WrkResult];

/** Peron with `workers` site workers and nginx with as many worker processes, the same three requests each. */
async function measure(workers: number, work: string, children: ChildProcess[]): Promise<Row[]> {
  const pin = cpuSplit(workers, os.cpus().length);
  const stopped: ChildProcess[] = [];
  try {
    const peronPort = await freePort();
    const peron = spawn(...pinnedCommand(pin?.server ?? null, process.execPath, [join(root, 'bin/peron.js'), 'site', '--set', `site.workers=${workers}`, '--port', String(peronPort), '--host', '127.0.0.1', '--data-dir', join(work, `data-${workers}`), '--log-level', 'warn', '--set', 'radius.authPort=0', '--set', 'radius.acctPort=0', '--set', `http.publicUrl=http://127.0.0.1:${peronPort}`, '--set', 'http.trustProxy=true']), { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
    children.push(peron);
    await waitFor(peronPort, '/healthz');
    await untilTimetable(peronPort); // the portal page shows departures only once the demo feed is imported

    // Connect once from loopback, so the probe gets the answer an accepted client gets (Apple's Success page)
    const page = await get(peronPort, '/', { 'accept-language': 'cs' });
    const t = /name="t" value="([^"]+)"/.exec(page.body.toString())![1];
    const c = await get(peronPort, '/connect', { 'content-type': 'application/x-www-form-urlencoded' }, 'POST', `t=${encodeURIComponent(t)}&q=&lang=cs`);
    if (c.status !== 303) throw new Error(`Connect answered ${c.status}`);
    const probe = await get(peronPort, '/hotspot-detect.html', { host: 'captive.apple.com' });
    if (probe.status !== 200) throw new Error(`probe answered ${probe.status}`);

    const html = join(work, `html-${workers}`);
    mkdirSync(html);
    writeFileSync(join(html, 'hotspot-detect.html'), probe.body);
    writeFileSync(join(html, 'index.html'), page.body);
    for (const f of ['hotspot-detect.html', 'index.html']) chmodSync(join(html, f), 0o644);
    chmodSync(html, 0o755);
    // nginx sends the page with the same security and content headers as Peron (same bytes on the wire, roughly)
    const skip = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'transfer-encoding']);
    const quote = (v: string) => `"${v.replace(/["\\]/g, '\\$&')}"`;
    const pageHeaders = Object.entries(page.headers)
      .filter(([k]) => !skip.has(k))
      .map(([k, v]) => `add_header ${k} ${quote(String(v))};`)
      .join(' ');
    // a different client address on every request (X-Forwarded-For; Peron runs with http.trustProxy): the
    // thousands-of-new-phones case, where no per-client memo helps
    const newClients = join(work, `new-client-${workers}.lua`);
    writeFileSync(newClients, `local n = 0
init = function(args) n = math.random(0, 2^20) * 64 end
request = function()
  n = n + 1
  return wrk.format(nil, nil, { ["X-Forwarded-For"] = "10." .. (math.floor(n / 65536) % 256) .. "." .. (math.floor(n / 256) % 256) .. "." .. (n % 256) })
end
`);
    const nginxPort = await freePort();
    const conf = join(work, `nginx-${workers}.conf`);
    writeFileSync(
      conf,
      `worker_processes ${workers};
pid ${work}/nginx-${workers}.pid;
error_log ${work}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${work}/body; proxy_temp_path ${work}/proxy; fastcgi_temp_path ${work}/fcgi; uwsgi_temp_path ${work}/uwsgi; scgi_temp_path ${work}/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${nginxPort};
    root ${html};
    default_type text/html;
    location = /hotspot-detect.html { add_header Cache-Control no-store; }
    location = / { charset utf-8; ${pageHeaders} try_files /index.html =404; }
  }
}
`,
    );
    const nginx = spawn(...pinnedCommand(pin?.server ?? null, 'nginx', ['-p', work, '-c', conf, '-g', 'daemon off;']), { stdio: 'ignore' });
    children.push(nginx);
    await waitFor(nginxPort, '/');
    const nginxProbe = await get(nginxPort, '/hotspot-detect.html');
    const nginxPage = await get(nginxPort, '/');
    if (!nginxProbe.body.equals(probe.body) || nginxPage.body.length !== page.body.length) throw new Error('nginx does not serve the same bytes');

    const load = pin?.load ?? null;
    const headerBytes = (h: http.IncomingHttpHeaders) => Object.entries(h).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 0);
    console.log(`\n${workers} worker${workers > 1 ? 's' : ''}: Peron site.workers=${workers}, nginx worker_processes ${workers}; ${pin ? `servers on CPU ${pin.server}, wrk on CPU ${pin.load}` : 'no CPU pinning (no core left for wrk)'}; probe ${probe.body.length} B, portal page ${page.body.length} B (headers ≈ ${headerBytes(page.headers)} B from Peron, ${headerBytes(nginxPage.headers)} B from nginx)`);
    stopped.push(peron, nginx);
    return [
      ['probe (Apple, accepted)', wrk(load, peronPort, peron.pid!, '/hotspot-detect.html', { Host: 'captive.apple.com' }), wrk(load, nginxPort, nginx.pid!, '/hotspot-detect.html')],
      ['portal page (cs)', wrk(load, peronPort, peron.pid!, '/', { 'Accept-Language': 'cs-CZ,cs;q=0.9' }), wrk(load, nginxPort, nginx.pid!, '/')],
      ['portal page (cs), a new client each request', wrk(load, peronPort, peron.pid!, '/', { 'Accept-Language': 'cs-CZ,cs;q=0.9' }, newClients), wrk(load, nginxPort, nginx.pid!, '/', {}, newClients)],
    ];
  } finally {
    // this count's servers stop before the next count starts (SIGTERM: nginx's master then stops its workers)
    for (const c of stopped) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(stopped.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  }
}

async function main() {
  ensure('wrk', 'wrk', '/usr/bin/wrk');
  ensure('nginx', 'nginx-light', '/usr/sbin/nginx');
  const work = mkdtempSync(join(tmpdir(), 'peron-bench-portal-'));
  chmodSync(work, 0o755);
  const children: ChildProcess[] = [];
  const cleanup = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    console.log(`portal bench: wrk -t2 -c${CONNECTIONS} -d${DURATION} on loopback, ${os.cpus().length} cores, workers ${WORKERS.join(', ')}`);
    const load0 = loadavg()[0];
    const byWorkers = new Map<number, Row[]>();
    for (const w of WORKERS) byWorkers.set(w, await measure(w, work, children));
    console.log(`\nload average (1 min) ${load0.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${os.cpus().length} cores`);
    const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '?');
    console.log('| workers | request | Peron req/s | Peron p50 / p99 ms | Peron CPU µs/req | nginx req/s | nginx p50 / p99 ms | nginx CPU µs/req | Peron/nginx req/s |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const [w, rows] of byWorkers) {
      for (const [name, p, n] of rows) {
        console.log(`| ${w} | ${name} | ${p.rps.toFixed(0)} | ${f(p.p50)} / ${f(p.p99)} | ${p.cpuUs.toFixed(1)} | ${n.rps.toFixed(0)} | ${f(n.p50)} / ${f(n.p99)} | ${n.cpuUs.toFixed(1)} | ${(p.rps / n.rps).toFixed(2)}× |`);
        if (p.non2xx || n.non2xx) console.log(`  (non-2xx/3xx answers: Peron ${p.non2xx}, nginx ${n.non2xx})`);
      }
    }
    const first = byWorkers.get(WORKERS[0]);
    for (const [w, rows] of byWorkers) {
      if (w === WORKERS[0] || !first) continue;
      for (const [i, [name, p, n]] of rows.entries()) {
        console.log(`scaling ${name}: ${WORKERS[0]} → ${w} workers Peron ${(p.rps / first[i][1].rps).toFixed(2)}×, nginx ${(n.rps / first[i][2].rps).toFixed(2)}× (CPU per request stays the yardstick for more cores: ${Math.round(1e6 / p.cpuUs)} req/s per fully used core)`);
      }
    }
    for (const [w, rows] of byWorkers) {
      for (const [name, p, n] of rows) {
        const goal = name.startsWith('probe') ? 0.7 : 0.5;
        const ok = p.rps >= goal * n.rps && p.p99 < 10;
        console.log(`goal ${w} worker(s) ${name}: Peron ≥ ${goal}× nginx and p99 < 10 ms — ${ok ? 'met' : 'NOT met'}`);
      }
    }
  } finally {
    cleanup();
    await new Promise((r) => setTimeout(r, 300));
  }
}

await main();
