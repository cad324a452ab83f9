// Personal identifiers (MAC, IP) are stored and compared only as keyed hashes (GDPR: data minimisation).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DB } from './db.ts';

export interface Privacy {
  hashMac(mac: string): string;
  hashIp(ip: string): string;
  /** HMAC with the site key for other derived secrets (e.g. UAM passwords, form tokens). */
  hmac(purpose: string, value: string): Buffer;
}

/** Normalises a MAC in any vendor format (aabbccddeeff, AA-BB-…, aa:bb:…, aabb.ccdd.eeff) to 12 lower-case hex digits, or null. */
export function normalizeMac(input: string): string | null {
  const hex = input.trim().toLowerCase().replace(/[-:.\s]/g, '');
  return /^[0-9a-f]{12}$/.test(hex) ? hex : null;
}

/** A locally administered (randomised) MAC has bit 0x02 of the first octet set. */
export function isRandomizedMac(mac: string): boolean {
  const n = normalizeMac(mac);
  return n !== null && (parseInt(n.slice(0, 2), 16) & 0x02) !== 0;
}

export function createPrivacy(key: Buffer): Privacy {
  const h = (purpose: string, v: string) => createHmac('sha256', key).update(purpose).update('\0').update(v).digest();
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
