// `peron` subcommands of the sync capability.
import type { Command } from '../cli.ts';

export const syncCommands: Command[] = [];
