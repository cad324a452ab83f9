// `peron` subcommands of the departures capability.
import type { Command } from '../cli.ts';

export const departuresCommands: Command[] = [];
