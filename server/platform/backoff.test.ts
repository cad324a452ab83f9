import { describe, expect, it } from 'vitest';
import { fullJitter } from './backoff.ts';

describe('backoff', () => {
  it('spreads retries with full jitter under a cap', () => {
    expect(fullJitter(0, 1000, 60_000, () => 0.999)).toBeLessThan(1000);
    expect(fullJitter(3, 1000, 60_000, () => 0.5)).toBe(4000);
    expect(fullJitter(20, 1000, 60_000, () => 0.999)).toBeLessThan(60_000);
    expect(fullJitter(5, 1000, 60_000, () => 0)).toBe(0);
  });
});
