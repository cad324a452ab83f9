// Who made a change from the command line, for the audit log: the operating-system user the hub established
// (and who ran sudo), never a name the caller typed.
import { userInfo } from 'node:os';

export function cliActor(env: Record<string, string | undefined>): string {
  let user: string;
  try { user = userInfo().username; } catch { user = `uid ${process.getuid?.() ?? '?'}`; }
  return env.SUDO_USER && env.SUDO_USER !== user ? `cli:${user} (sudo by ${env.SUDO_USER})` : `cli:${user}`;
}
