// Issue 12 item 12: the hub refuses absurd telemetry — counts near 2^53, hours in 2099 or 1999 — with a clear error
// naming the field, and stores none of it (a forged or broken site cannot wreck the county's figures).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { enrolledDataDir, startTestHub, type TestHub } from '../../test/helpers/hub-fleet.ts';

const LIBEREC = 'liberec-hlavni-nadrazi';
let hub: TestHub;
afterAll(async () => { await hub?.close(); });

const hourNow = () => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString().replace('.000Z', 'Z');
const hourRow = (over: Record<string, unknown> = {}) => ({ hour: hourNow(), rev: 1, portalViews: 10, connects: 3, radiusAccepts: 3, radiusRejects: 0, acctRecords: 5, acctInputOctets: 1000, acctOutputOctets: 5000, displaysUp: 1, ...over });

describe('telemetry bounds at the hub', () => {
  it('refuses absurd counts and far-off hours with the field named, and keeps only honest figures', async () => {
    hub = await startTestHub();
    const dataDir = await enrolledDataDir(hub, 'tele-1', LIBEREC);
    const { credential } = JSON.parse(readFileSync(join(dataDir, 'sync', 'enrolment.json'), 'utf8')) as { credential: string };
    const send = (body: unknown) => fetch(`${hub.url}/api/sync/telemetry`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` }, body: JSON.stringify(body) });

    const huge = await send({ hours: [hourRow({ connects: 2 ** 53 - 1 })] });
    expect(huge.status).toBe(400);
    expect(((await huge.json()) as { error: { code: string; detail: string } }).error).toMatchObject({ code: 'HUB_INVALID_TELEMETRY', detail: expect.stringContaining('hours.0.connects') });

    const future = await send({ hours: [hourRow({ hour: '2099-01-01T00:00:00Z' })] });
    expect(future.status).toBe(400);
    expect(((await future.json()) as { error: { detail: string } }).error.detail).toBe('hours.0.hour: 2099-01-01T00:00:00Z is more than 24 h in the future');

    const past = await send({ heartbeats: [{ seq: 1, at: Date.parse('1999-05-01T00:00:00Z'), servingVersion: null, metadataStale: false, displays: [], heartbeatSeconds: 60 }] });
    expect(past.status).toBe(400);
    expect(((await past.json()) as { error: { detail: string } }).error.detail).toMatch(/^heartbeats\.0\.at: 1999-05-01T00:00:00\.000Z is more than 400 days in the past$/);

    expect(hub.api.figures({})).toHaveLength(0);
    const ok = await send({ hours: [hourRow()] });
    expect(ok.status).toBe(200);
    expect(hub.api.figures({})).toMatchObject([{ connects: 3 }]);
  });
});
