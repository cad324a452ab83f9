// What `peron site enrol` stores: <dataDir>/sync/enrolment.json (mode 0600) — hub URL, site id and credential, and
// the hub's public keys. The sync agent falls back to it when sync.hubUrl/siteId/siteToken are not configured.
import { writeFileAtomicSync } from '../platform/atomic-file.ts';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export const enrolmentSchema = z.strictObject({
  hubUrl: z.string().min(1),
  siteId: z.string().min(1),
  locationId: z.string().min(1),
  credential: z.string().min(1),
  keys: z.array(z.strictObject({ id: z.string(), publicKey: z.string() })),
  enrolledAt: z.string(),
});
export type Enrolment = z.infer<typeof enrolmentSchema>;

export function enrolmentFile(dataDir: string): string {
  return join(dataDir, 'sync', 'enrolment.json');
}

export function readEnrolment(dataDir: string): Enrolment | undefined {
  let text: string;
  try {
    text = readFileSync(enrolmentFile(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = enrolmentSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${enrolmentFile(dataDir)}: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
  return parsed.data;
}

export function writeEnrolment(dataDir: string, e: Enrolment): string {
  const file = enrolmentFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomicSync(file, JSON.stringify(e, null, 2) + '\n', { mode: 0o600 });
  return file;
}
