// `peron` subcommands of the radius capability.
import type { Command } from '../cli.ts';

export const radiusCommands: Command[] = [];
