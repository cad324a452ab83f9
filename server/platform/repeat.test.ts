import { afterEach, describe, expect, it, vi } from 'vitest';
import { repeat } from './repeat.ts';
import type { Logger } from './log.ts';

describe('repeat', () => {
  afterEach(() => vi.useRealTimers());

  it('runs now and every interval, keeps running after a failure (logged), and stops', async () => {
    vi.useFakeTimers();
    const errors: string[] = [];
    const log = { error: (_o: unknown, msg: string) => errors.push(msg) } as unknown as Logger;
    let runs = 0;
    const r = repeat('purge', 1000, () => {
      runs++;
      if (runs === 2) throw new Error('disk full');
      if (runs === 3) return Promise.reject(new Error('later'));
    }, log);
    r.start();
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toBe(4);
    expect(errors).toEqual(['purge failed', 'purge failed']);
    r.start({ now: false }); // a restart does not double the timer
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(5);
    r.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(5);
  });
});
