// Duplicate cache (RFC 5080 §2.2.2): keys, in-flight retransmissions, expiry and bound.
import { describe, expect, it } from 'vitest';
import { DupCache } from './dup-cache.ts';

const raw = (id: number, fill: number) => {
  const b = Buffer.alloc(20, fill);
  b[0] = 1;
  b[1] = id;
  return b;
};

describe('duplicate cache (RFC 5080 §2.2.2)', () => {
  it('answers a retransmission with the cached reply, also while the first is in flight', () => {
    const c = new DupCache(30_000, 100);
    const k = DupCache.key('10.0.0.1', 40000, raw(1, 1));
    expect(c.check(k, 0).kind).toBe('new');
    expect(c.check(k, 1).kind).toBe('pending');
    c.done(k, Buffer.from('reply'), 2);
    expect(c.check(k, 3)).toEqual({ kind: 'done', reply: Buffer.from('reply') });
  });

  it('tells apart source port, identifier and Request Authenticator', () => {
    const c = new DupCache(30_000, 100);
    c.check(DupCache.key('10.0.0.1', 40000, raw(1, 1)), 0);
    expect(c.check(DupCache.key('10.0.0.1', 40001, raw(1, 1)), 0).kind).toBe('new');
    expect(c.check(DupCache.key('10.0.0.1', 40000, raw(2, 1)), 0).kind).toBe('new');
    expect(c.check(DupCache.key('10.0.0.1', 40000, raw(1, 2)), 0).kind).toBe('new');
  });

  it('expires entries and stays within its bound', () => {
    const c = new DupCache(1000, 100);
    const k = DupCache.key('10.0.0.1', 1, raw(1, 1));
    c.check(k, 0);
    c.done(k, Buffer.from('r'), 0);
    expect(c.check(k, 1001).kind).toBe('new');
    for (let i = 0; i < 1000; i++) c.check(DupCache.key('10.0.0.2', i, raw(1, 1)), 2000);
    expect(c.size).toBeLessThanOrEqual(100);
  });
});
