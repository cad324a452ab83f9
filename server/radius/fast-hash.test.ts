import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacFor, hmacMd5, md5 } from './fast-hash.ts';

describe('one-shot hashes', () => {
  it('give the same bytes as node:crypto Hash and Hmac for short, block-sized and long keys', () => {
    for (const keyLen of [1, 10, 64, 65, 200]) {
      const key = randomBytes(keyLen);
      for (const len of [0, 20, 64, 300]) {
        const data = randomBytes(len);
        expect(hmacMd5(key, data)).toEqual(createHmac('md5', key).update(data).digest());
        expect(hmacFor('sha256', key)(data)).toEqual(createHmac('sha256', key).update(data).digest());
        expect(md5(data)).toEqual(createHash('md5').update(data).digest());
      }
    }
  });

  it('matches the RFC 2202 HMAC-MD5 test case 2', () => {
    expect(hmacMd5(Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?')).toString('hex')).toBe('750c783e6ab0b503eaa86e310a5db738');
  });
});
