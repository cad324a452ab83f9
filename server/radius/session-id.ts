// Our session ids and the Class attribute carrying them (RFC 2865 §5.25: echoed in every Accounting-Request).
// Class = "peron:<uuid>:<11-char HMAC tag>", so accounting can tell our Class from a forged or foreign one.
import { hash, randomUUID } from 'node:crypto';
import type { Privacy } from '../platform/privacy.ts';
import { safeEqual } from '../platform/privacy.ts';

const PREFIX = 'peron:';
const RE = /^peron:([0-9a-f-]{36}):([A-Za-z0-9_-]{11})$/;

export interface SessionIds {
  /** a new session id and its Class value */
  issue(): { id: string; cls: Buffer };
  /** our session id from a Class value, or null when it is not ours */
  parse(cls: Buffer | undefined): string | null;
}

export function createSessionIds(privacy: Privacy): SessionIds {
  // keyed SHA-256 over a fixed-length id (no length extension possible); one hash per Access-Accept
  const key = privacy.hmac('radius-class-key', '').toString('latin1');
  const tag = (id: string) => hash('sha256', key + id, 'base64url').slice(0, 11);
  return {
    issue() {
      const id = randomUUID();
      return { id, cls: Buffer.from(`${PREFIX}${id}:${tag(id)}`, 'latin1') };
    },
    parse(cls) {
      if (!cls || cls.length !== 54 || cls[0] !== 0x70) return null;
      const m = RE.exec(cls.toString('latin1'));
      return m && safeEqual(m[2], tag(m[1])) ? m[1] : null;
    },
  };
}
