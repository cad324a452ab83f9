// The Peron side of `npm run bench:radius`: the real RADIUS capability in its own process, on a real SQLite file
// (WAL, synchronous=FULL), with an AcceptanceService that looks MACs up in SQLite by their keyed hash as the
// portal's does. Prints "ready <auth> <acct>" when listening.
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { configSchema, repoRoot, type Config } from '../server/config-schema.ts';
import { loadConfig } from '../server/platform/config.ts';
import { openDb } from '../server/platform/db.ts';
import { createLogger } from '../server/platform/log.ts';
import { createI18n } from '../server/platform/i18n.ts';
import { createRenderer } from '../server/platform/render.ts';
import { createPrivacy, loadPrivacyKey } from '../server/platform/privacy.ts';
import { systemClock } from '../server/platform/clock.ts';
import { createContentService, loadLocation } from '../server/content/index.ts';
import type { AcceptanceService } from '../server/captive/types.ts';
import { createRadius } from '../server/radius/index.ts';

const [dataDir, auth, acct, macCount, secret] = process.argv.slice(2);
const config = loadConfig({
  schema: configSchema,
  env: {},
  flags: { dataDir, 'log.level': 'warn', 'radius.host': '127.0.0.1', 'radius.authPort': Number(auth), 'radius.acctPort': Number(acct), 'radius.clients': [{ name: 'bench', address: '127.0.0.1', secret }] },
}) as Config;
const db = openDb(join(dataDir, 'site.sqlite'), 'site');
const privacy = createPrivacy(loadPrivacyKey(db));
db.exec('CREATE TABLE IF NOT EXISTS bench_acceptances (mac_hash TEXT PRIMARY KEY, acceptance_id TEXT NOT NULL, expires_at INTEGER NOT NULL)');
const insert = db.prepare('INSERT OR REPLACE INTO bench_acceptances VALUES (?, ?, ?)');
db.transaction(() => {
  for (let i = 0; i < Number(macCount); i++) insert.run(privacy.hashMac(benchMac(i)), `acc-${i}`, Date.now() + 86_400_000);
})();
const byMac = db.prepare<[string, number], { acceptance_id: string }>('SELECT acceptance_id FROM bench_acceptances WHERE mac_hash = ? AND expires_at > ?');
const acceptances: AcceptanceService = {
  findByMac(mac, now) {
    const r = byMac.get(privacy.hashMac(mac), now);
    return r ? { acceptanceId: r.acceptance_id } : null;
  },
  findUamLogin: () => null,
};

function benchMac(i: number): string {
  return '00' + i.toString(16).padStart(10, '0');
}

const i18n = createI18n();
const radius = createRadius({
  config, db, log: createLogger({ level: 'warn' }), clock: systemClock, i18n, render: createRenderer(i18n), metrics: new Registry(), privacy,
  content: createContentService(loadLocation(join(repoRoot, 'locations'), 'liberec-hlavni-nadrazi')), acceptances,
});
await radius.capability.start?.({ server: undefined as never });
const ports = radius.server.ports();
process.stdout.write(`ready ${ports.auth} ${ports.acct}\n`);
process.on('SIGTERM', async () => {
  const s = radius.server.stats();
  process.stderr.write(`peron stats ${JSON.stringify(s)}\n`);
  await radius.capability.stop?.();
  db.close();
  process.exit(0);
});
