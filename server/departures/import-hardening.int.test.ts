// Issue 12 item 9: a hostile GTFS feed (one 32 MB line, a zip bomb, a lying zip header, a corrupt zip) is refused
// in bounded time and memory with file/line/reason, and a big import runs off the serving thread: the portal and
// RADIUS of a real site keep their latency during it (compared with an idle baseline measured in the same test).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '../../test/helpers/site.ts';
import { SECRET, TestNas } from '../../test/helpers/radius-peer.ts';
import { deflatedNewlines, minimalGtfs, writeZip } from '../../test/helpers/zip-writer.ts';
import { testEngine } from '../../test/helpers/departures-engine.ts';
import { repoRoot } from '../config-schema.ts';
import { ATTR, CODE, text } from '../radius/codec.ts';
import { readCsv } from './csv.ts';
import { FeedError } from './gtfs-import.ts';

const tmp = mkdtempSync(join(tmpdir(), 'peron-gtfs-hostile-'));
const MB = 1024 * 1024;

function zipWith(name: string, replace: Record<string, Buffer>, declared: Record<string, number> = {}): string {
  const files = minimalGtfs();
  const file = join(tmp, name);
  writeZip(file, Object.entries({ ...Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])), ...replace }).map(([n, data]) => ({ name: n, data, declaredSize: declared[n] })));
  return file;
}

const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

describe('the CSV reader is linear in line length', () => {
  it('reads a 32 MB record split into 64 KB chunks in well under a second per 32 MB (was 54 s)', async () => {
    const line = 'x'.repeat(32 * MB);
    const chunks: Buffer[] = [Buffer.from('a,b\n')];
    for (let i = 0; i < line.length; i += 64 * 1024) chunks.push(Buffer.from(line.slice(i, i + 64 * 1024)));
    const t0 = Date.now();
    let got = 0;
    await readCsv(Readable.from(chunks), { header: () => {}, row: (f) => { got = f[0].length; } }, { maxLineChars: 64 * MB });
    expect(got).toBe(32 * MB);
    expect(Date.now() - t0).toBeLessThan(5000);
    const t1 = Date.now();
    const err = await readCsv(Readable.from(chunks), { header: () => {}, row: () => {} }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/longer than 1048576 characters/);
    expect((err as { line: number }).line).toBe(2);
    expect(Date.now() - t1).toBeLessThan(2000);
  });
});

describe('hostile feeds are refused with file, line and reason, in bounded time and memory', () => {
  const t = testEngine('2026-12-01T08:00:00Z');
  afterAll(() => t.close());
  const refuse = async (path: string) => {
    const rss0 = process.resourceUsage().maxRSS;
    const t0 = Date.now();
    const err = await t.engine.importSource('hostile', path).catch((e: unknown) => e);
    return { err: err as FeedError, ms: Date.now() - t0, rssMB: (process.resourceUsage().maxRSS - rss0) / 1024 };
  };

  it('keeps the good feed when a zip bomb (1 GB of stop_times in a 1 MB zip) arrives, refusing it from the zip directory', async () => {
    await t.engine.importSource('hostile', zipWith('good.zip', {}));
    const bomb = join(tmp, 'bomb.zip');
    const files = minimalGtfs();
    writeZip(bomb, [...Object.entries(files).filter(([n]) => n !== 'stop_times.txt').map(([name, v]) => ({ name, data: Buffer.from(v) })), { name: 'stop_times.txt', data: Buffer.alloc(0), deflated: deflatedNewlines(1024) }]);
    const r = await refuse(bomb);
    expect(r.err).toBeInstanceOf(FeedError);
    expect(r.err.message).toMatch(/stop_times\.txt: compressed \d+:1 \(a zip bomb\?\)/);
    expect(r.ms).toBeLessThan(3000);
    expect(r.rssMB).toBeLessThan(200);
    expect(t.engine.status().find((f) => f.feed === 'hostile')).toMatchObject({ loaded: true, stopTimes: 2 });
  });

  it('stops inflating a zip entry whose header lies about its size', async () => {
    const liar = join(tmp, 'liar.zip');
    const files = minimalGtfs();
    writeZip(liar, [...Object.entries(files).filter(([n]) => n !== 'stops.txt').map(([name, v]) => ({ name, data: Buffer.from(v) })), { name: 'stops.txt', data: Buffer.alloc(0), deflated: deflatedNewlines(256), declaredSize: 10_000 }]);
    const r = await refuse(liar);
    expect(r.err.message).toMatch(/^stops\.txt: .*(too many bytes|corrupt)/);
    expect(r.ms).toBeLessThan(3000);
    expect(r.rssMB).toBeLessThan(200);
  });

  it('refuses one 32 MB line (a 33 KB zip) at its line, whatever the compression ratio', async () => {
    const t2 = testEngine('2026-12-01T08:00:00Z', { 'departures.import.maxCompressionRatio': 1e6 });
    try {
      const file = zipWith('long-line.zip', { 'stops.txt': Buffer.from('stop_id,stop_name\nS1,One\nS2,' + 'x'.repeat(32 * MB) + '\n') });
      const t0 = Date.now();
      const err = (await t2.engine.importSource('long', file).catch((e: unknown) => e)) as FeedError;
      expect(err.message).toBe('stops.txt line 3: a record is longer than 1048576 characters (departures.import.maxLineChars)');
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally { t2.close(); }
  });

  it('calls a corrupt zip corrupt, not "no such file"', async () => {
    const good = zipWith('to-corrupt.zip', {});
    const bytes = readFileSync(good);
    writeFileSync(good, Buffer.concat([bytes.subarray(0, 40), Buffer.alloc(200, 0x55), bytes.subarray(240)]));
    const cut = join(tmp, 'cut.zip');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 30));
    for (const f of [good, cut]) {
      const r = await refuse(f);
      expect(r.err.message).not.toMatch(/no such file/);
      expect(r.err.message).toMatch(/corrupt/);
    }
  });

  it('`peron import-gtfs` names file, line and reason for the 32 MB line and keeps the previous feed', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'peron-gtfs-cli-'));
    const bin = join(repoRoot, 'bin', 'peron.js');
    const ok = spawnSync(process.execPath, [bin, 'import-gtfs', 'city', zipWith('cli-good.zip', {}), '--data-dir', dataDir], { encoding: 'utf8', timeout: 30_000 });
    expect(ok.status, ok.stderr).toBe(0);
    const bad = zipWith('cli-long.zip', { 'stop_times.txt': Buffer.from('trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,' + 'y'.repeat(32 * MB) + '\n') });
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [bin, 'import-gtfs', 'city', bad, '--data-dir', dataDir], { encoding: 'utf8', timeout: 30_000 });
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/stop_times\.txt: .*(zip bomb|line 2)/);
    expect(r.stderr).toContain('previous city feed');
  });
});

/** A valid feed of `trips` trips × 20 stops (a few hundred thousand stop_times: seconds of parsing). */
function bigFeedDir(trips: number): string {
  const dir = join(tmp, 'big');
  mkdirSync(dir, { recursive: true });
  const f = minimalGtfs();
  const stops = ['stop_id,stop_name'];
  for (let s = 0; s < 400; s++) stops.push(`S${s},Stop ${s}`);
  const tr = ['route_id,service_id,trip_id'];
  const st = ['trip_id,arrival_time,departure_time,stop_id,stop_sequence'];
  const hms = (sec: number) => [Math.floor(sec / 3600), Math.floor(sec / 60) % 60, sec % 60].map((n) => String(n).padStart(2, '0')).join(':');
  for (let t = 0; t < trips; t++) {
    tr.push(`R,WK,T${t}`);
    const start = 5 * 3600 + (t % 1000) * 60;
    for (let k = 0; k < 20; k++) st.push(`T${t},${hms(start + k * 120)},${hms(start + k * 120 + 30)},S${(t * 7 + k) % 400},${k + 1}`);
  }
  writeFileSync(join(dir, 'agency.txt'), f['agency.txt']);
  writeFileSync(join(dir, 'routes.txt'), f['routes.txt']);
  writeFileSync(join(dir, 'calendar.txt'), f['calendar.txt']);
  writeFileSync(join(dir, 'stops.txt'), stops.join('\n') + '\n');
  writeFileSync(join(dir, 'trips.txt'), tr.join('\n') + '\n');
  writeFileSync(join(dir, 'stop_times.txt'), st.join('\n') + '\n');
  return dir;
}

describe('an import runs off the serving thread', () => {
  let site: TestSite;
  let nas: TestNas;
  afterAll(async () => { nas?.close(); await site?.close(); });

  // timing on a shared CI box is a benchmark, not a test (`npm run bench:import` measures it against its goal); opt in
  // with PERON_IMPORT_LATENCY=1 on a quiet machine, as the flood test does with PERON_FLOOD_LATENCY
  it.runIf(process.env.PERON_IMPORT_LATENCY === '1')('keeps portal and RADIUS latency close to idle while a big feed imports', async () => {
    const big = bigFeedDir(15_000);
    site = await startTestSite({
      'departures.feeds': [{ id: 'big', source: big }],
      'radius.host': '127.0.0.1',
      'radius.clients': [{ name: 'lat-ap', address: '127.0.0.1', secret: SECRET }],
    });
    nas = new TestNas();
    await nas.ready();
    const authPort = site.app.radius.server.ports().auth;
    const loaded = async () => ((await (await fetch(`${site.url}/api/departures`)).json()) as { feeds: { feed: string; loaded: boolean }[] }).feeds.find((f) => f.feed === 'big')?.loaded;
    const sample = async (until: () => Promise<boolean>, minMs: number) => {
      const portal: number[] = [];
      const radius: number[] = [];
      const t0 = Date.now();
      for (let i = 0; ; i++) {
        let a = performance.now();
        const res = await fetch(`${site.url}/?lang=cs`);
        await res.arrayBuffer();
        portal.push(performance.now() - a);
        a = performance.now();
        const r = await nas.send(nas.build(CODE.AccessRequest, [text(ATTR.UserName, 'aa-bb-cc-dd-ee-ff'), text(ATTR.CallingStationId, 'AA-BB-CC-DD-EE-FF'), text(ATTR.NasIdentifier, 'lat-ap')]), authPort, 5000);
        radius.push(r ? performance.now() - a : 5000);
        await new Promise((ok) => setTimeout(ok, 10));
        if (Date.now() - t0 > minMs && i % 5 === 0 && (await until())) break;
        if (Date.now() - t0 > 60_000) throw new Error('the import did not finish within a minute');
      }
      return { portal, radius };
    };
    const during = await sample(async () => (await loaded()) === true, 0);
    const idle = await sample(async () => true, 1500);
    const fig = (xs: number[]) => ({ p50: +quantile(xs, 0.5).toFixed(1), p90: +quantile(xs, 0.9).toFixed(1), p99: +quantile(xs, 0.99).toFixed(1), n: xs.length });
    const report = { idle: { portal: fig(idle.portal), radius: fig(idle.radius) }, during: { portal: fig(during.portal), radius: fig(during.radius) } };
    console.log('latency during a big GTFS import (ms):', JSON.stringify(report));
    expect(during.portal.length).toBeGreaterThan(10); // the import took long enough to measure
    // close to idle, allowing for a shared, noisy box: the serving thread is never busy parsing (an import on the
    // serving thread measured p50 18 ms / p90 60+ ms against 1.8 ms idle here); the one index swap at the end
    // (61 ms for this feed on a quiet box, logged as 'departure index swapped in'; 300 ms when the suite loads both
    // cores) may stall the one or two requests that meet it, and nothing else: an import on the serving thread
    // stalls every request for seconds
    for (const k of ['portal', 'radius'] as const) {
      expect(quantile(during[k], 0.5), k).toBeLessThan(quantile(idle[k], 0.5) * 2 + 5);
      expect(quantile(during[k], 0.9), k).toBeLessThan(quantile(idle[k], 0.9) * 3 + 15);
      const slow = during[k].filter((ms) => ms > quantile(idle[k], 0.99) + 100);
      expect(slow.length, `${k}: requests stalled by more than 100 ms: ${slow.map((ms) => ms.toFixed(0)).join(', ')}`).toBeLessThanOrEqual(2);
      expect(Math.max(...during[k]), k).toBeLessThan(1000);
    }
  }, 90_000);
});
