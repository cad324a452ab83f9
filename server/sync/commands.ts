// `peron site enrol <hub-url> <token>`: exchanges a one-time token for the site credential and the hub's keys.
// Only types at the top (see cli.ts): the enrolment and key code load when the command runs.
import type { Command } from '../platform/command.ts';
import { backupCommands } from '../platform/backup-commands.ts';

export const syncCommands: Command[] = [
  {
    name: ['site', 'enrol'],
    args: '<hub-url> <token> [--expect-key <id>[,<id>…]] [--insecure]',
    summary: 'enrol this site with the county hub (token from `peron hub site add`)',
    help:
      'Stores the hub URL, the site credential and the hub public keys in <dataDir>/sync/enrolment.json (mode 0600);\nthe sync agent uses them when sync.hubUrl, sync.siteToken or sync.trustedKeys are not configured.\n' +
      'The hub keys are trusted from this answer on, so the URL must be https: (http: only with --insecure).\n' +
      'Prints the fingerprint of every hub key; --expect-key pins them: enrolment fails unless the hub sends each\n' +
      'given key id (`peron hub keys` on the hub), and only the pinned keys are stored.',
    async run(args, ctx) {
      const [hubUrl, token] = args;
      if (!hubUrl || !token) {
        ctx.err('usage: peron site enrol <hub-url> <token> [--expect-key <id>] [--insecure]');
        return 2;
      }
      let url: URL;
      try { url = new URL(hubUrl); } catch { ctx.err(`peron: ${hubUrl} is not a URL`); return 2; }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') { ctx.err(`peron: the hub URL must be https: (got ${url.protocol})`); return 2; }
      if (url.protocol === 'http:' && ctx.flags.insecure !== true) {
        // the hub's keys are trusted on first use: over http anyone on the way could hand the site their own keys
        ctx.err(`peron: refusing to enrol over http: — the hub keys would be trusted from an unprotected answer. Use https://, or pass --insecure (for a test hub), ideally with --expect-key <id> from \`peron hub keys\`.`);
        return 2;
      }
      const expected = typeof ctx.flags['expect-key'] === 'string' ? ctx.flags['expect-key'].split(',').map((k) => k.trim()).filter(Boolean) : [];
      if (ctx.flags['expect-key'] === true) { ctx.err('usage: --expect-key <key-id> (from `peron hub keys` on the hub)'); return 2; }
      const config = await ctx.config();
      const [{ writeEnrolment }, { keyIdOf, parsePublicKey, sha256 }, { readLimited }] = await Promise.all([import('./enrolment.ts'), import('../protocol/index.ts'), import('./read-limited.ts')]);
      const base = hubUrl.replace(/\/$/, '');
      let res: Response;
      try {
        res = await fetch(`${base}/api/sync/enrol`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'accept-language': 'en' },
          body: JSON.stringify({ token }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (err) {
        ctx.err(`peron: cannot reach the hub at ${base}: ${(err as Error).message}`);
        return 69; // EX_UNAVAILABLE
      }
      let raw: unknown = {};
      try { raw = JSON.parse((await readLimited(res, 1 << 20, 'the enrolment answer')).toString('utf8')); } catch { /* refused below */ }
      const body = raw as {
        siteId?: string;
        locationId?: string;
        credential?: string;
        keys?: { id: string; publicKey: string }[];
        error?: { message?: string };
      };
      if (!res.ok || !body.siteId || !body.credential || !body.locationId || !Array.isArray(body.keys)) {
        ctx.err(`peron: enrolment refused by the hub (HTTP ${res.status}): ${body.error?.message ?? 'unexpected answer'}`);
        return 1;
      }
      const fingerprints = new Map<string, string>();
      for (const k of body.keys) {
        let id: string;
        try {
          const pub = parsePublicKey(k.publicKey);
          id = keyIdOf(pub);
          fingerprints.set(k.id, sha256(pub.export({ type: 'spki', format: 'der' })));
        } catch (err) {
          ctx.err(`peron: the hub sent key ${k.id} that is not an Ed25519 public key (${(err as Error).message}); not enrolled`);
          return 1;
        }
        if (id !== k.id) {
          ctx.err(`peron: the hub sent key ${k.id} whose id does not match its public key; not enrolled`);
          return 1;
        }
      }
      for (const k of body.keys) ctx.out(`hub key ${k.id}  SHA256:${fingerprints.get(k.id)}`);
      const missing = expected.filter((id) => !body.keys!.some((k) => k.id === id));
      if (missing.length) {
        ctx.err(`peron: the hub did not present the expected key(s) ${missing.join(', ')} (it sent ${body.keys.map((k) => k.id).join(', ') || 'none'}); not enrolled — check the URL and \`peron hub keys\` on the hub`);
        return 1;
      }
      const keys = expected.length ? body.keys.filter((k) => expected.includes(k.id)) : body.keys;
      const file = writeEnrolment(config.dataDir, {
        hubUrl: base,
        siteId: body.siteId,
        locationId: body.locationId,
        credential: body.credential,
        keys,
        enrolledAt: new Date().toISOString(),
      });
      ctx.out(`enrolled site ${body.siteId} (location ${body.locationId}) with ${base}`);
      ctx.out(`stored credential and ${keys.length} hub key(s) (${keys.map((k) => k.id).join(', ')}${expected.length ? ', pinned' : ''}) in ${file}`);
      if (url.protocol === 'http:') ctx.out('warning: enrolled over http: (--insecure); compare the key fingerprints above with `peron hub keys` on the hub');
      if (config.location !== body.locationId) ctx.out(`note: start the site with --location ${body.locationId}`);
      return 0;
    },
  },
  ...backupCommands('site'),
];

