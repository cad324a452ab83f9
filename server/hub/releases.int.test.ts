import net from 'node:net';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { createSiteApp } from '../app.ts';
import { testConfig } from '../../test/helpers/config.ts';
import {
  baseLocation,
  enrolledDataDir,
  FAST_SYNC,
  startFleetSite,
  startTamperProxy,
  startTestHub,
  waitFor,
  withAnnouncement,
  type TestFleetSite,
  type TestHub,
} from '../../test/helpers/hub-fleet.ts';

const LIBEREC = 'liberec-hlavni-nadrazi';
const JABLONEC = 'jablonec-nad-nisou';
const locationsDir = join(repoRoot, 'locations');

/** Raw bytes on the wire of one HTTP exchange (request and response). */
async function rawExchange(port: number, request: string): Promise<{ text: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(request));
    const chunks: Buffer[] = [];
    s.on('data', (c) => {
      chunks.push(c);
      const t = Buffer.concat(chunks).toString();
      if (t.includes('\r\n\r\n')) {
        s.end();
        resolve({ text: t, bytes: Buffer.concat(chunks).length });
      }
    });
    s.on('error', reject);
  });
}

describe('hub releases reach every site', () => {
  let hub: TestHub;
  let a: TestFleetSite;
  let b: TestFleetSite;
  let c: TestFleetSite;
  let aDir: string;

  beforeAll(async () => {
    hub = await startTestHub();
    aDir = await enrolledDataDir(hub, 'lbc-hl-1', LIBEREC);
    const bDir = await enrolledDataDir(hub, 'lbc-hl-2', LIBEREC);
    const cDir = await enrolledDataDir(hub, 'jbc-1', JABLONEC);
    a = await startFleetSite({ dataDir: aDir, location: LIBEREC });
    b = await startFleetSite({ dataDir: bDir, location: LIBEREC });
    c = await startFleetSite({ dataDir: cDir, location: JABLONEC });
    await waitFor(async () => (await a.status()).pokeConnected && (await b.status()).pokeConnected && (await c.status()).pokeConnected, 'poke channels');
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), c?.close()]);
    await hub?.close();
  });

  it('publishing switches every site serving the location (and only those) to the new content', async () => {
    const before = a.app.content.current().version;
    expect(a.app.content.current().source).toBe('file');
    const draft = withAnnouncement(baseLocation(locationsDir, LIBEREC), 'Výluka tramvají 2 a 3');
    const { sites } = await hub.api.publish(LIBEREC, { location: draft, files: { 'regional/news.json': Buffer.from('{"n":1}') } }, 'editor@kraj');
    expect(sites).toEqual([
      { siteId: 'lbc-hl-1', version: 1 },
      { siteId: 'lbc-hl-2', version: 1 },
    ]);
    for (const s of [a, b]) {
      await waitFor(() => s.app.content.current().source === 'release:1', 'site switched');
      const snap = s.app.content.current();
      expect(snap.version).not.toBe(before);
      expect(snap.location.announcements[0].text.cs).toBe('Výluka tramvají 2 a 3');
      expect(snap.files['regional/news.json'].toString()).toBe('{"n":1}');
      expect((await s.status()).servingVersion).toBe(1);
    }
    expect(c.app.content.current().source).toBe('file');
    // the hub sees the new version in the sites' heartbeats
    await waitFor(() => hub.api.sites().filter((s) => s.siteId.startsWith('lbc') && s.servingVersion === 1).length === 2, 'heartbeats with version 1');
  });

  it('serves blobs as immutable and the latest pointer with a strong ETag; an unchanged poll is a 304 under 1 KB', async () => {
    const latest = await fetch(`${hub.url}/sites/lbc-hl-1/latest`);
    const etag = latest.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const env = await latest.json();
    const manifest = JSON.parse(Buffer.from(env.payload, 'base64').toString());
    expect(manifest).toMatchObject({ schema: 1, siteId: 'lbc-hl-1', locationId: LIBEREC, version: 1 });
    expect(manifest.items.map((i: { name: string }) => i.name)).toEqual(['location.json', 'regional/news.json']);
    expect(env.signatures[0].keyid).toBe(hub.api.keys()[0].id);
    const blob = await fetch(`${hub.url}/blobs/sha256/${manifest.items[1].sha256}`);
    expect(blob.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await blob.text()).toBe('{"n":1}');
    const r = await rawExchange(hub.port, `GET /sites/lbc-hl-1/latest HTTP/1.1\r\nHost: hub\r\nIf-None-Match: ${etag}\r\nConnection: close\r\n\r\n`);
    expect(r.text).toMatch(/^HTTP\/1.1 304/);
    expect(r.bytes).toBeLessThan(1024);
    // the site's own poll goes through If-None-Match too
    expect(await a.pull()).toBe('unchanged');
  });

  it('a restarted site serves its last trusted release before it reaches the hub (never the location file)', async () => {
    await a.close();
    const restarted = createSiteApp({ config: testConfig({ ...FAST_SYNC, dataDir: aDir, location: LIBEREC, 'sync.hubUrl': 'http://127.0.0.1:9' }) });
    try {
      // before listen(): the content is already the release
      expect(restarted.content.current().source).toBe('release:1');
      expect(restarted.content.current().location.announcements[0].text.cs).toBe('Výluka tramvají 2 a 3');
    } finally {
      await restarted.close();
    }
    a = await startFleetSite({ dataDir: aDir, location: LIBEREC });
    expect(a.app.content.current().source).toBe('release:1');
  });

  it('refuses a tampered blob, a bad signature, an unsigned or foreign-signed release, an older version and a release for another site, keeping the release it had', async () => {
    const proxy = await startTamperProxy(hub.port);
    const dDir = await enrolledDataDir(hub, 'lbc-hl-3', LIBEREC);
    await hub.api.publish(LIBEREC, { location: withAnnouncement(baseLocation(locationsDir, LIBEREC), 'verze jedna'), files: {} }, 'editor@kraj');
    const d = await startFleetSite({ dataDir: dDir, location: LIBEREC, 'sync.hubUrl': proxy.url });
    try {
      await waitFor(() => d.app.content.current().source === 'release:1', 'site d on release 1');
      // let the pull triggered by the poke channel's (re)connect finish before the proxy starts tampering
      await waitFor(async () => {
        const st = await d.status();
        return st.pokeConnected && st.lastCheckAt !== null && st.lastCheckAt >= st.pokeConnectedSince! && !st.checking;
      }, 'site d checked the hub after its poke channel connected');
      const v1 = JSON.stringify(await (await fetch(`${hub.url}/sites/lbc-hl-3/latest`)).json());
      const serving = () => d.app.content.current().location.announcements[0].text.cs;

      proxy.set({ kind: 'bad-signature' });
      await hub.api.publish(LIBEREC, { location: withAnnouncement(baseLocation(locationsDir, LIBEREC), 'verze dva'), files: {} }, 'editor@kraj');
      await waitFor(async () => (await d.status()).refusals[0]?.reason === 'bad-signature', 'altered manifest refused after the poke');
      expect(serving()).toBe('verze jedna');

      for (const [kind, reason] of [
        ['unsigned', 'unsigned'],
        ['foreign-key', 'untrusted-key'],
        ['tamper-blob', 'blob-mismatch'],
      ] as const) {
        proxy.set({ kind });
        expect(await d.pull()).toBe('refused');
        expect((await d.status()).refusals[0].reason).toBe(reason);
        expect(serving()).toBe('verze jedna');
        expect(d.app.content.current().source).toBe('release:1');
      }
      expect(readdirSync(join(dDir, 'sync', 'blobs', 'sha256')).some((f) => f.endsWith('.partial'))).toBe(false);

      proxy.set({ kind: 'pass' });
      await waitFor(() => d.app.content.current().source === 'release:2', 'genuine release 2 after the tampering stopped', 15_000);
      expect(serving()).toBe('verze dva');

      proxy.set({ kind: 'replay', envelope: v1 });
      expect(await d.pull()).toBe('refused');
      expect((await d.status()).refusals[0]).toMatchObject({ reason: 'rollback', version: 1 });
      proxy.set({ kind: 'other-site', siteId: 'lbc-hl-1' });
      expect(await d.pull()).toBe('refused');
      expect((await d.status()).refusals[0].reason).toBe('wrong-site');
      expect(serving()).toBe('verze dva');
      expect((await d.status()).servingVersion).toBe(2);
      const metrics = await (await fetch(`${d.url}/metrics`)).text();
      expect(metrics).toMatch(/peron_sync_refused_total\{reason="rollback"\} 1/);
      expect(metrics).toMatch(/peron_sync_release_version 2/);
    } finally {
      await d.close();
      await proxy.close();
    }
  });

  it('a blob corrupted at rest on the site falls back to the previous kept release at restart', async () => {
    const status = await b.status();
    expect(status.servingVersion).toBeGreaterThanOrEqual(2);
    const current = b.app.content.current().location.announcements[0].text.cs;
    expect(current).toBe('verze dva');
    await b.close();
    const env = JSON.parse(JSON.stringify(hub.api.latestEnvelope('lbc-hl-2')));
    const m = JSON.parse(Buffer.from(env.payload, 'base64').toString());
    const loc = m.items.find((i: { name: string }) => i.name === 'location.json');
    writeFileSync(join(b.dataDir, 'sync', 'blobs', 'sha256', loc.sha256), '{"broken":true}');
    const restarted = createSiteApp({ config: testConfig({ ...FAST_SYNC, dataDir: b.dataDir, location: LIBEREC, 'sync.hubUrl': 'http://127.0.0.1:9' }) });
    try {
      expect(restarted.content.current().source).toMatch(/^release:\d+$/);
      expect(restarted.content.current().source).not.toBe(`release:${m.version}`);
    } finally {
      await restarted.close();
    }
  });

  it('keeps the poke channel and the telemetry intake to enrolled sites', async () => {
    const { default: WebSocket } = await import('ws');
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${hub.url.replace('http', 'ws')}/api/sync/ws`, { headers: { authorization: 'Bearer lbc-hl-1.not-the-credential' } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(refused).toBe(401);
    const anon = await fetch(`${hub.url}/api/sync/telemetry`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"heartbeats":[]}' });
    expect(anon.status).toBe(401);
  });

  it('rejects invalid content at publish time and names the field', async () => {
    const bad = { ...baseLocation(locationsDir, LIBEREC), branding: { accent: 'blue' } };
    await expect(hub.api.publish(LIBEREC, { location: bad as never, files: {} }, 'editor@kraj')).rejects.toThrow(/branding\.accent/);
    await expect(hub.api.publish(LIBEREC, { location: baseLocation(locationsDir, LIBEREC), files: { '../x': Buffer.from('') } }, 'e')).rejects.toThrow(/not allowed/);
  });

  // last in this file: it uses up this client's enrolment attempts for the minute
  it('answers a client hammering the enrolment endpoint with 429 before it reaches the tokens', async () => {
    const attempt = () =>
      fetch(`${hub.url}/api/sync/enrol`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify({ token: 'lbc-hl-1.guessed-token' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await (await attempt()).json()).error).toEqual({ code: 'RATE_LIMITED', message: 'Too many attempts, please try again shortly' });
  });
});
