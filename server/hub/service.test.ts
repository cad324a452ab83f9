import { describe, expect, it } from 'vitest';
import { createHubCore } from './index.ts';
import { openDb } from '../platform/db.ts';
import { fixedClock } from '../platform/clock.ts';
import { createLogger } from '../platform/log.ts';
import { loadLocation } from '../content/index.ts';
import { testConfig } from '../../test/helpers/config.ts';

function core(flags: Record<string, unknown> = {}) {
  const config = testConfig(flags);
  const clock = fixedClock(Date.parse('2026-12-01T08:00:00Z'));
  const hub = createHubCore({ db: openDb(':memory:', 'hub'), config, clock, log: createLogger({ level: 'silent' }) });
  return { hub, clock, location: loadLocation(config.locationsDir, 'liberec-hlavni-nadrazi') };
}

describe('hub core', () => {
  it('gives each site of a location its own increasing version', async () => {
    const { hub, location } = core();
    hub.api.addSite('a', location.id);
    await hub.api.publish(location.id, { location, files: {} }, 'x');
    hub.api.addSite('b', location.id);
    const r = await hub.api.publish(location.id, { location, files: {} }, 'x');
    expect(r.sites).toEqual([
      { siteId: 'a', version: 2 },
      { siteId: 'b', version: 1 },
    ]);
  });

  it('accepts an enrolment token once and stores only a hash of the credential', async () => {
    const { hub } = core();
    const { token } = hub.api.addSite('a', 'liberec-hlavni-nadrazi');
    const e = hub.enrol(token);
    expect(e.credential).toMatch(/^a\./);
    expect(hub.authenticate(`Bearer ${e.credential}`)).toBe('a');
    expect(hub.authenticate(`Bearer ${e.credential}x`)).toBeNull();
    expect(() => hub.enrol(token)).toThrow(/already used/);
  });

  it('refuses an expired enrolment token', () => {
    const { hub, clock } = core({ 'hub.enrolTokenHours': 1 });
    const { token } = hub.api.addSite('a', 'liberec-hlavni-nadrazi');
    clock.advance(2 * 3_600_000);
    expect(() => hub.enrol(token)).toThrow(/expired/);
  });

  it('re-signs a release past half its lifetime as a new version with the same items', async () => {
    const { hub, clock, location } = core({ 'hub.releaseTtlHours': 10 });
    hub.api.addSite('a', location.id);
    await hub.api.publish(location.id, { location, files: {} }, 'x');
    expect(hub.refreshExpiring()).toEqual([]);
    clock.advance(6 * 3_600_000);
    expect(hub.refreshExpiring()).toEqual([{ siteId: 'a', version: 2 }]);
  });

  it('marks a site stale when its heartbeats stop or it serves an older release than published', async () => {
    const { hub, clock, location } = core();
    hub.api.addSite('a', location.id);
    const beat = (seq: number, servingVersion: number | null) =>
      hub.intake('a', [{ seq, at: clock.now(), servingVersion, metadataStale: false, displays: [], heartbeatSeconds: 60 }], []);
    beat(1, null);
    expect(hub.api.sites()[0].stale).toBe(false);
    await hub.api.publish(location.id, { location, files: {} }, 'x');
    expect(hub.api.sites()[0]).toMatchObject({ stale: true, latestVersion: 1 });
    beat(2, 1);
    expect(hub.api.sites()[0]).toMatchObject({ stale: false, servingVersion: 1 });
    clock.advance(181_000);
    expect(hub.api.sites()[0].stale).toBe(true);
  });

  it('keeps one figure row per site and hour, replaced by newer revisions', () => {
    const { hub } = core();
    hub.api.addSite('a', 'liberec-hlavni-nadrazi');
    const hour = (rev: number, portalViews: number) => ({ hour: '2026-12-01T08:00:00Z', rev, portalViews, connects: 0, radiusAccepts: 0, radiusRejects: 0, acctRecords: 0, acctInputOctets: 0, acctOutputOctets: 0, displaysUp: 0 });
    hub.intake('a', [], [hour(2, 10)]);
    hub.intake('a', [], [hour(1, 3)]);
    expect(hub.api.figures()).toMatchObject([{ siteId: 'a', hour: '2026-12-01T08:00:00Z', portalViews: 10 }]);
    hub.intake('a', [], [hour(3, 12)]);
    expect(hub.api.figures({ locationId: 'liberec-hlavni-nadrazi', from: Date.parse('2026-12-01T08:00:00Z') })[0].portalViews).toBe(12);
    expect(hub.api.figures({ to: Date.parse('2026-12-01T08:00:00Z') })).toEqual([]);
  });
});

describe('hub config', () => {
  it('never logs signing keys, extra keys included', async () => {
    const { maskSecrets } = await import('../platform/config.ts');
    const { newPrivateKeyPem } = await import('./keys.ts');
    const pem = newPrivateKeyPem();
    const text = JSON.stringify(maskSecrets(testConfig({ 'hub.signingKey': pem, 'hub.extraKeys': [newPrivateKeyPem()], 'hub.adminToken': 'tok-123' })));
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain('tok-123');
  });

  it('ships trimmed feeds as release items; the same feed again makes no new release', async () => {
    const { hub, location } = core();
    hub.api.addSite('a', location.id);
    await hub.api.publish(location.id, { location, files: {} }, 'x');
    const item = { name: 'gtfs/dpmlj.zip', sha256: 'a'.repeat(64), size: 10 };
    expect(hub.releaseFeeds(location.id, [item])).toEqual([{ siteId: 'a', version: 2 }]);
    expect(hub.releaseFeeds(location.id, [item])).toEqual([]);
    expect(hub.releaseFeeds(location.id, [{ ...item, sha256: 'b'.repeat(64) }])).toEqual([{ siteId: 'a', version: 3 }]);
  });

  it('keeps the shipped feeds when an editor publishes content, also for a site added later', async () => {
    const { hub, location } = core();
    hub.api.addSite('a', location.id);
    await hub.api.publish(location.id, { location, files: {} }, 'x');
    const item = { name: 'gtfs/dpmlj.zip', sha256: 'a'.repeat(64), size: 10 };
    hub.releaseFeeds(location.id, [item]);
    hub.api.addSite('b', location.id);
    await hub.api.publish(location.id, { location: withName(location, 'Nové jméno'), files: { 'news/x.json': Buffer.from('{}') } }, 'editor@x');
    for (const site of ['a', 'b']) {
      const m = manifest(hub.api.latestEnvelope(site));
      expect(m.items.map((i: { name: string }) => i.name).sort(), site).toEqual(['gtfs/dpmlj.zip', 'location.json', 'news/x.json']);
    }
    expect(hub.releaseFeeds(location.id, [item])).toEqual([]);
  });
});

function manifest(env: unknown) {
  return JSON.parse(Buffer.from((env as { payload: string }).payload, 'base64').toString('utf8'));
}

function withName<T extends { names: Record<string, string> }>(l: T, cs: string): T {
  return { ...l, names: { ...l.names, cs } };
}
