// Starts a real site server in-process on a free port, on a throw-away data dir.
import { createSiteApp, type RunningApp, type SiteServices } from '../../server/app.ts';
import type { Clock } from '../../server/platform/clock.ts';
import { testConfig } from './config.ts';
import { createLogger } from '../../server/platform/log.ts';

export interface TestSite {
  url: string;
  port: number;
  app: RunningApp & SiteServices;
  close(): Promise<void>;
}

export async function startTestSite(flags: Record<string, unknown> = {}, opts: { clock?: Clock } = {}): Promise<TestSite> {
  const config = testConfig(flags);
  // PERON_SITE_WORKERS=2 runs the same tests against the multi-process site (an owner here, workers forked)
  const workers = Number(process.env.PERON_SITE_WORKERS ?? '1');
  const app = workers > 1 && !opts.clock ? (await import('../../server/site-cluster.ts')).createSiteCluster({ config, log: createLogger({ level: config.log.level }), workers }) : createSiteApp({ config, clock: opts.clock });
  const port = await app.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, port, app, close: () => app.close() };
}
