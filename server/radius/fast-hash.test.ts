// Our MD5 / HMAC-MD5 against node:crypto and the RFC 1321 / RFC 2202 vectors.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacMd5, hmacMd5Slices, hmacSha256For, md5, md5Slices } from './fast-hash.ts';

describe('our MD5 and HMAC', () => {
  it('give the same bytes as node:crypto for every length around the block boundaries and any key', () => {
    for (const keyLen of [1, 10, 63, 64, 65, 200]) {
      const key = randomBytes(keyLen);
      for (let len = 0; len <= 200; len += 1) {
        const data = randomBytes(len);
        expect(md5(data)).toEqual(createHash('md5').update(data).digest());
        expect(hmacMd5(key, data)).toEqual(createHmac('md5', key).update(data).digest());
      }
      const data = randomBytes(4096);
      expect(hmacMd5(key, data)).toEqual(createHmac('md5', key).update(data).digest());
      expect(hmacSha256For(key)(data)).toEqual(createHmac('sha256', key).update(data).digest());
    }
  });

  it('hash slices as if they were concatenated', () => {
    const a = randomBytes(70);
    const b = randomBytes(33);
    const key = randomBytes(12);
    const joined = Buffer.concat([a.subarray(5, 60), b, a.subarray(0, 3)]);
    expect(md5Slices([[a, 5, 60], [b, 0, b.length], [a, 0, 3]])).toEqual(createHash('md5').update(joined).digest());
    expect(hmacMd5Slices(key, [[a, 5, 60], [b, 0, b.length], [a, 0, 3]])).toEqual(createHmac('md5', key).update(joined).digest());
    expect(md5(a, b)).toEqual(createHash('md5').update(a).update(b).digest());
  });

  it('matches RFC 1321 and RFC 2202 test vectors', () => {
    expect(md5(Buffer.from('abc')).toString('hex')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5(Buffer.alloc(0)).toString('hex')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hmacMd5(Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?')).toString('hex')).toBe('750c783e6ab0b503eaa86e310a5db738');
  });
});
