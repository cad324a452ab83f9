import { describe, expect, it, vi } from 'vitest';
import { scheduleFeedRefresh } from './feed-schedule.ts';
import { fixedClock } from '../platform/clock.ts';
import { createLogger } from '../platform/log.ts';
import type { FeedRefresher } from './feed-refresh.ts';

const feed = (id: string, refreshHours: number) => ({ id, source: '/x.zip', licence: '', refreshHours, locations: ['l'], maxMB: 1, timeoutSeconds: 5 });

describe('feed schedule', () => {
  it('refreshes a never-tried feed soon after start, one at a time, and a tried one only when its refreshHours have passed, a failed one after an hour', async () => {
    const clock = fixedClock(Date.parse('2026-12-01T08:00:00Z'));
    const attempts = new Map<string, number | null>([['new', null], ['recent', clock.now() - 3_600_000], ['old', clock.now() - 25 * 3_600_000], ['failed', clock.now() - 2 * 3_600_000]]);
    const calls: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const refresher = {
      states: () => [...attempts].map(([id, lastAttemptAt]) => ({ id, lastAttemptAt, lastGood: null, lastError: id === 'failed' && calls.indexOf(id) < 0 ? { at: 0, reason: 'x' } : null })),
      busy: () => ({ running: null, waiting: [] }),
      idle: async () => undefined,
      refresh: async (id: string) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        calls.push(id);
        attempts.set(id, clock.now());
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return [];
      },
    } as unknown as FeedRefresher;
    const s = scheduleFeedRefresh({ feeds: [feed('new', 24), feed('recent', 24), feed('old', 24), feed('failed', 24)], refresher, clock, log: createLogger({ level: 'silent' }), firstDelayMs: 1, tickMs: 5 });
    s.start();
    await vi.waitFor(() => expect(calls).toEqual(['new', 'old', 'failed']));
    await new Promise((r) => setTimeout(r, 30));
    await s.stop();
    expect(calls).toEqual(['new', 'old', 'failed']);
    expect(maxInFlight).toBe(1);
    expect(s.nextAt(feed('recent', 24), attempts.get('recent')!)).toBe(clock.now() + 23 * 3_600_000);
  });
});
