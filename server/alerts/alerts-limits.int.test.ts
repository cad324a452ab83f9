// /admin/alerts at a real hub, its edges: at 200 alerts in force (the most one signed state carries, sites refuse
// more) a new one is refused on the form in the reader's language and nothing changes; ?done= shows only the known
// confirmations, never a raw i18n key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../test/helpers/admin-hub.ts';
import { startTestHub, type TestHub } from '../../test/helpers/hub-fleet.ts';

describe('county alerts at the hub: limits and confirmations', () => {
  let hub: TestHub;
  let admin: AdminClient;
  beforeAll(async () => {
    hub = await startTestHub();
    await hub.addUser('kraj@example.cz', 'heslo-pro-kraj-1', 'county-admin');
    admin = new AdminClient(hub.url);
    await admin.signIn('kraj@example.cz', 'heslo-pro-kraj-1');
  }, 30_000);
  afterAll(async () => hub?.close());

  it('shows only known confirmations for ?done=', async () => {
    expect((await admin.get('/admin/alerts?done=ended')).text).toContain('role="status"');
    for (const v of ['nonsense', 'done', '../x']) {
      const page = await admin.get(`/admin/alerts?done=${encodeURIComponent(v)}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('admin.done');
      expect(page.text).not.toContain('role="status"');
    }
  }, 30_000);

  it('refuses a new alert when 200 are in force, on the form, nothing changed', async () => {
    const alerts = hub.app.alerts;
    const expiresAt = Date.now() + 3_600_000;
    for (let i = 0; i < 200; i++) alerts.put({ text: { cs: `Varování ${i}` }, severity: 'minor', locations: 'all', expiresAt, source: 'admin' }, 'test', { publish: i === 199 });
    expect(alerts.live()).toHaveLength(200);
    const seq = alerts.envelope().seq;
    const res = await admin.post('/admin/alerts', { cs: 'Jedno navíc', severity: 'severe', minutes: '60', scope: 'all' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('platí už 200 varování');
    expect(res.text).toContain('Jedno navíc'); // the form keeps what was typed
    expect(alerts.live()).toHaveLength(200);
    expect(alerts.envelope().seq).toBe(seq);
  }, 60_000);
});
