// /admin/alerts at a real hub, its edges: ?done= shows only the known confirmations, never a raw i18n key.
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
});
