// CSRF protection for Connect that needs no cookie (captive mini-browsers keep none): a signed, time-limited
// token bound to the client's IP address and to the controller query the form carries. The token is an HMAC
// with the site key, so the address cannot be read back from it; it is never stored.
import { createHash } from 'node:crypto';
import type { Privacy } from '../platform/privacy.ts';
import { safeEqual } from '../platform/privacy.ts';

export const FORM_TOKEN_TTL_MS = 60 * 60 * 1000;
/** Expiry is rounded up to a whole minute, so a client gets the same token for a minute (verify allows +60 s). */
const EXP_STEP_S = 60;
/** Clients whose plain-portal token is kept in memory (oldest dropped first); a miss costs one HMAC. */
const PLAIN_CACHE_MAX = 10_000;

export interface FormTokens {
  /** `client` is the client's IP address as the portal sees it (`clientIp`). */
  issue(client: string, query: string, now: number): string;
  verify(token: unknown, client: string, query: string, now: number): boolean;
}

export function createFormTokens(privacy: Privacy, ttlMs = FORM_TOKEN_TTL_MS): FormTokens {
  const emptyQuery = createHash('sha256').update('').digest('base64url'); // the plain portal page: hot path
  const mac = (exp: number, client: string, query: string) => {
    const q = query === '' ? emptyQuery : createHash('sha256').update(query).digest('base64url');
    return privacy.hmac('captive-form', `${exp}|${client}|${q}`).subarray(0, 18).toString('base64url');
  };
  const sign = (exp: number, client: string, query: string) => `${exp.toString(36)}.${mac(exp, client, query)}`;
  // the token is a pure function of (expiry, client, query): caching it per client changes no answer, it only
  // spares the HMAC when a phone reloads the portal page within the same minute
  const plain = new Map<string, { exp: number; token: string }>();
  return {
    issue(client, query, now) {
      const exp = Math.ceil((now + ttlMs) / 1000 / EXP_STEP_S) * EXP_STEP_S;
      if (query !== '') return sign(exp, client, query);
      const hit = plain.get(client);
      if (hit && hit.exp === exp) return hit.token;
      const token = sign(exp, client, query);
      if (hit) plain.delete(client);
      else if (plain.size >= PLAIN_CACHE_MAX) plain.delete(plain.keys().next().value as string);
      plain.set(client, { exp, token });
      return token;
    },
    verify(token, client, query, now) {
      if (typeof token !== 'string' || token.length > 64) return false;
      const m = /^([0-9a-z]{1,10})\.([A-Za-z0-9_-]{24})$/.exec(token);
      if (!m) return false;
      const exp = parseInt(m[1], 36);
      if (!Number.isFinite(exp) || exp * 1000 < now || exp * 1000 > now + ttlMs + 60_000) return false;
      return safeEqual(m[2], mac(exp, client, query));
    },
  };
}
