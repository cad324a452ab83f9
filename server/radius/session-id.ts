// Our session ids and the Class attribute carrying them (RFC 2865 §5.25: echoed in every Accounting-Request).
// Class = "peron:<uuid>:<11-char HMAC tag>", so accounting can tell our Class from a forged or foreign one.
import { randomUUID } from 'node:crypto';
import { hmacFor } from './fast-hash.ts';
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
  const mac = hmacFor('sha256', privacy.hmac('radius-class-key', '')); // a key of our own, derived once
  const tag = (id: string) => mac(Buffer.from(id, 'latin1')).subarray(0, 8).toString('base64url');
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
