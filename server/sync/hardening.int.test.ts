// Issue 12 items 10 and 11: every download from the hub is streamed with a byte limit (a hub-like server sending
// 300 MB cannot fill the site's memory), and `peron site enrol` refuses http:, prints and pins the hub keys.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { testConfig } from '../../test/helpers/config.ts';
import { baseLocation, enrolledDataDir, startFleetSite, startTestHub, waitFor, withAnnouncement, type TestHub } from '../../test/helpers/hub-fleet.ts';

const run = promisify(execFile);
const PERON = join(repoRoot, 'bin', 'peron.js');
const LIBEREC = 'liberec-hlavni-nadrazi';
const MB = 1024 * 1024;
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => { for (const f of cleanup.reverse()) await f().catch(() => undefined); });

/** A hub-like server: answers `big` paths with 300 MB (chunked, no Content-Length), proxies the rest to a hub. */
async function hugeHub(big: RegExp, upstream?: string) {
  let sent = 0;
  const server = http.createServer(async (req, res) => {
    if (big.test(req.url ?? '')) {
      res.writeHead(200, { 'content-type': 'application/json', etag: '"huge"' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (sent < 300 * MB) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => undefined);
      return pump();
    }
    if (!upstream) { res.writeHead(404).end(); return; }
    const r = await fetch(upstream + req.url, { headers: { authorization: req.headers.authorization ?? '' } });
    const headers: Record<string, string> = {};
    r.headers.forEach((v, k) => { if (!['content-encoding', 'transfer-encoding', 'connection', 'content-length'].includes(k)) headers[k] = v; });
    res.writeHead(r.status, headers);
    res.end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanup.push(() => new Promise((r) => { server.closeAllConnections(); server.close(r); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent: () => sent };
}

describe('downloads from the hub are bounded', () => {
  let hub: TestHub;

  it('refuses a 300 MB release pointer after at most a few MB, without the memory growing', async () => {
    hub = await startTestHub();
    cleanup.push(() => hub.close());
    const fake = await hugeHub(/\/latest$/);
    const rss0 = process.memoryUsage().rss;
    const site = await startFleetSite({ location: LIBEREC, 'sync.hubUrl': fake.url, 'sync.siteId': 'huge-1', 'sync.trustedKeys': [hub.api.keys()[0].publicKey] });
    cleanup.push(() => site.close());
    const r = await waitFor(async () => (await site.status()).refusals?.[0], 'the pointer refused', 20_000);
    expect(r).toMatchObject({ reason: 'malformed', message: expect.stringMatching(/larger than 1048576 bytes/) });
    const peak = (process.memoryUsage().rss - rss0) / MB;
    await new Promise((ok) => setTimeout(ok, 200));
    expect(fake.sent()).toBeLessThan(32 * MB);
    expect(peak).toBeLessThan(150);
    expect(site.app.content.current().source).toBe('file');
  }, 30_000);

  it('refuses a blob longer than the manifest says as soon as it passes that size', async () => {
    hub ??= await startTestHub();
    const dataDir = await enrolledDataDir(hub, 'huge-2', LIBEREC);
    await hub.api.publish(LIBEREC, { location: withAnnouncement(baseLocation(join(repoRoot, 'locations'), LIBEREC), 'velký blob'), files: {} }, 'admin');
    const fake = await hugeHub(/^\/blobs\//, hub.url);
    const site = await startFleetSite({ dataDir, location: LIBEREC, 'sync.hubUrl': fake.url });
    cleanup.push(() => site.close());
    const r = await waitFor(async () => (await site.status()).refusals?.[0], 'the blob refused', 20_000);
    expect(r).toMatchObject({ reason: 'blob-mismatch', message: expect.stringMatching(/longer than the \d+ bytes in the manifest/) });
    await new Promise((ok) => setTimeout(ok, 200));
    expect(fake.sent()).toBeLessThan(32 * MB);
    expect(site.app.content.current().source).toBe('file');
  }, 30_000);
});

describe('`peron site enrol`', () => {
  const enrol = (args: string[]) => run(process.execPath, [PERON, 'site', 'enrol', ...args], { env: { PATH: process.env.PATH ?? '' }, timeout: 20_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

  it('refuses an http: hub URL without --insecure, and writes nothing', async () => {
    const dataDir = testConfig().dataDir;
    const r = await enrol(['http://hub.example.org', 'tok', '--data-dir', dataDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to enrol over http:.*--insecure/);
    expect(existsSync(join(dataDir, 'sync', 'enrolment.json'))).toBe(false);
  });

  it('prints the hub key fingerprints, and with --expect-key refuses a hub without that key and pins the right one', async () => {
    const h = await startTestHub();
    cleanup.push(() => h.close());
    const key = h.api.keys()[0];

    const wrongDir = testConfig().dataDir;
    const wrong = await enrol([h.url, h.api.addSite('pin-1', LIBEREC).token, '--data-dir', wrongDir, '--insecure', '--expect-key', '0123456789abcdef']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('did not present the expected key(s) 0123456789abcdef');
    expect(existsSync(join(wrongDir, 'sync', 'enrolment.json'))).toBe(false);

    const dataDir = testConfig().dataDir;
    const ok = await enrol([h.url, h.api.addSite('pin-2', LIBEREC).token, '--data-dir', dataDir, '--insecure', '--expect-key', key.id]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`hub key ${key.id}  SHA256:[0-9a-f]{64}`));
    expect(ok.stdout).toContain('pinned');
    expect(ok.stdout).toContain('warning: enrolled over http:');
    const stored = JSON.parse(readFileSync(join(dataDir, 'sync', 'enrolment.json'), 'utf8')) as { keys: { id: string }[] };
    expect(stored.keys.map((k) => k.id)).toEqual([key.id]);
  }, 60_000);
});
