// The shape of a `peron` command: cli.ts lists them, each capability's commands.ts defines its own (both import
// this, not each other). Types only: loading it costs nothing at `peron --help`.
import type { Config } from '../config-schema.ts';

export interface CliContext {
  /** loads the config with these flags (once); rejects with ConfigError naming file/line/field */
  config(): Promise<Config>;
  env: Record<string, string | undefined>;
  flags: Record<string, string | boolean>;
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface Command {
  /** words after `peron`, e.g. ['radius', 'disconnect'] */
  name: string[];
  args?: string;
  summary: string;
  help?: string;
  run(args: string[], ctx: CliContext): Promise<number | void>;
}
