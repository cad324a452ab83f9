// The process entry: the only place that reads argv/env, opens the data dir, listens and exits.
// It imports only the command table; a command loads what it needs when it runs (`peron --help` loads nothing).
import { findCommand, groupUsage, makeContext, usage } from './cli.ts';

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<void> {
  const { words, ctx } = makeContext(argv, env);
  let found = findCommand(words);
  // `peron hub site` is the group of `hub site add|list`, not `peron hub` with a stray word
  if (found && found.rest.length && groupUsage(words.slice(0, found.cmd.name.length + 1))) found = undefined;
  // a command that takes no arguments never runs with stray words (`peron site bakup x` must not start a server)
  if (found && found.rest.length && !found.cmd.args) found = undefined;
  if (!found) {
    const two = groupUsage(words.slice(0, 2));
    const group = two ?? groupUsage(words.slice(0, 1));
    if (group) {
      if (words.length > (two ? 2 : 1)) ctx.err(`peron: unknown command "${words.join(' ')}"\n`);
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
    const { ConfigError } = await import('./platform/errors.ts');
    if (err instanceof ConfigError) {
      ctx.err(`peron: ${err.message}`);
      process.exitCode = 78; // EX_CONFIG
      return;
    }
    throw err;
  }
}
