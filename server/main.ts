// The process entry: the only place that reads argv/env, opens the data dir, listens and exits.
import { createHubApp, createSiteApp, type RunningApp } from './app.ts';
import type { Config } from './config-schema.ts';
import { findCommand, groupUsage, makeContext, usage, type CliContext } from './cli.ts';
import { maskSecrets } from './platform/config.ts';
import { ConfigError } from './platform/errors.ts';
import { createLogger } from './platform/log.ts';

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<void> {
  const { words, ctx } = makeContext(argv, env);
  let found = findCommand(words);
  // `peron hub site` is the group of `hub site add|list`, not `peron hub` with a stray word
  if (found && found.rest.length && groupUsage(words.slice(0, found.cmd.name.length + 1))) found = undefined;
  if (!found) {
    const group = groupUsage(words.slice(0, 2)) ?? groupUsage(words.slice(0, 1));
    if (group) {
      ctx.out(group);
      process.exitCode = ctx.flags.help ? 0 : 2;
      return;
    }
    if (words.length) ctx.err(`peron: unknown command "${words.join(' ')}"\n`);
    ctx.out(usage());
    process.exitCode = words.length ? 2 : ctx.flags.help ? 0 : 2;
    return;
  }
  if (ctx.flags.help) {
    const c = found.cmd;
    ctx.out(`Usage: peron ${[...c.name, c.args ?? ''].join(' ').trim()} [options]\n\n${c.summary}${c.help ? '\n\n' + c.help : ''}\n\n${usage().split('\n').slice(-8).join('\n')}`);
    return;
  }
  try {
    const code = await found.cmd.run(found.rest, ctx);
    if (typeof code === 'number') process.exitCode = code;
  } catch (err) {
    if (err instanceof ConfigError) {
      ctx.err(`peron: ${err.message}`);
      process.exitCode = 78; // EX_CONFIG
      return;
    }
    throw err;
  }
}

function stopOnSignals(app: RunningApp, log: ReturnType<typeof createLogger>) {
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

export async function runSite(config: Config, _ctx: CliContext): Promise<RunningApp> {
  const log = createLogger({ level: config.log.level });
  log.info({ config: maskSecrets(config) }, 'peron site starting');
  // site.workers > 1: an owner process and worker processes sharing the ports (server/site-cluster.ts)
  const cluster = await import('./site-cluster.ts');
  const workers = cluster.workerCount(config);
  const app = workers > 1 ? cluster.createSiteCluster({ config, log, workers }) : createSiteApp({ config, log });
  const port = await app.listen(config.http.port, config.http.host);
  log.info({ port, location: config.location }, `site server listening on http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${port}/`);
  stopOnSignals(app, log);
  return app;
}

export async function runHub(config: Config, _ctx: CliContext): Promise<RunningApp> {
  const log = createLogger({ level: config.log.level });
  log.info({ config: maskSecrets(config) }, 'peron hub starting');
  const app = createHubApp({ config, log });
  const port = await app.listen(config.hub.port, config.http.host);
  log.info({ port }, `hub listening on http://localhost:${port}/`);
  stopOnSignals(app, log);
  return app;
}
