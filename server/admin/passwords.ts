// Password hashing with scrypt (RFC 7914) from node:crypto: per-user random salt, parameters stored in the hash,
// constant-time comparison. Format: scrypt$<log2N>$<r>$<p>$<salt b64>$<hash b64>.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEYLEN = 32;
const R = 8;
const P = 1;

function derive(password: string, salt: Buffer, log2n: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2n;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEYLEN, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, log2n = 15): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, log2n, R, P);
  return ['scrypt', log2n, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when the password matches; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [log2n, r, p] = parts.slice(1, 4).map(Number);
  if (![log2n, r, p].every(Number.isInteger) || log2n < 1 || log2n > 22) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (expected.length !== KEYLEN) return false;
  const key = await derive(password, salt, log2n, r, p);
  return timingSafeEqual(key, expected);
}

/** A hash of a random password at the configured cost, so an unknown account costs as much time as a known one. */
export async function dummyHash(log2n: number): Promise<string> {
  return hashPassword(randomBytes(16).toString('hex'), log2n);
}

/** The password policy: long enough to resist guessing, no composition rules (NIST SP 800-63B §5.1.1). */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'at least 12 characters';
  if (password.length > 256) return 'at most 256 characters';
  return null;
}
