// Child process of bench/departures.bench.ts: a site server with an already imported feed; reports its memory.
import { createSiteApp } from '../server/app.ts';
import { configSchema, type Config } from '../server/config-schema.ts';
import { loadConfig } from '../server/platform/config.ts';

const [dataDir, feed, stop, at] = process.argv.slice(2);
const config = loadConfig({ schema: configSchema, env: {}, flags: { dataDir, 'log.level': 'silent', 'radius.authPort': 0, 'radius.acctPort': 0, 'departures.feeds': [{ id: feed, source: '/nonexistent-kept-from-db' }] } }) as Config;
const t0 = performance.now();
const app = createSiteApp({ config });
const loadMs = performance.now() - t0;
const port = await app.listen(0, '127.0.0.1');
const r = await fetch(`http://127.0.0.1:${port}/api/departures?stops=${feed}:${stop}&at=${encodeURIComponent(at)}&limit=20`);
const j = (await r.json()) as { departures: unknown[] };
for (let i = 0; i < 3; i++) {
  global.gc?.();
  await new Promise((r) => setTimeout(r, 50));
}
const mem = process.memoryUsage();
console.log(JSON.stringify({ loadMs, departures: j.departures.length, rssMB: mem.rss / 2 ** 20, heapMB: mem.heapUsed / 2 ** 20, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
await app.close();
