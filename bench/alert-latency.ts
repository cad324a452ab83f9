// The alert phase of `npm run bench:sync`: a county administrator issues alerts at the real hub process
// (POST /admin/alerts, signed in, CSRF) and the time until each board has it is taken. Boards: two ws clients
// speaking the kiosk protocol on each of a few real site processes (enrolled, their own poke channel), and two per
// simulated site in the bench process, where "on the board" is the moment the site's alert receiver verified and
// stored the state (the site → board hop itself is what the real sites measure).
import { WebSocket } from 'ws';
import { AdminClient } from '../test/helpers/admin-hub.ts';
import { startSiteProcess, freePort, type SiteProcess } from '../test/helpers/kiosk-site-process.ts';
import { findCommand, makeContext } from '../server/cli.ts';
import type { CountyAlertView } from '../server/protocol/index.ts';

const DISPLAYS = ['hala-odjezdy', 'nastupiste-1'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SimReceiver {
  current(): CountyAlertView | null;
  onChange(fn: () => void): () => void;
}

async function enrol(dataDir: string, hubUrl: string, token: string) {
  const err: string[] = [];
  const { words, ctx } = makeContext(['site', 'enrol', hubUrl, token, '--data-dir', dataDir, '--log-level', 'silent', '--insecure'], {}, { out: () => undefined, err: (s) => err.push(s) });
  const found = findCommand(words)!;
  if ((await found.cmd.run(found.rest, ctx)) !== 0) throw new Error(`enrolment failed: ${err.join('\n')}`);
}

/** Real site processes, enrolled with the given tokens, each holding the hub channel, with two ws boards each. */
export async function startRealSites(o: { hubUrl: string; location: string; tokens: string[]; dataDir: (i: number) => string }) {
  const procs: SiteProcess[] = [];
  const boards: { ws: WebSocket; last: string }[] = [];
  const stop = async () => {
    for (const b of boards) b.ws.terminate();
    await Promise.all(procs.map((p) => p.kill()));
  };
  try {
    for (const [i, token] of o.tokens.entries()) {
      const dataDir = o.dataDir(i);
      await enrol(dataDir, o.hubUrl, token);
      procs.push(await startSiteProcess({ dataDir, location: o.location, 'http.port': await freePort(), 'sync.pollSeconds': 300 }));
    }
    for (const p of procs) {
      const end = Date.now() + 30_000;
      while (!((await (await fetch(`${p.url}/api/sync/status`)).json()) as { pokeConnected: boolean }).pokeConnected) {
        if (Date.now() > end) throw new Error(`${p.url} never held the hub channel: ${JSON.stringify(await (await fetch(`${p.url}/api/sync/status`)).json())}`);
        await sleep(50);
      }
      for (const d of DISPLAYS) {
        const ws = new WebSocket(`ws://127.0.0.1:${p.port}/kiosk/ws?display=${d}`, { origin: `http://127.0.0.1:${p.port}` });
        await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
        boards.push({ ws, last: '' });
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { procs, boards, stop };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Issues `rounds` alerts one after the other; returns one latency per board and alert, and the slowest per alert. */
export async function measureAlertLatency(o: {
  hubUrl: string;
  email: string;
  password: string;
  rounds: number;
  realBoards: { ws: WebSocket }[];
  simulated: SimReceiver[];
}) {
  const admin = new AdminClient(o.hubUrl);
  const signed = await admin.signIn(o.email, o.password);
  if (signed.status !== 303) throw new Error(`sign-in at the hub: HTTP ${signed.status}`);
  await admin.get('/admin/alerts');
  let marker = '';
  let t0 = 0;
  let seen = new Map<object, number>();
  const mark = (who: object, text: string | undefined) => {
    if (marker && text?.includes(marker) && !seen.has(who)) seen.set(who, performance.now() - t0);
  };
  for (const b of o.realBoards) {
    b.ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { type: string; emergency?: { text?: Record<string, string> } | null };
      if (m.type === 'emergency.updated') mark(b, JSON.stringify(m.emergency?.text ?? ''));
    });
  }
  const simBoards = o.simulated.flatMap((r) => {
    const pair = [{}, {}];
    r.onChange(() => pair.forEach((b) => mark(b, r.current()?.text.cs)));
    return pair;
  });
  const total = o.realBoards.length + simBoards.length;
  const all: number[] = [];
  const real: number[] = [];
  const slowest: number[] = [];
  for (let n = 1; n <= o.rounds; n++) {
    seen = new Map();
    marker = `#${n}-${Date.now().toString(36)}`;
    t0 = performance.now();
    const r = await admin.post('/admin/alerts', { cs: `Zkouška varování ${marker}`, severity: 'extreme', minutes: '15', scope: 'all' });
    if (r.status !== 303) throw new Error(`issuing alert ${n}: HTTP ${r.status}`);
    const end = performance.now() + 20_000;
    while (seen.size < total && performance.now() < end) await sleep(5);
    if (seen.size < total) throw new Error(`alert ${n} reached ${seen.size} of ${total} boards in 20 s`);
    for (const [who, ms] of seen) {
      all.push(ms);
      if (o.realBoards.some((b) => b === who)) real.push(ms);
    }
    slowest.push(Math.max(...seen.values()));
    await admin.get('/admin/alerts'); // a fresh CSRF token, as a browser would have
    await sleep(300);
  }
  const s = (xs: number[]) => {
    const v = [...xs].sort((a, b) => a - b);
    return { p50: pct(v, 50), p99: pct(v, 99), max: v[v.length - 1], n: v.length };
  };
  return { all: s(all), real: s(real), slowest: s(slowest), boards: total };
}
