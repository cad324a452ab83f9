// The in-memory MAC index must answer exactly what the SQLite query answers: checked against a real site SQLite
// file over random Connects, purges, clock jumps and content changes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContentService, loadLocation } from '../content/index.ts';
import { repoRoot } from '../config-schema.ts';
import { openDb } from '../platform/db.ts';
import { createPrivacy } from '../platform/privacy.ts';
import { createAcceptances, FRESH_CONNECT_MS } from './acceptances.ts';
import { createCaptiveStore } from './store.ts';

const DAY = 86_400_000;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'peron-macindex-'));
  const db = openDb(join(dir, 'site.sqlite'), 'site');
  const content = createContentService(loadLocation(join(repoRoot, 'locations'), 'liberec-hlavni-nadrazi'));
  const privacy = createPrivacy(Buffer.alloc(32, 9));
  const store = createCaptiveStore(db);
  const acceptances = createAcceptances({ store, content, privacy, retentionDays: 30 });
  // the oracle: the same question straight to SQLite
  const sql = (mac: string, now: number, window: number) => store.latestByMac(privacy.hashMac(mac), content.current().location.id, content.current().location.terms.version, now - window, now + 5_000)?.id ?? null;
  const close = () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, content, acceptances, sql, close };
}

const mac = (i: number) => '3c22fb' + i.toString(16).padStart(6, '0');
const record = (a: ReturnType<typeof setup>['acceptances'], m: string, at: number) => a.record({ lang: 'cs', controller: 'none', mac: m, ip: '10.0.0.1' }, at)!.acceptanceId;

describe('the MAC index behind findByMac', () => {
  it('answers like the SQLite query across Connects, purges, clock jumps and content changes', () => {
    const t = setup();
    try {
      const t0 = Date.UTC(2026, 11, 1, 8, 0);
      let now = t0;
      let seed = 7;
      const rnd = (n: number) => {
        // mulberry32: a reproducible sequence
        seed = (seed + 0x6d2b79f5) | 0;
        let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
        return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
      };
      let hits = 0;
      for (let step = 0; step < 3000; step++) {
        const r = rnd(100);
        const m = mac(rnd(40));
        if (r < 30) record(t.acceptances, m, now - rnd(2) * rnd(3 * DAY)); // also back-dated Connects
        else if (r < 33) record(t.acceptances, m, now + rnd(60_000)); // a Connect slightly in the future
        else if (r < 36) now += rnd(DAY);
        else if (r < 37) now -= rnd(2 * DAY); // the clock steps back
        else if (r < 38) t.acceptances.purge(now);
        else if (r < 39) {
          const loc = t.content.current().location;
          const rememberDays = [0, 1, 2][rnd(3)];
          const terms = rnd(4) === 0 ? { ...loc.terms, version: `v${rnd(3)}` } : loc.terms;
          t.content.replace({ ...loc, terms, guestProfile: { ...loc.guestProfile, rememberDays } }, 'test');
        } else {
          const gp = t.content.current().location.guestProfile;
          const window = gp.rememberDays === 0 ? FRESH_CONNECT_MS : gp.rememberDays * DAY;
          const got = t.acceptances.findByMac(m, now)?.acceptanceId ?? null;
          expect(got, `step ${step}`).toBe(t.sql(m, now, window));
          if (got) hits++;
        }
      }
      expect(hits).toBeGreaterThan(100);
    } finally {
      t.close();
    }
  });

  it('lets a MAC in right after Connect, and no longer once the retention purge removed its record', () => {
    const t = setup();
    try {
      const now = Date.UTC(2026, 11, 1, 8, 0);
      const loc = t.content.current().location;
      t.content.replace({ ...loc, guestProfile: { ...loc.guestProfile, rememberDays: 60 } }, 'test'); // longer than the 30-day retention
      expect(t.acceptances.findByMac(mac(1), now)).toBeNull();
      const fresh = record(t.acceptances, mac(1), now - 1000);
      expect(t.acceptances.findByMac('3C-22-FB-00-00-01', now)?.acceptanceId).toBe(fresh);
      const old = record(t.acceptances, mac(2), now - 40 * DAY);
      expect(t.acceptances.findByMac(mac(2), now)?.acceptanceId).toBe(old);
      expect(t.acceptances.purge(now)).toBe(1);
      expect(t.acceptances.findByMac(mac(2), now)).toBeNull();
      expect(t.sql(mac(2), now, 60 * DAY)).toBeNull();
      expect(t.acceptances.findByMac(mac(1), now)?.acceptanceId).toBe(fresh);
    } finally {
      t.close();
    }
  });
});
