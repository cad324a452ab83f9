// `peron radius …` subcommands: list open sessions and disconnect one through its NAS (RFC 5176).
// Only types at the top (see cli.ts): SQLite and the RADIUS client load when a command runs.
import { join } from 'node:path';
import type { Command } from '../platform/command.ts';
import type { Config } from '../config-schema.ts';

async function admin(ctxConfig: () => Promise<Config>) {
  const config = await ctxConfig();
  const [{ openDb }, { createNasTable }, { createRadiusStore }, { createSessionAdmin }] = await Promise.all([
    import('../platform/db.ts'), import('./nas.ts'), import('./store.ts'), import('./sessions.ts'),
  ]);
  const db = openDb(join(config.dataDir, 'site.sqlite'), 'site');
  const sessions = createSessionAdmin({
    store: createRadiusStore(db),
    nas: createNasTable(config.radius.clients),
    now: () => Date.now(),
    timeoutMs: config.radius.coaTimeoutMs,
    retries: config.radius.coaRetries,
  });
  return { db, sessions };
}

export const radiusCommands: Command[] = [
  {
    name: ['radius', 'sessions'],
    summary: 'list open RADIUS sessions (id, NAS, start, octets)',
    async run(_args, ctx) {
      const { db, sessions } = await admin(ctx.config);
      try {
        const list = sessions.listOpen();
        for (const s of list) ctx.out(`${s.id}  ${s.nas}  since ${s.startedAt}  in ${s.inputOctets} B  out ${s.outputOctets} B`);
        ctx.out(`${list.length} open session(s)`);
        return 0;
      } finally {
        db.close();
      }
    },
  },
  {
    name: ['radius', 'disconnect'],
    args: '<session-id>',
    summary: 'end a guest session: send a Disconnect-Request to its NAS and report the answer',
    help: 'Exit status 0 on Disconnect-ACK, 1 on NAK or no answer, 2 on a bad session id.',
    async run(args, ctx) {
      const id = args[0];
      if (!id) {
        ctx.err('peron radius disconnect: give the session id (see `peron radius sessions`)');
        return 2;
      }
      const { db, sessions } = await admin(ctx.config);
      try {
        const r = await sessions.disconnect(id);
        if (r.outcome === 'ack') {
          ctx.out(`session ${id}: disconnected (Disconnect-ACK)`);
          return 0;
        }
        if (r.outcome === 'nak') {
          ctx.err(`session ${id}: the NAS refused (Disconnect-NAK${r.errorCause ? `, Error-Cause ${r.errorCause} ${r.errorCauseText}` : ''})`);
          return 1;
        }
        ctx.err(`session ${id}: no answer from the NAS after ${r.tries} tries`);
        return 1;
      } catch (err) {
        const { AppError } = await import('../platform/errors.ts');
        if (err instanceof AppError) {
          ctx.err(`peron radius disconnect: ${err.message}`);
          return 2;
        }
        throw err;
      } finally {
        db.close();
      }
    },
  },
];
