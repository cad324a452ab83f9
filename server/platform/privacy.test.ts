// The keyed hashes of MACs and IPs must stay byte-for-byte HMAC-SHA256: stored hashes are compared with new ones.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPrivacy } from './privacy.ts';

const reference = (key: Buffer, purpose: string, v: string) => createHmac('sha256', key).update(purpose).update('\0').update(v).digest();

describe('privacy hashes', () => {
  it('equal node:crypto HMAC-SHA256 for short, long, non-ASCII values and any key length', () => {
    for (const key of [randomBytes(32), Buffer.from('configured key'), randomBytes(64), randomBytes(100)]) {
      const p = createPrivacy(key);
      for (const v of ['', 'a4:5e:60:d1:22:9b', 'x'.repeat(85), 'y'.repeat(86), 'ž'.repeat(300), '🚆'.repeat(70), 'a'.repeat(5000)]) {
        expect(p.hmac('uam-password', v).equals(reference(key, 'uam-password', v))).toBe(true);
      }
      expect(p.hashMac('A4-5E-60-D1-22-9B')).toBe(reference(key, 'mac', 'a45e60d1229b').toString('hex'));
      expect(p.hashIp('::ffff:10.1.0.23')).toBe(reference(key, 'ip', '10.1.0.23').toString('hex'));
    }
  });

  it('returns a fresh buffer each time (callers may keep it)', () => {
    const p = createPrivacy(randomBytes(32));
    const a = p.hmac('t', 'one');
    const copy = Buffer.from(a);
    p.hmac('t', 'two');
    expect(a.equals(copy)).toBe(true);
  });
});
