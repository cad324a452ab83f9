// `peron` subcommands of the departures capability: import a GTFS feed into the site database.
// Only types at the top (see cli.ts): the engine and its dependencies load when the command runs.
import { join } from 'node:path';
import type { Command } from '../platform/command.ts';

export const departuresCommands: Command[] = [
  {
    name: ['import-gtfs'],
    args: '<feed-id> <zip|dir|url>',
    summary: 'import a GTFS feed into the site database; a bad feed changes nothing and names file, line and reason',
    help: 'The new feed replaces the old one with the same id in one transaction; a running site on the same data dir picks it up\nwithin a minute. URL feeds listed in departures.feeds are also refreshed on their own schedule (refreshHours).',
    async run(args, ctx) {
      const [feed, source] = args;
      if (!feed || !source || !/^[a-z0-9-]+$/.test(feed)) {
        ctx.err('usage: peron import-gtfs <feed-id> <zip|dir|url>   (feed-id: lower-case letters, digits, dashes)');
        return 2;
      }
      const config = await ctx.config();
      const [{ openDb }, { createLogger }, { createI18n }, { createRenderer }, { createPrivacy, loadPrivacyKey }, { systemClock }, { Registry }, { createContentService, loadLocation }, { createEngine }] = await Promise.all([
        import('../platform/db.ts'), import('../platform/log.ts'), import('../platform/i18n.ts'), import('../platform/render.ts'), import('../platform/privacy.ts'),
        import('../platform/clock.ts'), import('prom-client'), import('../content/index.ts'), import('./engine.ts'),
      ]);
      const db = openDb(join(config.dataDir, 'site.sqlite'), 'site');
      const i18n = createI18n();
      const log = createLogger({ level: config.log.level === 'info' ? 'fatal' : config.log.level }); // the command prints its own outcome
      const engine = createEngine({
        config, db, log, clock: systemClock, i18n, render: createRenderer(i18n), metrics: new Registry(), privacy: createPrivacy(loadPrivacyKey(db, config.privacy.hashKey)),
        content: createContentService(loadLocation(config.locationsDir, config.location)),
      });
      const t0 = Date.now();
      try {
        const s = await engine.importSource(feed, source);
        ctx.out(`imported ${feed} in ${Date.now() - t0} ms: ${s.agencies} agencies, ${s.stops} stops, ${s.routes} routes, ${s.trips} trips, ${s.stopTimes} stop times, ${s.frequencies} frequencies; service ${s.firstDate} – ${s.lastDate}`);
        for (const w of s.warnings.slice(0, 10)) ctx.out(`warning: ${w}`);
        return 0;
      } catch (err) {
        ctx.err(`peron import-gtfs: ${(err as Error).message} (the previous ${feed} feed, if any, is kept)`);
        return 1;
      } finally {
        db.close();
      }
    },
  },
];
