// Personal identifiers (MAC, IP) are stored and compared only as keyed hashes (GDPR: data minimisation).
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DB } from './db.ts';

export interface Privacy {
  hashMac(mac: string): string;
  hashIp(ip: string): string;
  /** HMAC with the site key for other derived secrets (e.g. UAM passwords, form tokens). */
  hmac(purpose: string, value: string): Buffer;
}

/** Normalises a MAC in any vendor format (aabbccddeeff, AA-BB-…, aa:bb:…, aabb.ccdd.eeff) to 12 lower-case hex digits, or null. */
export function normalizeMac(input: string): string | null {
  if (isNormalMac(input)) return input;
  const hex = input.trim().toLowerCase().replace(/[-:.\s]/g, '');
  return /^[0-9a-f]{12}$/.test(hex) ? hex : null;
}

/** Already 12 lower-case hex digits (what RADIUS passes): no string work needed. */
function isNormalMac(s: string): boolean {
  if (s.length !== 12) return false;
  for (let i = 0; i < 12; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** A locally administered (randomised) MAC has bit 0x02 of the first octet set. */
export function isRandomizedMac(mac: string): boolean {
  const n = normalizeMac(mac);
  return n !== null && (parseInt(n.slice(0, 2), 16) & 0x02) !== 0;
}

/**
 * HMAC-SHA256(key, purpose ‖ 0x00 ‖ value) per RFC 2104, computed as two one-shot `crypto.hash` calls over the
 * precomputed key pads in reused scratch buffers: RADIUS hashes a MAC per request, and a `createHmac` object per
 * call cost about twice as much. Byte-for-byte the same as `createHmac('sha256', key)` (privacy.test.ts).
 */
function hmacSha256(key: Buffer): (purpose: string, value: string) => Buffer {
  const k = key.length > 64 ? hash('sha256', key, 'buffer') : key;
  const inner = Buffer.alloc(64 + 256, 0x36);
  const outer = Buffer.alloc(64 + 32, 0x5c);
  for (let i = 0; i < k.length; i++) {
    inner[i] ^= k[i];
    outer[i] ^= k[i];
  }
  const ipad = Buffer.from(inner.subarray(0, 64));
  return (purpose, value) => {
    let msg: Buffer;
    const max = Buffer.byteLength(purpose) + 1 + value.length * 3; // UTF-8 needs at most 3 octets per UTF-16 unit
    if (max <= inner.length - 64) {
      let n = 64 + inner.write(purpose, 64, 'utf8');
      inner[n++] = 0;
      n += inner.write(value, n, 'utf8');
      msg = inner.subarray(0, n);
    } else {
      msg = Buffer.concat([ipad, Buffer.from(purpose, 'utf8'), Buffer.alloc(1), Buffer.from(value, 'utf8')]);
    }
    outer.set(hash('sha256', msg, 'buffer'), 64);
    return hash('sha256', outer, 'buffer');
  };
}

export function createPrivacy(key: Buffer): Privacy {
  const h = hmacSha256(key);
  return {
    hashMac: (mac) => h('mac', normalizeMac(mac) ?? mac.trim().toLowerCase()).toString('hex'),
    hashIp: (ip) => h('ip', ip.replace(/^::ffff:/, '')).toString('hex'),
    hmac: h,
  };
}

/** The key comes from config, else is generated once and kept in the site database. */
export function loadPrivacyKey(db: DB, configured?: string): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  const row = db.prepare("SELECT value FROM meta WHERE key = 'privacy_key'").get() as { value: string } | undefined;
  if (row) return Buffer.from(row.value, 'hex');
  const k = randomBytes(32);
  db.prepare("INSERT INTO meta (key, value) VALUES ('privacy_key', ?)").run(k.toString('hex'));
  return k;
}

/** Constant-time equality of two strings or buffers of possibly different lengths. */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const x = typeof a === 'string' ? Buffer.from(a) : a;
  const y = typeof b === 'string' ? Buffer.from(b) : b;
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}
