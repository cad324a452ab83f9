// The `backup` and `restore` commands of a role (`peron site backup <file>`, `peron hub restore <file>` …); each
// role's capability lists them in its commands.ts.
import type { Command } from './command.ts';
import type { Role } from './db.ts';
// Only types at the top (see cli.ts): SQLite and the backup code load when the command runs.

export function backupCommands(role: Role): Command[] {
  const unit = `peron-${role}`;
  return [
    {
      name: [role, 'backup'],
      args: '<file>',
      summary: `write a consistent backup of the ${role}'s database and data files to <file>, also while it serves`,
      help: `Uses SQLite's online backup API, so the ${role} keeps running. The file is one SQLite database (check it with\n\`sqlite3 <file> 'PRAGMA integrity_check'\`); written to <file>.partial-<pid> and renamed, so <file> is always whole.\nRun it as the service user (sudo -u peron) or root, with the same --config / --data-dir as the service.`,
      async run(args, ctx) {
        if (!args[0]) {
          ctx.err(`usage: peron ${role} backup <file>`);
          return 2;
        }
        const { BackupError, backupDataDir } = await import('./backup.ts');
        const config = await ctx.config();
        try {
          const r = await backupDataDir(config.dataDir, role, args[0]);
          ctx.out(`backup of the ${role} written to ${r.file} (${r.bytes} bytes, ${r.migrations} migrations, ${r.files} data files)`);
          return 0;
        } catch (err) {
          if (!(err instanceof BackupError)) throw err;
          ctx.err(`peron: ${err.message}`);
          return 1;
        }
      },
    },
    {
      name: [role, 'restore'],
      args: '<file>',
      summary: `restore the ${role}'s database and data files from a backup (stop the ${role} first)`,
      help: `Checks the backup (SQLite integrity_check, that it is a ${role} backup) before changing anything, refuses while a\nprocess has the database open (systemctl stop ${unit} first), keeps the replaced database as\n${role}.sqlite.before-restore-<time> and swaps in the restored one by rename. Then: systemctl start ${unit}.`,
      async run(args, ctx) {
        if (!args[0]) {
          ctx.err(`usage: peron ${role} restore <file>`);
          return 2;
        }
        const { BackupError, restoreDataDir } = await import('./backup.ts');
        const config = await ctx.config();
        try {
          const r = restoreDataDir(config.dataDir, role, args[0]);
          ctx.out(`restored the ${role} from ${args[0]} (backup of ${r.createdAt}, ${r.files} data files) into ${config.dataDir}`);
          if (r.previous) ctx.out(`the replaced database is kept as ${r.previous}`);
          return 0;
        } catch (err) {
          if (!(err instanceof BackupError)) throw err;
          ctx.err(`peron: ${err.message}`);
          return 1;
        }
      },
    },
  ];
}
