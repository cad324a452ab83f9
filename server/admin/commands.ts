// `peron hub user add <email> --role county-admin|editor [--locations a,b]`: creates or updates an admin user.
// The password comes from env PERON_ADMIN_PASSWORD or stdin (never argv, which other local users can read).
import type { Command, CliContext } from '../platform/command.ts';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

export interface UserAddIo {
  readPassword: () => Promise<string>;
}

export function userAddCommand(io: UserAddIo = { readPassword: readStdin }): Command {
  return {
    name: ['hub', 'user', 'add'],
    args: '<email> --role county-admin|editor [--locations a,b]',
    summary: 'create or update a hub admin user; password from env PERON_ADMIN_PASSWORD or stdin',
    help: 'Editors may only edit, preview and publish the locations listed in --locations. The password is never taken from the command line.',
    async run(args: string[], ctx: CliContext) {
      // The shared parser takes a value after a flag only for global flags, so `--role editor` arrives as
      // flags.role = true plus a word; both that and `--role=editor` are understood.
      const words = [...args];
      const take = (flag: string, ok: (w: string) => boolean): string | undefined => {
        const v = ctx.flags[flag];
        if (typeof v === 'string') return v;
        if (v !== true) return undefined;
        const i = words.findIndex(ok);
        return i >= 0 ? words.splice(i, 1)[0] : undefined;
      };
      const role = take('role', (w) => w === 'county-admin' || w === 'editor');
      const locationsArg = take('locations', (w) => !w.includes('@'));
      const email = words.find((w) => w.includes('@'));
      if (!email || (role !== 'county-admin' && role !== 'editor')) {
        ctx.err('usage: peron hub user add <email> --role county-admin|editor [--locations a,b]');
        return 64; // EX_USAGE
      }
      if (ctx.flags.password !== undefined) {
        ctx.err('peron: --password is not accepted (argv is visible to other users); use stdin or PERON_ADMIN_PASSWORD');
        return 64;
      }
      const locations = (locationsArg ?? '').split(',').map((x) => x.trim()).filter(Boolean);
      const password = ctx.env.PERON_ADMIN_PASSWORD ?? (await io.readPassword());
      // Not a config key: taken out before the config is loaded (which refuses unknown PERON_* variables).
      delete ctx.env.PERON_ADMIN_PASSWORD;
      const config = await ctx.config();
      const [{ openDb }, { createAdminStore }, { createAudit }, { createAuth }, { systemClock }, { listLocationIds }] = await Promise.all([
        import('../platform/db.ts'),
        import('./store.ts'),
        import('./audit.ts'),
        import('./auth.ts'),
        import('../platform/clock.ts'),
        import('../content/index.ts'),
      ]);
      const known = listLocationIds(config.locationsDir);
      const unknown = locations.filter((l) => !known.includes(l));
      if (unknown.length) {
        ctx.err(`peron: unknown location(s) ${unknown.join(', ')} (known: ${known.join(', ')})`);
        return 65; // EX_DATAERR
      }
      const { join } = await import('node:path');
      const db = openDb(join(config.dataDir, 'hub.sqlite'), 'hub');
      try {
        const store = createAdminStore(db);
        const audit = createAudit({ store, clock: systemClock });
        const auth = createAuth({ store, clock: systemClock, config: config.admin, audit: (e) => audit.record(e) });
        const r = await auth.addUser({ email, password, role: role as 'county-admin' | 'editor', locations }, (await import('../platform/cli-actor.ts')).cliActor(ctx.env));
        ctx.out(`${r.created ? 'created' : 'updated'} ${email.toLowerCase()} (${role}${role === 'editor' ? ': ' + locations.join(', ') : ''})`);
        return 0;
      } catch (err) {
        ctx.err(`peron: ${(err as Error).message}`);
        return 65;
      } finally {
        db.close();
      }
    },
  };
}

export const adminCommands: Command[] = [userAddCommand()];
