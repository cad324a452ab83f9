// Fuzz: 100 000+ malformed and mutated packets at a running server while valid traffic flows. No crash, every
// valid request answered, every bad packet dropped and counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTR, CODE, VENDOR, encodeUserPassword, int, octets, text, vsa } from './codec.ts';
import { SECRET, TestNas, startTestRadius, type TestRadius } from '../../test/helpers/radius-peer.ts';

/** small deterministic PRNG (mulberry32) so a failure can be replayed */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BAD_TOTAL = 100_000;

describe('fuzzing the RADIUS server', () => {
  let srv: TestRadius;
  let fuzzer: TestNas;
  let good: TestNas;
  beforeAll(async () => {
    srv = await startTestRadius();
    srv.acceptances.acceptMac('7c:c5:37:ff:f8:af');
    fuzzer = new TestNas();
    good = new TestNas();
    await Promise.all([fuzzer.ready(), good.ready()]);
  });
  afterAll(async () => {
    fuzzer.close();
    good.close();
    await srv.close();
  });

  it('drops and counts every bad packet and still answers every valid request', async () => {
    const rand = rng(20261201);
    const pick = (n: number) => Math.floor(rand() * n);
    const secret = Buffer.from(SECRET);
    const access = () =>
      fuzzer.build(CODE.AccessRequest, (auth) => [
        text(ATTR.UserName, '7cc537fff8af'),
        octets(ATTR.UserPassword, encodeUserPassword('7cc537fff8af', secret, auth)),
        text(ATTR.CalledStationId, '00-17-0F-20-18-40:CountyWiFi'),
        vsa(VENDOR.WISPr, 1, 'isocc=cz,cc=420,ac=48,network=LK'),
        int(ATTR.NasPort, pick(1000)),
      ]);
    const accounting = () => fuzzer.build(CODE.AccountingRequest, [int(ATTR.AcctStatusType, 3), text(ATTR.AcctSessionId, 'f-' + pick(1e6)), int(ATTR.AcctInputOctets, pick(1e9))], { withMa: true });

    const mutants: ((base: Buffer) => Buffer)[] = [
      // a flipped bit anywhere the authenticators cover
      (b) => { const m = Buffer.from(b); m[pick(m.length)] ^= 1 << pick(8); return m; },
      // a Length field that lies (too long, too short, or past 4096)
      (b) => { const m = Buffer.from(b); m.writeUInt16BE([b.length + 1 + pick(50), 20 + pick(b.length - 20), 4097 + pick(60000), pick(20)][pick(4)], 2); return m; },
      // the datagram cut short
      (b) => b.subarray(0, pick(b.length)),
      // an attribute length pointing past the end, or below 2
      (b) => { const m = Buffer.from(b); m[21] = [0, 1, 255, m.length][pick(4)] & 255; return m; },
      // a broken vendor block: inner length that does not tile the VSA
      (b) => { const m = Buffer.from(b); const i = m.indexOf(Buffer.from([26])); if (i > 0 && m[i + 1] > 8) m[i + 7] = [0, 1, m[i + 1], 200][pick(4)]; else m[2] = 0; return m; },
      // garbage of any size, including oversized datagrams
      () => { const n = [1, 19, 20, 200, 5000][pick(5)]; const m = Buffer.alloc(n); for (let i = 0; i < n; i++) m[i] = pick(256); return m; },
      // a well-formed packet with a type-0 or a truncated trailing attribute
      (b) => Buffer.concat([b.subarray(0, 2), Buffer.from([(b.length + 1) >> 8, (b.length + 1) & 255]), b.subarray(4), Buffer.from([pick(2) ? 0 : 1])]),
    ];

    let bad = 0;
    let goodSent = 0;
    const goodReplies: Promise<unknown>[] = [];
    const started = Date.now();
    while (bad < BAD_TOTAL) {
      for (let i = 0; i < 100; i++) {
        const toAcct = pick(3) === 0;
        const base = toAcct ? accounting() : access();
        let m = mutants[pick(mutants.length)](base);
        if (m.equals(base)) m = m.subarray(0, 10);
        fuzzer.sendRaw(m, toAcct ? srv.acct : srv.auth);
        bad++;
      }
      const g = good.build(CODE.AccessRequest, (auth) => [text(ATTR.UserName, '7C-C5-37-FF-F8-AF'), octets(ATTR.UserPassword, encodeUserPassword('x', good.secret, auth))]);
      goodReplies.push(good.send(g, srv.auth, 5000).then((r) => expect(r?.code).toBe(CODE.AccessAccept)));
      goodSent++;
      // pace on the server's own count so the kernel never has to drop datagrams
      while (srv.radius.server.stats().received < bad + goodSent) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(goodReplies);
    const stats = srv.radius.server.stats();
    expect(stats.dropped).toBe(bad);
    expect(stats.accepts).toBe(goodSent);
    expect(stats.drops.internal ?? 0).toBe(0);
    expect(stats.drops.unknown_client ?? 0).toBe(0);
    const metrics = await srv.metrics.metrics();
    const counted = [...metrics.matchAll(/peron_radius_requests_total\{nas="test-nas",outcome="drop_[a-z_]+"\} (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(counted).toBe(bad);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
