// `npm run bench:kiosk`: one real site server process with 50 boards on the ws protocol and a departures change
// every second. Measures delivery latency (the change applied in the server → the board has the message), the
// server's CPU share of one core and its RSS; then, for comparison, the same 50 boards polling the board page
// once a second (how signage without a push channel stays fresh) and the same figures for that.
import { completeBoard } from '../server/departures/index.ts';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { Board } from '../server/departures/types.ts';
import { departure } from '../test/helpers/kiosk-scripted-departures.ts';
import { freePort, startSiteProcess } from '../test/helpers/kiosk-site-process.ts';

const BOARDS = Number(process.env.KIOSK_BENCH_BOARDS ?? 50);
const PUSH_SECONDS = Number(process.env.KIOSK_BENCH_SECONDS ?? 30);
const POLL_SECONDS = Number(process.env.KIOSK_BENCH_POLL_SECONDS ?? 15);
const IDS = ['hala-odjezdy', 'nastupiste-1'];
const TICK = 100; // USER_HZ on Linux

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function procTimes(pid: number): { cpu: number; rss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / TICK; // utime + stime, seconds
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  return { cpu, rss };
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function boardFor(seq: number): Board {
  const now = Date.now();
  return completeBoard({
    generatedAt: new Date(now).toISOString(),
    live: true,
    notices: [`seq:${seq}`],
    departures: Array.from({ length: 14 }, (_, k) => departure(now, 2 + k * 3, { line: `L${k}`, headsign: `Cíl ${k}`, delay: (seq + k) % 6, trip: `t${k}` })),
  });
}

async function measureWindow(pid: number, seconds: number, each: (i: number) => void) {
  const t0 = procTimes(pid);
  const w0 = performance.now();
  let rssMax = t0.rss;
  for (let i = 1; i <= seconds; i++) {
    each(i);
    await sleep(1000);
    rssMax = Math.max(rssMax, procTimes(pid).rss);
  }
  const t1 = procTimes(pid);
  const wall = (performance.now() - w0) / 1000;
  return { cpuPct: ((t1.cpu - t0.cpu) / wall) * 100, rssMax, rssEnd: t1.rss };
}

const port = await freePort();
const site = await startSiteProcess({ dataDir: mkdtempSync(join(tmpdir(), 'peron-kiosk-bench-')), 'http.port': port }, boardFor(0));
const pid = site.proc.pid!;
const sentAt = new Map<number, number>();

// ---- phase 1: push over ws
const serverLatency: number[] = [];
const e2eLatency: number[] = [];
let received = 0;
const sockets: WebSocket[] = [];
await Promise.all(
  Array.from({ length: BOARDS }, (_, i) =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/kiosk/ws?display=${IDS[i % IDS.length]}`, { origin: `http://127.0.0.1:${port}` });
      sockets.push(ws);
      ws.on('open', () => {
        ws.send(JSON.stringify({ type: 'heartbeat', clientVersion: 'bench', shows: 'live', uptimeSeconds: 0 }));
        resolve();
      });
      ws.on('error', reject);
      ws.on('message', (data) => {
        const at = Date.now();
        const msg = JSON.parse(String(data));
        if (msg.type !== 'departures.updated') return;
        const seq = Number(/^seq:(\d+)$/.exec(msg.board.notices[0] ?? '')?.[1] ?? 0);
        if (!seq) return;
        received++;
        serverLatency.push(at - Date.parse(msg.board.generatedAt));
        e2eLatency.push(at - (sentAt.get(seq) ?? at));
      });
    }),
  ),
);
await sleep(1000);
const push = await measureWindow(pid, PUSH_SECONDS, (i) => {
  sentAt.set(i, Date.now());
  site.setBoard(boardFor(i), { stamp: true });
});
await sleep(500);
for (const ws of sockets) ws.close();
serverLatency.sort((a, b) => a - b);
e2eLatency.sort((a, b) => a - b);

// ---- phase 2: the same boards polling the board page once a second
const staleness: number[] = [];
const seen = Array.from({ length: BOARDS }, () => 0);
let polls = 0;
let stop = false;
const base = 10_000;
const pollers = Array.from({ length: BOARDS }, async (_, i) => {
  await sleep((i * 1000) / BOARDS);
  while (!stop) {
    const started = performance.now();
    try {
      const html = await (await fetch(`${site.url}/kiosk/${IDS[i % IDS.length]}`)).text();
      polls++;
      const seq = Number(/seq:(\d+)/.exec(html)?.[1] ?? 0);
      if (seq > seen[i] && sentAt.has(seq)) {
        staleness.push(Date.now() - sentAt.get(seq)!);
        seen[i] = seq;
      }
    } catch {
      /* counted as a missed poll */
    }
    await sleep(Math.max(0, 1000 - (performance.now() - started)));
  }
});
const poll = await measureWindow(pid, POLL_SECONDS, (i) => {
  sentAt.set(base + i, Date.now());
  site.setBoard(boardFor(base + i), { stamp: true });
});
stop = true;
await Promise.all(pollers);
staleness.sort((a, b) => a - b);
await site.kill();

const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
const expected = BOARDS * PUSH_SECONDS;
console.log(`kiosk bench: ${BOARDS} boards, 1 departures change/s; push ${PUSH_SECONDS} s, poll ${POLL_SECONDS} s (node ${process.version}, ${process.arch})`);
console.log(`push (ws)   delivered ${received}/${expected}  latency server→board p50 ${pct(serverLatency, 50)} ms p99 ${pct(serverLatency, 99)} ms max ${serverLatency.at(-1)} ms` +
  `  (bench→board incl. IPC p50 ${pct(e2eLatency, 50)} ms p99 ${pct(e2eLatency, 99)} ms)`);
console.log(`push (ws)   server CPU ${push.cpuPct.toFixed(1)} % of one core, RSS max ${mb(push.rssMax)} MiB`);
console.log(`poll (HTTP) ${polls} page loads  staleness change→board p50 ${pct(staleness, 50)} ms p99 ${pct(staleness, 99)} ms`);
console.log(`poll (HTTP) server CPU ${poll.cpuPct.toFixed(1)} % of one core, RSS max ${mb(poll.rssMax)} MiB`);
console.log(`ratio poll/push: CPU ${(poll.cpuPct / push.cpuPct).toFixed(1)}×, p50 freshness ${(pct(staleness, 50) / Math.max(1, pct(e2eLatency, 50))).toFixed(0)}×`);
console.log(`goal p99 < 200 ms: ${pct(serverLatency, 99) < 200 ? 'met' : 'NOT met'}; server < 10 % of a core: ${push.cpuPct < 10 ? 'met' : 'NOT met'}`);
