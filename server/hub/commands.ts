// `peron` subcommands of the hub capability.
import type { Command } from '../cli.ts';

export const hubCommands: Command[] = [];
