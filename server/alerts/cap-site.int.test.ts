// A CAP alert end to end: a real hub reads a CAP feed (the multilingual fixture, its dates moved to now) and the
// enrolled site shows it on its portal page in Czech and English, then not after the CAP Cancel.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledDataDir, startFleetSite, startTestHub, waitFor, type TestFleetSite, type TestHub } from '../../test/helpers/hub-fleet.ts';

const LIBEREC = 'liberec-hlavni-nadrazi';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, '+00:00');

describe('a CAP alert on a site', () => {
  let hub: TestHub;
  let site: TestFleetSite;
  let server: http.Server;
  let doc = '';

  beforeAll(async () => {
    server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/cap+xml' }).end(doc));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cap`;
    hub = await startTestHub({ 'alerts.capFeeds': [{ id: 'policie', url }], 'alerts.region.areaDesc': ['Liberecký kraj'] });
    site = await startFleetSite({ dataDir: await enrolledDataDir(hub, 'lbc-cap', LIBEREC), location: LIBEREC });
    await waitFor(async () => (await site.status()).pokeConnected, 'the site holds the hub channel', 20_000);
  }, 60_000);
  afterAll(async () => {
    await site?.close();
    await hub?.close();
    await new Promise((r) => server?.close(r));
  });

  const page = async (lang: string) => (await fetch(`${site.url}/?lang=${lang}`)).text();

  it('reaches the portal page in both languages and leaves it at the Cancel', async () => {
    const now = Date.now();
    doc = readFileSync(join(import.meta.dirname, '../../test/fixtures/cap/amber-alert.xml'), 'utf8')
      .replace(/<sent>[^<]*/, `<sent>${iso(now - 60_000)}`)
      .replace(/<expires>[^<]*/g, `<expires>${iso(now + 3_600_000)}`);
    await hub.app.alerts.cap.readAll();
    await waitFor(async () => (await page('cs')).includes('Pátrání po pohřešovaném dítěti v Libereckém kraji'), 'the Czech text on the portal page');
    expect(await page('en')).toContain('Search for a missing child in the Liberec Region');

    doc = `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>KRPL-0306112239-SW-2</identifier><sender>operacni@krpl.policie.example.cz</sender>
      <sent>${iso(now)}</sent><status>Actual</status><msgType>Cancel</msgType><scope>Public</scope>
      <references>operacni@krpl.policie.example.cz,KRPL-0306112239-SW,${iso(now - 60_000)}</references></alert>`;
    await hub.app.alerts.cap.readAll();
    await waitFor(async () => !(await page('cs')).includes('Pátrání po pohřešovaném'), 'gone after the Cancel');
  }, 30_000);
});
