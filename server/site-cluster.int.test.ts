// The multi-process site (site.workers = 2) with real processes: an owner here, two forked workers sharing the
// HTTP and UDP ports by SO_REUSEPORT. Many client source ports force the kernel to spread the traffic.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteCluster, type SiteCluster } from './site-cluster.ts';
import { createLogger } from './platform/log.ts';
import { ATTR, CODE, encodeUserPassword, int, octets, text, type Packet } from './radius/codec.ts';
import { SECRET, TestNas } from '../test/helpers/radius-peer.ts';
import { connect, request } from '../test/helpers/captive-http.ts';
import { testConfig } from '../test/helpers/config.ts';

const MAC = '7c:c5:37:aa:bb:01';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a site with two worker processes', () => {
  let site: SiteCluster;
  let base: string;
  let dataDir: string;
  const nases: TestNas[] = [];
  beforeAll(async () => {
    // the "none" controller takes the guest's MAC from the kernel's neighbour table: a file naming 127.0.0.1
    const arpFile = join(mkdtempSync(join(tmpdir(), 'peron-cluster-arp-')), 'arp');
    writeFileSync(arpFile, `IP address       HW type     Flags       HW address            Mask     Device\n127.0.0.1        0x1         0x2         ${MAC}     *        wlan0\n`);
    const config = testConfig({ 'captive.arpFile': arpFile, 'radius.host': '127.0.0.1', 'radius.clients': [{ name: 'ap', address: '127.0.0.1', secret: SECRET }] });
    dataDir = config.dataDir;
    site = createSiteCluster({ config, log: createLogger({ level: 'silent' }), workers: 2 });
    const port = await site.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 16; i++) {
      const n = new TestNas();
      await n.ready();
      nases.push(n);
    }
  });
  afterAll(async () => {
    for (const n of nases) n.close();
    await site?.close();
  });

  // every call opens a new connection (a new source port), so both workers answer some
  const probe = () => request(base, '/hotspot-detect.html', { host: 'captive.apple.com', headers: { connection: 'close' } });
  const macAuth = (n: TestNas): Promise<Packet | null> =>
    n.send(n.build(CODE.AccessRequest, (auth) => [text(ATTR.UserName, '7cc537aabb01'), octets(ATTR.UserPassword, encodeUserPassword('7cc537aabb01', n.secret, auth)), text(ATTR.CallingStationId, '7C-C5-37-AA-BB-01')]), site.ports().auth, 1500);

  it('a Connect served by one worker flips the probe and RADIUS MAC auth on every worker at once', async () => {
    const before = await Promise.all(Array.from({ length: 16 }, probe));
    expect(before.map((r) => r.status)).toEqual(Array(16).fill(302));
    expect((await Promise.all(nases.map(macAuth))).map((r) => r?.code)).toEqual(Array(16).fill(CODE.AccessReject));

    const res = await connect(base, `/?mac=${encodeURIComponent(MAC)}`, { connection: 'close' });
    expect(res.status).toBe(303);
    // no waiting: the Connect's answer came only after every worker knew
    const after = await Promise.all(Array.from({ length: 16 }, probe));
    expect(after.map((r) => r.text)).toEqual(Array(16).fill('<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>'));
    expect((await Promise.all(nases.map(macAuth))).map((r) => r?.code)).toEqual(Array(16).fill(CODE.AccessAccept));

    const stats = await site.workerStats();
    expect(stats).toHaveLength(2);
    for (const s of stats) {
      expect(s.http, 'each worker served HTTP').toBeGreaterThan(0);
      expect(s.radius.received, 'each worker served RADIUS').toBeGreaterThan(0);
    }
  });

  it('answers an RFC 5080 retransmission from the cache of the worker that has it', async () => {
    const before = (await site.workerStats()).reduce((a, s) => a + s.radius.duplicates, 0);
    for (const n of nases.slice(0, 8)) {
      const pkt = n.build(CODE.AccessRequest, (auth) => [text(ATTR.UserName, '7cc537aabb01'), octets(ATTR.UserPassword, encodeUserPassword('7cc537aabb01', n.secret, auth)), text(ATTR.CallingStationId, '7C-C5-37-AA-BB-01')]);
      const [a, b] = [await n.send(pkt, site.ports().auth), await n.send(pkt, site.ports().auth)];
      expect(a?.code).toBe(CODE.AccessAccept);
      expect(b?.raw.equals(a!.raw), 'the same reply, byte for byte (same Class)').toBe(true);
    }
    const after = (await site.workerStats()).reduce((a, s) => a + s.radius.duplicates, 0);
    expect(after - before).toBe(8);
  });

  it('a release switch reaches every worker, and the kiosk ws gets the update through the owner', async () => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/kiosk/ws?display=hala-odjezdy`, { headers: { origin: base } });
    const frames: { type: string; contentVersion?: string }[] = [];
    ws.on('message', (raw) => frames.push(JSON.parse(String(raw))));
    await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
    await sleep(100);

    const loc = site.content.current().location;
    const snap = site.content.replace({ ...loc, emergency: { text: { cs: 'Evakuace haly', en: 'Hall evacuation', de: 'Evakuierung', pl: 'Ewakuacja' }, expires: new Date(Date.now() + 3_600_000).toISOString() } }, 'release:9');
    await sleep(200);
    const pages = await Promise.all(Array.from({ length: 12 }, () => request(base, '/?lang=cs', { headers: { connection: 'close' } })));
    expect(pages.map((p) => p.text.includes('Evakuace haly'))).toEqual(Array(12).fill(true));
    expect(frames.some((f) => f.type === 'content.updated' && f.contentVersion === snap.version), JSON.stringify(frames.map((f) => f.type))).toBe(true);
    ws.close();
  });

  it('/metrics is the sum over the workers', async () => {
    const m = await request(base, '/metrics', { headers: { connection: 'close' } });
    expect(m.status).toBe(200);
    const sum = /peron_radius_requests_total\{[^}]*outcome="accept"[^}]*\} (\d+)/.exec(m.text);
    const stats = await site.workerStats();
    expect(Number(sum?.[1])).toBe(stats.reduce((a, s) => a + s.radius.accepts, 0));
  });

  it('a worker killed with SIGKILL under accounting load loses no acknowledged record; the site keeps serving', async () => {
    const acked = new Map<string, { interim?: number; stop?: boolean }>();
    let running = true;
    let answeredAfterKill = 0;
    let killed = false;
    const load = async (w: number) => {
      const n = nases[w];
      for (let s = 0; running; s++) {
        const id = `k${w}-s${s}`;
        for (const [status, oct] of [[1, 0], [3, 1000 + s], [2, 2000 + s]] as const) {
          let r: Packet | null;
          do {
            if (!running) return;
            r = await n.send(n.build(CODE.AccountingRequest, [int(ATTR.AcctStatusType, status), text(ATTR.AcctSessionId, id), text(ATTR.UserName, 'aabbccddee' + String(w).padStart(2, '0')), text(ATTR.NasIdentifier, 'ap'), int(ATTR.AcctInputOctets, oct)]), site.ports().acct, 300);
          } while (r?.code !== CODE.AccountingResponse);
          if (killed) answeredAfterKill++;
          const a = acked.get(id) ?? {};
          if (status === 3) a.interim = oct;
          if (status === 2) a.stop = true;
          acked.set(id, a);
        }
      }
    };
    const loads = nases.map((_, w) => load(w));
    await sleep(1200);
    const [victim] = site.workerPids();
    process.kill(victim, 'SIGKILL');
    killed = true;
    await sleep(1500);
    running = false;
    await Promise.all(loads);
    expect(answeredAfterKill, 'the other worker kept answering').toBeGreaterThan(20);
    expect((await probe()).status).toBe(200);
    for (let i = 0; i < 150 && (site.workerPids().length < 2 || site.workerPids().includes(victim)); i++) await sleep(100);
    expect(site.workerPids()).toHaveLength(2);
    expect(site.workerPids()).not.toContain(victim);

    const db = new Database(join(dataDir, 'site.sqlite'), { readonly: true });
    const rows = new Map((db.prepare('SELECT acct_session_id, input_octets, closed_by FROM radius_sessions').all() as { acct_session_id: string; input_octets: number; closed_by: string | null }[]).map((r) => [r.acct_session_id, r]));
    const dupes = db.prepare('SELECT COUNT(*) FROM (SELECT acct_session_id FROM radius_sessions GROUP BY acct_session_id HAVING COUNT(*) > 1)').pluck().get();
    db.close();
    const missing: string[] = [];
    for (const [id, a] of acked) {
      const row = rows.get(id);
      if (!row) missing.push(`${id}: no row`);
      else if (a.interim !== undefined && row.input_octets < a.interim) missing.push(`${id}: interim lost`);
      else if (a.stop && row.closed_by !== 'stop') missing.push(`${id}: stop lost`);
    }
    expect(acked.size).toBeGreaterThan(50);
    expect(missing).toEqual([]);
    expect(dupes).toBe(0);
  }, 40_000);
});
