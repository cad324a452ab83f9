// Builds a departures engine on a real SQLite file with a fixed clock, for import and realtime tests.
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { createEngine } from '../../server/departures/engine.ts';
import { createContentService, loadLocation } from '../../server/content/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { openDb } from '../../server/platform/db.ts';
import { createI18n } from '../../server/platform/i18n.ts';
import { silentLogger, type Logger } from '../../server/platform/log.ts';
import { createPrivacy } from '../../server/platform/privacy.ts';
import { createRenderer } from '../../server/platform/render.ts';
import { testConfig } from './config.ts';

const repo = join(import.meta.dirname, '..', '..');
/** The repository's own fixtures (origin and licences in test/fixtures/README.md). */
export const FIXTURES = join(repo, 'test', 'fixtures');
export const GTFS = join(FIXTURES, 'gtfs');
export const GTFS_RT = join(FIXTURES, 'gtfs-rt');

export function testEngine(now: string | number, flags: Record<string, unknown> = {}, log: Logger = silentLogger()) {
  const config = testConfig(flags);
  const db = openDb(join(config.dataDir, 'site.sqlite'), 'site');
  const clock = fixedClock(typeof now === 'string' ? Date.parse(now) : now);
  const i18n = createI18n();
  const content = createContentService(loadLocation(config.locationsDir, 'liberec-hlavni-nadrazi'));
  const engine = createEngine({
    config, db, clock, i18n, log, render: createRenderer(i18n), metrics: new Registry(), privacy: createPrivacy(Buffer.alloc(32, 1)),
    content,
  });
  return { engine, db, clock, config, content, close: () => { engine.stop(); db.close(); } };
}
