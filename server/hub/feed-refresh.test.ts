import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHubCore } from './index.ts';
import { createBlobStore } from './blobs.ts';
import { createFeedRefresher } from './feed-refresh.ts';
import { createFeedStore } from './feed-store.ts';
import { openDb } from '../platform/db.ts';
import { fixedClock } from '../platform/clock.ts';
import { createLogger } from '../platform/log.ts';
import { loadLocation } from '../content/index.ts';
import { testConfig } from '../../test/helpers/config.ts';

const GTFS = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'gtfs');

describe('hub feed refresh', () => {
  it('ships a trimmed feed once, not again when unchanged, and keeps the last good one when the upstream breaks', async () => {
    const config = testConfig();
    const clock = fixedClock(Date.parse('2008-06-02T08:00:00Z'));
    const log = createLogger({ level: 'silent' });
    const db = openDb(':memory:', 'hub');
    const hub = createHubCore({ db, config, clock, log });
    const location = loadLocation(config.locationsDir, 'liberec-hlavni-nadrazi');
    hub.api.addSite('a', location.id);
    await hub.api.publish(location.id, { location, files: {} }, 'x');
    const src = join(mkdtempSync(join(tmpdir(), 'peron-up-')), 'feed.zip');
    copyFileSync(join(GTFS, 'google-sample-feed-1.zip'), src);
    const feeds = [{ id: 'sample', source: src, licence: 'test', refreshHours: 24, locations: [location.id], maxMB: 16, timeoutSeconds: 30 }];
    const refresher = () => createFeedRefresher({ feeds, dataDir: config.dataDir, blobs: createBlobStore(join(config.dataDir, 'hub', 'blobs', 'sha256')), store: createFeedStore(db), service: hub, stationsOf: () => [{ feed: 'sample', stopIds: ['BEATTY_AIRPORT'] }], clock, log });
    const r = refresher();
    expect(await r.refresh('sample')).toEqual([{ siteId: 'a', version: 2 }]);
    expect(await r.refresh('sample')).toEqual([]);
    copyFileSync(join(GTFS, 'bad-gtfs.zip'), src);
    expect(await r.refresh('sample')).toEqual([]);
    const st = r.states()[0];
    expect(st.lastError?.reason).toBeTruthy();
    expect(st.lastGood?.lastDate).toMatch(/2010/);
    expect(r.itemsOf(location.id).map((i) => i.name)).toEqual(['gtfs/sample.zip']);

    // a restarted hub (same database) remembers the error and the last good feed, and does not ship it again
    const again = refresher();
    expect(again.states()[0]).toEqual(st);
    copyFileSync(join(GTFS, 'google-sample-feed-1.zip'), src);
    expect(await again.refresh('sample')).toEqual([]);
    expect(again.states()[0].lastError).toBeNull();
    expect(again.states()[0].lastGood?.items[location.id].sha256).toBe(st.lastGood?.items[location.id].sha256);
  });
});
