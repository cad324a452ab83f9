// CAP 1.2 ingestion at a real hub reading a real HTTP feed server (fixtures from the CAP 1.2 specification's
// examples, test/fixtures/cap): an Atom feed of two entries, two languages, an update that replaces, a cancel that
// ends, an expired alert and one outside the region ignored, a malformed document refused with its line on
// /admin/alerts while the last good state is kept; re-reading changes nothing and signs no new state.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../platform/clock.ts';
import { AdminClient } from '../../test/helpers/admin-hub.ts';
import { startTestHub, type TestHub } from '../../test/helpers/hub-fleet.ts';

const DIR = join(import.meta.dirname, '../../test/fixtures/cap');
const fixture = (name: string) => readFileSync(join(DIR, name), 'utf8');
// Liberecký kraj, roughly, as [lat, lon]
export const LIBEREC_REGION = [[50.87, 14.6], [51.02, 14.8], [51.05, 15.05], [50.95, 15.3], [50.75, 15.55], [50.55, 15.45], [50.5, 15.05], [50.6, 14.6]];

describe('CAP feeds at the hub', () => {
  let hub: TestHub;
  let server: http.Server;
  let base = '';
  let feed = 'thunderstorm-warning.xml'; // what /feed serves now
  const clock = fixedClock(Date.parse('2026-12-04T12:00:00Z'));

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const name = req.url === '/feed' ? feed : (req.url ?? '').slice(1);
      if (!/^[a-z-]+\.(xml|atom)$/.test(name)) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/xml' }).end(fixture(name));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    hub = await startTestHub(
      {
        'alerts.capFeeds': [{ id: 'chmu', url: `${base}/feed` }],
        'alerts.region.polygon': LIBEREC_REGION,
        'alerts.region.geocodes': [{ valueName: 'NUTS3', value: 'CZ051' }],
      },
      { clock },
    );
    await hub.addUser('kraj@example.cz', 'heslo-pro-kraj-1', 'county-admin');
  }, 30_000);
  afterAll(async () => {
    await hub?.close();
    await new Promise((r) => server?.close(r));
  });

  const cap = () => hub.app.alerts.cap;
  const live = () => hub.app.alerts.live();
  const read = async (name: string) => {
    feed = name;
    await cap().readAll();
  };
  const status = () => cap().status()[0];

  it('takes a single CAP document at start: Czech text, severity, CAP expires, audited as cap:<feed>', async () => {
    await cap().readAll(); // waits for the read the hub started with
    expect(live()).toHaveLength(1);
    expect(live()[0]).toMatchObject({ severity: 'severe', source: 'cap:chmu', actor: 'cap:chmu', locations: 'all', expiresAt: Date.parse('2026-12-04T16:00:00+01:00') });
    expect(live()[0].text.cs).toMatch(/^VÝSTRAHA PŘED SILNÝMI BOUŘKAMI\. Ve 12:54 radar zachytil/);
    const audit = hub.app.deps.db.prepare("SELECT actor, action FROM admin_audit WHERE action LIKE 'alert.%'").all();
    expect(audit).toEqual([{ actor: 'cap:chmu', action: 'alert.issue' }]);
    expect(status()).toMatchObject({ lastError: null, inRegion: 1, lastReadAt: clock.now() });
  });

  it('reads an Atom feed of two entries; the multilingual one keeps cs and en; re-reading signs nothing new', async () => {
    await read('feed.atom');
    const byCs = new Map(live().map((a) => [a.text.cs.slice(0, 20), a]));
    expect(live()).toHaveLength(2);
    const amber = live().find((a) => a.text.cs.startsWith('Pátrání po pohřešovaném dítěti'))!;
    expect(amber.text.en).toBe('Search for a missing child in the Liberec Region. Boy, 3 years, wearing red shorts and a white T-shirt, last seen in Liberec near the main station. Call 158 with any information.');
    expect(amber.text.de).toBeUndefined();
    expect(amber.expiresAt).toBe(clock.now() + 72 * 3_600_000); // CAP expires 2026-12-10, capped by alerts.maxHours
    expect(byCs.size).toBe(2);
    const seq = hub.app.alerts.envelope().seq;
    clock.advance(1_000);
    await read('feed.atom');
    await read('thunderstorm-warning.xml');
    expect(live()).toHaveLength(2);
    expect(hub.app.alerts.envelope().seq).toBe(seq);
  });

  it('an Update replaces the alert it references, a Cancel ends it', async () => {
    await read('thunderstorm-update.xml');
    const texts = live().map((a) => a.text.cs);
    expect(texts.some((t) => t.startsWith('VÝSTRAHA PŘED SILNÝMI BOUŘKAMI PRODLOUŽENA. Bouřka se přesunula nad Liberec'))).toBe(true);
    expect(texts.some((t) => t.startsWith('VÝSTRAHA PŘED SILNÝMI BOUŘKAMI. Ve 12:54'))).toBe(false);
    expect(live()).toHaveLength(2);
    await read('thunderstorm-cancel.xml');
    expect(live().map((a) => a.text.cs.slice(0, 30))).toEqual(['Pátrání po pohřešovaném dítěti']);
    await read('feed.atom'); // the feed still lists the first warning: ended stays ended
    expect(live()).toHaveLength(1);
  });

  it('ignores an expired alert and one outside the region', async () => {
    const seq = hub.app.alerts.envelope().seq;
    await read('earthquake-expired.xml');
    await read('security-advisory-outside.xml');
    expect(live()).toHaveLength(1);
    expect(hub.app.alerts.envelope().seq).toBe(seq);
    expect(status()).toMatchObject({ lastError: null, inRegion: 0 });
  });

  it('refuses a malformed document with the feed, line and what is wrong; keeps the last good state; shows it on /admin/alerts', async () => {
    const seq = hub.app.alerts.envelope().seq;
    await read('malformed.xml');
    expect(live()).toHaveLength(1);
    expect(hub.app.alerts.envelope().seq).toBe(seq);
    expect(status().lastError).toMatch(new RegExp(`^${base}/feed: line 20: not well-formed XML: .*headlin`));
    const admin = new AdminClient(hub.url);
    await admin.signIn('kraj@example.cz', 'heslo-pro-kraj-1');
    const page = (await admin.get('/admin/alerts')).text;
    expect(page).toContain('Kanály CAP');
    expect(page).toContain('Poslední čtení odmítlo dokument');
    expect(page).toContain('line 20: not well-formed XML');
    await read('feed.atom');
    expect(status().lastError).toBeNull();
    expect((await admin.get('/admin/alerts')).text).not.toContain('Poslední čtení odmítlo dokument');
  });
});
