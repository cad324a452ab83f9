// `peron hub site add|list` and `peron hub keys|key new`: provisioning sites and managing signing keys offline.
// Only types at the top (see cli.ts): the hub core and SQLite load when a command runs.
import { join } from 'node:path';
import type { Command, CliContext } from '../platform/command.ts';
import type { createHubCore } from './index.ts';
import { backupCommands } from '../platform/backup-commands.ts';

async function withHub<T>(ctx: CliContext, fn: (hub: ReturnType<typeof createHubCore>) => T): Promise<T> {
  const config = await ctx.config();
  const [{ systemClock }, { openDb }, { createLogger }, { createHubCore }] = await Promise.all([
    import('../platform/clock.ts'), import('../platform/db.ts'), import('../platform/log.ts'), import('./index.ts'),
  ]);
  const db = openDb(join(config.dataDir, 'hub.sqlite'), 'hub');
  try {
    return fn(createHubCore({ db, config, clock: systemClock, log: createLogger({ level: 'silent' }) }));
  } finally {
    db.close();
  }
}

export const hubCommands: Command[] = [
  {
    name: ['hub', 'site', 'add'],
    args: '<site-id> --location <id>',
    summary: 'register a site at the hub and print its one-time enrolment token',
    help: 'Re-running it for an existing site issues a new token (the old one stops working); the site keeps its\ncredential until it enrols again.',
    async run(args, ctx) {
      const siteId = args[0];
      const locationId = typeof ctx.flags.location === 'string' ? ctx.flags.location : undefined;
      if (!siteId || !locationId) {
        ctx.err('usage: peron hub site add <site-id> --location <location-id>');
        return 2;
      }
      try {
        const { cliActor } = await import('../platform/cli-actor.ts');
        const actor = cliActor(ctx.env);
        const { token } = await withHub(ctx, (hub) => {
          const t = hub.api.addSite(siteId, locationId);
          hub.audit(actor, 'site.add', locationId, { via: 'cli', siteId, locationId });
          return t;
        });
        const config = await ctx.config();
        const url = config.hub.publicUrl;
        ctx.out(`site ${siteId} registered for location ${locationId}`);
        ctx.out(`enrolment token (one-time, valid ${config.hub.enrolTokenHours} h): ${token}`);
        ctx.out('run on the site:');
        ctx.out(`  peron site enrol ${url} ${token} --location ${locationId}${url.startsWith('http:') ? ' --insecure' : ''}`);
        return 0;
      } catch (err) {
        const { AppError } = await import('../platform/errors.ts');
        if (err instanceof AppError) {
          ctx.err(`peron: ${err.message}`);
          return 2;
        }
        throw err;
      }
    },
  },
  {
    name: ['hub', 'site', 'list'],
    summary: 'list the sites registered at the hub with their release and heartbeat',
    async run(_args, ctx) {
      const sites = await withHub(ctx, (hub) => hub.api.sites());
      ctx.out('site\tlocation\tenrolled\tlatest\tserving\tlast heartbeat\tstale');
      for (const s of sites) {
        ctx.out(
          [s.siteId, s.locationId, s.enrolledAt ? new Date(s.enrolledAt).toISOString() : 'no', s.latestVersion ?? '-', s.servingVersion ?? '-', s.lastHeartbeatAt ? new Date(s.lastHeartbeatAt).toISOString() : '-', s.stale ? 'STALE' : 'ok'].join('\t'),
        );
      }
      return 0;
    },
  },
  {
    name: ['hub', 'keys'],
    summary: 'list the hub signing keys (id, active, public key) sites are told to trust',
    async run(_args, ctx) {
      for (const k of await withHub(ctx, (hub) => hub.api.keys())) ctx.out(`${k.id}${k.active ? ' (active)' : ''}\t${k.publicKey}`);
      return 0;
    },
  },
  {
    name: ['hub', 'key', 'new'],
    summary: 'print a new Ed25519 private key (PEM) for hub.extraKeys — key rotation step 1',
    help: 'Rotation: add the key to hub.extraKeys and restart (every manifest now announces it to the sites);\nonce every site reports the new key trusted, set hub.activeKeyId to its id.',
    async run(_args, ctx) {
      const { newPrivateKeyPem } = await import('./keys.ts');
      ctx.out(newPrivateKeyPem().trim());
      return 0;
    },
  },
  ...backupCommands('hub'),
];
