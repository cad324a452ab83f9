import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import WebSocket from 'ws';
import { connect } from '../../test/helpers/captive-http.ts';
import { SECRET, TestNas } from '../../test/helpers/radius-peer.ts';
import { ATTR, CODE, encodeUserPassword, int, octets, text, type Attr } from '../radius/codec.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import { displayKey } from '../kiosk/index.ts';
import { fixedClock } from '../platform/clock.ts';
import { newPrivateKeyPem } from '../hub/index.ts';
import { baseLocation, enrolledDataDir, startFleetSite, startTestHub, waitFor, withAnnouncement, fetchFresh, type TestFleetSite, type TestHub } from '../../test/helpers/hub-fleet.ts';

const LIBEREC = 'liberec-hlavni-nadrazi';
const locationsDir = join(repoRoot, 'locations');
const draft = (text: string) => withAnnouncement(baseLocation(locationsDir, LIBEREC), text);

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

describe('key rotation', () => {
  it('a site learns the next hub key from a release signed by the current one, then accepts releases signed by it', async () => {
    const hub = await startTestHub();
    cleanup.push(() => hub.close());
    const site = await startFleetSite({ dataDir: await enrolledDataDir(hub, 'rot-1', LIBEREC), location: LIBEREC });
    cleanup.push(() => site.close());
    const keyA = hub.api.keys()[0].id;
    await hub.api.publish(LIBEREC, { location: draft('klíč A'), files: {} }, 'admin');
    await waitFor(() => site.app.content.current().source === 'release:1', 'release 1');
    expect((await site.status()).trustedKeys).toEqual([keyA]);

    // step 1: the hub holds a second key and announces it in every manifest (still signing with A)
    const pemB = newPrivateKeyPem();
    await hub.restart({ 'hub.extraKeys': [pemB] });
    const keyB = hub.api.keys().find((k) => k.id !== keyA)!.id;
    await hub.api.publish(LIBEREC, { location: draft('klíč A oznamuje B'), files: {} }, 'admin');
    await waitFor(async () => (await site.status()).servingVersion === 2, 'release 2', 15_000);
    expect((await site.status()).trustedKeys.sort()).toEqual([keyA, keyB].sort());

    // step 2: B becomes the active signing key
    await hub.restart({ 'hub.extraKeys': [pemB], 'hub.activeKeyId': keyB });
    await hub.api.publish(LIBEREC, { location: draft('podepsáno B'), files: {} }, 'admin');
    await waitFor(async () => (await site.status()).servingVersion === 3, 'release 3 signed by B', 15_000);
    expect(site.app.content.current().location.announcements[0].text.cs).toBe('podepsáno B');
    const env = (await (await fetchFresh(`${hub.url}/sites/rot-1/latest`)).json()) as { signatures: { keyid: string }[] };
    expect(env.signatures[0].keyid).toBe(keyB);

    // a site that only ever trusted A (configured, never saw the announcement) refuses B's release
    const aPub = hub.api.keys().find((k) => k.id === keyA)!.publicKey;
    hub.api.addSite('rot-2', LIBEREC);
    await hub.api.publish(LIBEREC, { location: draft('pro rot-2'), files: {} }, 'admin');
    const lonely = await startFleetSite({ location: LIBEREC, 'sync.hubUrl': hub.url, 'sync.siteId': 'rot-2', 'sync.trustedKeys': [aPub] });
    cleanup.push(() => lonely.close());
    await waitFor(async () => (await lonely.status()).refusals[0]?.reason === 'untrusted-key', 'untrusted key refused');
    expect(lonely.app.content.current().source).toBe('file');
  });
});

describe('telemetry', () => {
  it('heartbeats and hourly figures reach the hub, wait in the outbox while the hub is down, and arrive after it returns', async () => {
    const hub = await startTestHub();
    cleanup.push(() => hub.close());
    // "none" mode takes the MAC from the kernel ARP table for the client IP: this one says who 127.0.0.1 is
    const arpFile = join(mkdtempSync(join(tmpdir(), 'peron-arp-')), 'arp');
    const arpSays = (mac: string) => writeFileSync(arpFile, `IP address HW type Flags HW address Mask Device\n127.0.0.1 0x1 0x2 ${mac.replace(/-/g, ':')} * wlan0\n`);
    const site = await startFleetSite({ dataDir: await enrolledDataDir(hub, 'tel-1', LIBEREC), location: LIBEREC, 'captive.arpFile': arpFile, 'radius.clients': [{ name: 'ap-1', address: '127.0.0.1', secret: SECRET }] });
    cleanup.push(() => site.close());
    // real traffic through the site's own capabilities: portal views and Connects, RADIUS auth and accounting
    const views = async (n: number, lang: string) => {
      for (let i = 0; i < n; i++) expect((await fetch(`${site.url}/?lang=${lang}`)).status).toBe(200);
    };
    for (const mac of ['a4-5e-60-d1-22-01', 'a4-5e-60-d1-22-02']) {
      arpSays(mac);
      expect((await connect(site.url, `/?lang=cs&mac=${mac}`)).status).toBe(303);
    }
    await views(2, 'cs');
    await views(1, 'en');
    const nas = new TestNas(SECRET);
    cleanup.push(async () => nas.close());
    await nas.ready();
    const { auth, acct } = site.app.radius.server.ports();
    const macAuth = (mac: string) => nas.send(nas.build(CODE.AccessRequest, (a) => [text(ATTR.UserName, mac), octets(ATTR.UserPassword, encodeUserPassword(mac, nas.secret, a)), text(ATTR.CallingStationId, mac), text(ATTR.NasIdentifier, 'ap-1')]), auth);
    expect((await macAuth('a45e60d12201'))?.code).toBe(CODE.AccessAccept);
    expect((await macAuth('a45e60d12202'))?.code).toBe(CODE.AccessAccept);
    expect((await macAuth('a45e60d12201'))?.code).toBe(CODE.AccessAccept);
    expect((await macAuth('a45e60d12299'))?.code).toBe(CODE.AccessReject);
    const acctReq = (status: number, id: string, extra: Attr[] = []) =>
      nas.send(nas.build(CODE.AccountingRequest, [int(ATTR.AcctStatusType, status), text(ATTR.AcctSessionId, id), text(ATTR.UserName, 'a45e60d12201'), text(ATTR.NasIdentifier, 'ap-1'), ...extra]), acct);
    for (const id of ['s1', 's2', 's3']) expect((await acctReq(1, id))?.code).toBe(CODE.AccountingResponse);
    expect((await acctReq(2, 's1', [int(ATTR.AcctInputOctets, 1000), int(ATTR.AcctOutputOctets, 2000)]))?.code).toBe(CODE.AccountingResponse);
    // one of the station's two boards is connected and sends its heartbeat (the kiosk capability's real ws channel)
    const board = new WebSocket(`${site.url.replace('http', 'ws')}/kiosk/ws?display=hala-odjezdy`, { origin: site.url });
    cleanup.push(async () => board.close());
    await new Promise((resolve, reject) => board.once('open', resolve).once('error', reject));
    board.send(JSON.stringify({ type: 'auth', key: displayKey(site.app.deps.privacy, 'hala-odjezdy') }));
    board.send(JSON.stringify({ type: 'heartbeat', clientVersion: 'test', shows: 'live', heapBytes: 1, uptimeSeconds: 1, clockOffsetMs: 0 }));

    const row = await waitFor(() => hub.api.figures({ locationId: LIBEREC }).find((r) => r.siteId === 'tel-1' && r.portalViews === 5 && r.acctRecords === 4), 'figures at the hub');
    expect(row).toMatchObject({ connects: 2, radiusAccepts: 3, radiusRejects: 1, acctRecords: 4, acctInputOctets: 1000, acctOutputOctets: 2000, displaysUp: 1 });
    const status = hub.api.sites().find((s) => s.siteId === 'tel-1')!;
    expect(status).toMatchObject({ stale: false, displays: [{ id: 'hala-odjezdy', up: true }, { id: 'nastupiste-1', up: false }] });
    expect(status.lastHeartbeatAt).toBeGreaterThan(Date.now() - 10_000);

    await hub.close();
    await views(7, 'de');
    await waitFor(async () => (await site.status()).telemetry.outboxHeartbeats >= 2, 'heartbeats queued during the outage');
    expect(await site.pull()).toBe('error');
    expect((await site.status()).hubReachable).toBe(false);
    expect((await fetch(`${site.url}/healthz`)).status).toBe(200);

    await hub.restart();
    await waitFor(() => hub.api.figures().find((r) => r.siteId === 'tel-1')?.portalViews === 12, 'figures after the outage', 15_000);
    await waitFor(async () => (await site.status()).telemetry.outboxHeartbeats === 0, 'outbox drained', 15_000);
    expect(hub.api.figures().filter((r) => r.siteId === 'tel-1')).toHaveLength(1);

    const csv = await fetchFresh(`${hub.url}/api/figures.csv?location=${LIBEREC}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('hour_utc,location_id,site_id,accesses,portal_views,radius_accepts,radius_rejects,accounting_records,octets_in,octets_out,displays_up');
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00Z,${LIBEREC},tel-1,2,12,3,1,4,1000,2000,1$`));

    const forged = await fetchFresh(`${hub.url}/api/sync/telemetry`, { method: 'POST', headers: { authorization: 'Bearer tel-1.forged', 'content-type': 'application/json' }, body: '{}' });
    expect(forged.status).toBe(401);
    await hub.restart({ 'hub.adminToken': 'county-export-token' });
    expect((await fetchFresh(`${hub.url}/api/figures.csv`)).status).toBe(401);
    expect((await fetchFresh(`${hub.url}/api/figures.csv`, { headers: { authorization: 'Bearer county-export-token' } })).status).toBe(200);
  });
});

describe('hub away', () => {
  let site: TestFleetSite;
  let hub: TestHub;
  it('sites keep serving their release with the hub stopped, and report stale once it expires — never blank', async () => {
    hub = await startTestHub({ 'hub.releaseTtlHours': 1 });
    cleanup.push(() => hub.close());
    const clock = fixedClock(Date.now());
    site = await startFleetSite({ dataDir: await enrolledDataDir(hub, 'away-1', LIBEREC), location: LIBEREC }, { clock });
    cleanup.push(() => site.close());
    await hub.api.publish(LIBEREC, { location: draft('hub pryč'), files: {} }, 'admin');
    await waitFor(() => site.app.content.current().source === 'release:1', 'release 1');
    await hub.close();
    expect(await site.pull()).toBe('error');
    let s = await site.status();
    expect(s).toMatchObject({ stale: false, hubReachable: false, servingVersion: 1 });

    clock.advance(2 * 3_600_000);
    s = await site.status();
    expect(s).toMatchObject({ stale: true, staleSince: s.expiresAt, servingVersion: 1, source: 'release:1' });
    expect(site.app.content.current().location.announcements[0].text.cs).toBe('hub pryč');
    expect(await (await fetch(`${site.url}/metrics`)).text()).toMatch(/^peron_sync_stale 1$/m);

    // the hub returns: the site's heartbeat says it is stale until a fresh release arrives
    await hub.restart();
    await waitFor(() => hub.api.sites().find((x) => x.siteId === 'away-1')?.metadataStale === true, 'hub sees the stale site');
    expect(hub.api.sites().find((x) => x.siteId === 'away-1')!.stale).toBe(true);
  });
});
