// Running the two servers: opens the data dir, listens, logs one start-up line, stops cleanly on SIGINT/SIGTERM.
// Loaded only by `peron site` and `peron hub` (cli.ts imports it lazily), so other commands never load express.
import { availableParallelism } from 'node:os';
import { createHubApp, createSiteApp, type RunningApp } from './app.ts';
import type { Config } from './config-schema.ts';
import { maskSecrets } from './platform/config.ts';
import { createLogger, type Logger } from './platform/log.ts';

function stopOnSignals(app: RunningApp, log: Logger) {
  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ sig }, 'stopping');
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** The whole (masked) configuration only at debug level: `peron config` prints it for people. */
function logStart(log: Logger, config: Config, what: string, fields: Record<string, unknown>) {
  log.info({ ...fields, dataDir: config.dataDir, node: process.versions.node }, `${what} starting`);
  log.debug({ config: maskSecrets(config) }, 'effective configuration');
}

export async function runSite(config: Config): Promise<RunningApp> {
  const log = createLogger({ level: config.log.level, format: config.log.format });
  logStart(log, config, 'peron site', { location: config.location });
  // site.workers > 1: an owner process and worker processes sharing the ports (server/site-cluster.ts)
  const workers = config.site.workers === 0 ? availableParallelism() : config.site.workers;
  const app = workers > 1 ? (await import('./site-cluster.ts')).createSiteCluster({ config, log, workers }) : createSiteApp({ config, log });
  const port = await app.listen(config.http.port, config.http.host);
  log.info({ port, location: config.location }, `site server listening on http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${port}/`);
  stopOnSignals(app, log);
  return app;
}

export async function runHub(config: Config): Promise<RunningApp> {
  const log = createLogger({ level: config.log.level, format: config.log.format });
  logStart(log, config, 'peron hub', { publicUrl: config.hub.publicUrl });
  const app = createHubApp({ config, log });
  const port = await app.listen(config.hub.port, config.http.host);
  log.info({ port }, `hub listening on http://localhost:${port}/`);
  stopOnSignals(app, log);
  return app;
}
