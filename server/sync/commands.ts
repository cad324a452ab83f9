// `peron site enrol <hub-url> <token>`: exchanges a one-time token for the site credential and the hub's keys.
// Only types at the top (see cli.ts): the enrolment and key code load when the command runs.
import type { Command } from '../cli.ts';

export const syncCommands: Command[] = [
  {
    name: ['site', 'enrol'],
    args: '<hub-url> <token>',
    summary: 'enrol this site with the county hub (token from `peron hub site add`)',
    help: 'Stores the hub URL, the site credential and the hub public keys in <dataDir>/sync/enrolment.json (mode 0600);\nthe sync agent uses them when sync.hubUrl, sync.siteToken or sync.trustedKeys are not configured.',
    async run(args, ctx) {
      const [hubUrl, token] = args;
      if (!hubUrl || !token) {
        ctx.err('usage: peron site enrol <hub-url> <token>');
        return 2;
      }
      const config = await ctx.config();
      const [{ writeEnrolment }, { keyIdOf, parsePublicKey }] = await Promise.all([import('./enrolment.ts'), import('./manifest.ts')]);
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
      const body = (await res.json().catch(() => ({}))) as {
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
      for (const k of body.keys) {
        if (keyIdOf(parsePublicKey(k.publicKey)) !== k.id) {
          ctx.err(`peron: the hub sent key ${k.id} whose id does not match its public key; not enrolled`);
          return 1;
        }
      }
      const file = writeEnrolment(config.dataDir, {
        hubUrl: base,
        siteId: body.siteId,
        locationId: body.locationId,
        credential: body.credential,
        keys: body.keys,
        enrolledAt: new Date().toISOString(),
      });
      ctx.out(`enrolled site ${body.siteId} (location ${body.locationId}) with ${base}`);
      ctx.out(`stored credential and ${body.keys.length} hub key(s) (${body.keys.map((k) => k.id).join(', ')}) in ${file}`);
      if (config.location !== body.locationId) ctx.out(`note: start the site with --location ${body.locationId}`);
      return 0;
    },
  },
];

