import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { GTFS, testEngine } from '../../test/helpers/departures-engine.ts';

describe('feeds from a hub release', () => {
  it('imports a release\'s gtfs/<feed>.zip instead of the demo feed, and keeps the last good one when a later one is broken', async () => {
    const t = testEngine('2008-06-02T08:00:00Z');
    try {
      await t.engine.start();
      const loc = t.content.current().location;
      const good = readFileSync(join(GTFS, 'google-sample-feed-1.zip'));
      t.content.replace(loc, 'release:1', { 'gtfs/sample.zip': good });
      await vi.waitFor(() => expect(t.engine.status().find((f) => f.feed === 'sample')?.loaded).toBe(true), { timeout: 10_000 });
      await vi.waitFor(() => expect(t.engine.status().find((f) => f.feed === 'demo')?.loaded ?? false).toBe(false));
      t.content.replace(loc, 'release:2', { 'gtfs/sample.zip': readFileSync(join(GTFS, 'bad-gtfs.zip')) });
      await vi.waitFor(() => expect(t.engine.status().find((f) => f.feed === 'sample')?.lastError).toBeTruthy(), { timeout: 10_000 });
      expect(t.engine.status().find((f) => f.feed === 'sample')?.loaded).toBe(true);
    } finally { t.close(); }
  });
});
