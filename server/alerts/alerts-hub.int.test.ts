// County alerts at a real hub: a county administrator issues one for chosen locations and ends it (no JavaScript,
// CSRF, audited), an editor is refused, bad input is answered on the form and changes nothing; a site credential
// fetches the signed state, which verifies with the hub's key and lists only alerts in force.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../test/helpers/admin-hub.ts';
import { startTestHub, type TestHub } from '../../test/helpers/hub-fleet.ts';
import { parsePublicKey, verifyAlertState } from '../protocol/index.ts';

describe('county alerts at the hub', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    await hub.addUser('kraj@example.cz', 'heslo-pro-kraj-1', 'county-admin');
    await hub.addUser('editor@example.cz', 'heslo-pro-editora-1', 'editor', ['liberec-hlavni-nadrazi']);
  }, 30_000);
  afterAll(async () => hub?.close());

  const trusted = () => new Map(hub.api.keys().map((k) => [k.id, parsePublicKey(k.publicKey)]));

  it('issues for chosen locations, shows it, ends it early, audits both; the signed state follows', async () => {
    const admin = new AdminClient(hub.url);
    await admin.signIn('kraj@example.cz', 'heslo-pro-kraj-1');
    const page = await admin.get('/admin/alerts');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Krajská varování');
    expect((await admin.post('/admin/alerts', { cs: 'bez tokenu', severity: 'severe', minutes: '60', scope: 'all' }, { csrf: null })).status).toBe(403);
    const bad = await admin.post('/admin/alerts', { cs: '', severity: 'severe', minutes: '60', scope: 'all' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Varování nebylo vydáno');
    expect(hub.app.alerts.live()).toHaveLength(0);

    const { siteId } = { siteId: 'lbc-1' };
    const { token } = hub.api.addSite(siteId, 'liberec-hlavni-nadrazi');
    const { credential } = (await (await fetch(`${hub.url}/api/sync/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })).json()) as { credential: string };
    expect((await fetch(`${hub.url}/api/sync/alerts`)).status).toBe(401);

    const ok = await admin.post('/admin/alerts', new URLSearchParams([['cs', 'Povodeň: vlaky nejezdí.'], ['en', 'Flood: no trains.'], ['severity', 'extreme'], ['minutes', '120'], ['scope', 'chosen'], ['location', 'liberec-hlavni-nadrazi']]));
    expect(ok.status).toBe(303);
    const live = hub.app.alerts.live();
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ severity: 'extreme', locations: ['liberec-hlavni-nadrazi'], actor: 'kraj@example.cz', text: { cs: 'Povodeň: vlaky nejezdí.', en: 'Flood: no trains.' } });
    expect((await admin.get('/admin/alerts')).text).toContain('Povodeň: vlaky nejezdí.');

    const res = await fetch(`${hub.url}/api/sync/alerts`, { headers: { authorization: `Bearer ${credential}` } });
    expect(res.status).toBe(200);
    const v = verifyAlertState(await res.json(), trusted());
    expect(v.ok && v.state.alerts.map((a) => a.text.en)).toEqual(['Flood: no trains.']);
    const etag = res.headers.get('etag')!;
    expect((await fetch(`${hub.url}/api/sync/alerts`, { headers: { authorization: `Bearer ${credential}`, 'if-none-match': etag } })).status).toBe(304);

    expect((await admin.post(`/admin/alerts/${live[0].id}/end`, {})).status).toBe(303);
    expect(hub.app.alerts.live()).toHaveLength(0);
    const after = verifyAlertState(await (await fetch(`${hub.url}/api/sync/alerts`, { headers: { authorization: `Bearer ${credential}` } })).json(), trusted());
    expect(after.ok && after.state.alerts).toEqual([]);
    expect(after.ok && v.ok && after.state.seq > v.state.seq).toBe(true);
    const actions = (hub.app.deps.db.prepare("SELECT action FROM admin_audit WHERE action LIKE 'alert.%' ORDER BY id").pluck().all() as string[]);
    expect(actions).toEqual(['alert.issue', 'alert.end']);
  }, 30_000);

  it('refuses an editor', async () => {
    const editor = new AdminClient(hub.url);
    await editor.signIn('editor@example.cz', 'heslo-pro-editora-1');
    expect((await editor.get('/admin/alerts')).status).toBe(403);
    expect((await editor.post('/admin/alerts', { cs: 'x', severity: 'severe', minutes: '60', scope: 'all' })).status).toBe(403);
    expect(hub.app.alerts.live()).toHaveLength(0);
  }, 30_000);
});
