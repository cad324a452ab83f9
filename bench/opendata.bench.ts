// `npm run bench:opendata`: a 5 MB open-data CSV downloaded from a site (the release item, served from memory with its
// strong ETag by the real site app) against nginx serving the same file from disk (sendfile), both on loopback,
// measured with wrk at 64 connections. The CSV is the Wi-Fi use dataset built by the real builder from generated
// hourly figures. Peron runs in this process (one event loop, like `peron site`); nginx with one worker to match.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSiteApp } from '../server/app.ts';
import { configSchema } from '../server/config-schema.ts';
import { createContentService, loadLocation } from '../server/content/index.ts';
import { buildWifiUsage, type UsageRow } from '../server/opendata/datasets.ts';
import { OPENDATA_INDEX, itemName, type OpendataIndex } from '../server/opendata/release-item.ts';
import { openDb } from '../server/platform/db.ts';
import { createLogger } from '../server/platform/log.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = process.env.BENCH_DURATION ?? '8s';
const CONNECTIONS = 64;
const LOCATION = 'liberec-hlavni-nadrazi';

const freePort = () => new Promise<number>((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); }); });
const fetchBody = (port: number, path: string) => new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
  http.get({ host: '127.0.0.1', port, path }, (res) => { const c: Buffer[] = []; res.on('data', (x: Buffer) => c.push(x)); res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(c) })); }).on('error', reject);
});
async function waitFor(port: number, path: string) {
  for (let i = 0; i < 150; i++) { try { return await fetchBody(port, path); } catch { await new Promise((r) => setTimeout(r, 200)); } }
  throw new Error(`nothing answers on port ${port}`);
}
const toMs = (v: string) => { const m = /^([\d.]+)(us|ms|s)$/.exec(v.trim()); return m ? Number(m[1]) * (m[2] === 'us' ? 1e-3 : m[2] === 's' ? 1e3 : 1) : NaN; };

/** wrk after a 2-second warm-up; wrk runs as a child, so this process's event loop (Peron) is free while it waits */
async function wrk(url: string) {
  const run = (d: string) => new Promise<string>((resolve, reject) => spawnOut(['-t2', `-c${CONNECTIONS}`, `-d${d}`, '--latency', url], resolve, reject));
  await run('2s');
  const out = await run(DURATION);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]), p50: toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? ''), p99: toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? ''), mbs: /Transfer\/sec:\s+(\S+)/.exec(out)?.[1] ?? '?', errors: /Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? '0' };
}
function spawnOut(args: string[], resolve: (s: string) => void, reject: (e: Error) => void) {
  const c = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  c.stdout.on('data', (d: Buffer) => (out += d));
  c.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited ${code}`))));
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'peron-bench-opendata-'));
  chmodSync(work, 0o755);
  const children: ChildProcess[] = [];
  let closeSite: (() => Promise<void>) | undefined;
  try {
    // ~5 MB: the Wi-Fi use CSV of 40 stations over 72 days of hours, built by the real builder
    const rows: UsageRow[] = [];
    const start = Date.parse('2026-10-01T00:00:00Z');
    for (let h = 0; h < 72 * 24; h++) for (let s = 0; s < 40; s++) rows.push({ locationId: `stanice-${String(s).padStart(2, '0')}`, hour: new Date(start + h * 3_600_000).toISOString().slice(0, 13) + ':00:00Z', portalViews: (h * 7 + s) % 300, connects: (h * 3 + s) % 120, radiusAccepts: (h + s) % 90, acctRecords: (h * 5 + s) % 400, acctInputOctets: 1e6 + h * s, acctOutputOctets: 9e6 + h * s * 3, displaysUp: 2 });
    const built = buildWifiUsage(rows, Date.now());
    const csv = built.files[0];
    const sha256 = createHash('sha256').update(csv.body).digest('hex');
    const index: OpendataIndex = { schema: 1, datasets: [{ slug: built.slug, scope: 'county', builtAt: built.builtAt, temporalStart: built.temporalStart, files: [{ name: csv.name, format: 'CSV', title: csv.title, size: csv.body.length, sha256, rows: csv.rows }] }] };

    const config = configSchema.parse({ dataDir: join(work, 'data'), location: LOCATION, locationsDir: join(root, 'locations'), http: { host: '127.0.0.1', port: 0, publicUrl: 'http://127.0.0.1' }, log: { level: 'warn' }, radius: { enabled: false, authPort: 0, acctPort: 0 } });
    mkdirSync(config.dataDir, { recursive: true });
    const location = loadLocation(config.locationsDir, LOCATION);
    const content = createContentService(location, 'bench');
    content.replace(location, 'bench', { [OPENDATA_INDEX]: Buffer.from(JSON.stringify(index)), [itemName(built.slug, csv.name)]: csv.body });
    const site = createSiteApp({ config, content, db: openDb(':memory:', 'site'), log: createLogger({ level: 'warn' }) });
    closeSite = () => site.close();
    const peronPort = await site.listen(0, '127.0.0.1');
    const path = `/data/${built.slug}/${csv.name}`;
    const fromPeron = await waitFor(peronPort, path);
    if (fromPeron.status !== 200 || !fromPeron.body.equals(csv.body)) throw new Error(`the site answered ${fromPeron.status} with ${fromPeron.body.length} B`);

    const html = join(work, 'html', 'data', built.slug);
    mkdirSync(html, { recursive: true });
    writeFileSync(join(html, csv.name), csv.body);
    execFileSync('chmod', ['-R', 'a+rX', join(work, 'html')]);
    const nginxPort = await freePort();
    const conf = join(work, 'nginx.conf');
    writeFileSync(conf, `worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  client_body_temp_path ${work}/body; proxy_temp_path ${work}/proxy; fastcgi_temp_path ${work}/fcgi; uwsgi_temp_path ${work}/uwsgi; scgi_temp_path ${work}/scgi;
  types { text/csv csv; }
  server { listen 127.0.0.1:${nginxPort}; root ${join(work, 'html')}; charset utf-8; charset_types text/csv; add_header Content-Disposition 'attachment; filename="${csv.name}"'; }
}
`);
    const nginx = spawn('nginx', ['-p', work, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
    children.push(nginx);
    const fromNginx = await waitFor(nginxPort, path);
    if (!fromNginx.body.equals(csv.body)) throw new Error('nginx does not serve the same bytes');

    console.log(`opendata bench: ${(csv.body.length / 1e6).toFixed(2)} MB CSV (${csv.rows} rows), wrk -t2 -c${CONNECTIONS} -d${DURATION} on loopback; load ${loadavg()[0].toFixed(2)}`);
    const p = await wrk(`http://127.0.0.1:${peronPort}${path}`);
    const n = await wrk(`http://127.0.0.1:${nginxPort}${path}`);
    console.log('| 5 MB CSV download | req/s | p50 / p99 ms | transfer/s |');
    console.log('|---|---|---|---|');
    console.log(`| Peron site (memory, strong ETag) | ${p.rps.toFixed(0)} | ${p.p50.toFixed(1)} / ${p.p99.toFixed(1)} | ${p.mbs} |`);
    console.log(`| nginx (sendfile) | ${n.rps.toFixed(0)} | ${n.p50.toFixed(1)} / ${n.p99.toFixed(1)} | ${n.mbs} |`);
    console.log(`Peron/nginx req/s: ${(p.rps / n.rps).toFixed(2)}×; p99 ratio ${(p.p99 / n.p99).toFixed(2)}×${p.errors !== '0' || n.errors !== '0' ? ` (non-2xx: Peron ${p.errors}, nginx ${n.errors})` : ''}`);
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await closeSite?.();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
