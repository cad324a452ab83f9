// The version of the board client a board reports in its heartbeat: the package version plus a hash of
// kiosk-client/, so the registry shows which boards still run an old page after an update.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../config-schema.ts';

let cached: string | undefined;

/** Computed on first use (a board's hello), never at import: importing reads no file. */
export function clientVersion(): string {
  return (cached ??= compute());
}

function compute(): string {
  const dir = join(repoRoot, 'kiosk-client');
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return `${pkg.version}+${h.digest('hex').slice(0, 8)}`;
}

