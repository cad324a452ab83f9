// Per-client limit for endpoints a guest can hammer (portal Connect, hub enrolment): a fixed one-minute window per key, in memory.
export function createRateLimiter(perMinute: number) {
  const windows = new Map<string, { start: number; n: number }>();
  return {
    /** true when this post is within the limit */
    allow(key: string, now: number): boolean {
      if (windows.size >= 100_000) this.sweep(now);
      const w = windows.get(key);
      if (!w || now - w.start >= 60_000) {
        windows.set(key, { start: now, n: 1 });
        return true;
      }
      return ++w.n <= perMinute;
    },
    sweep(now: number) {
      for (const [k, w] of windows) if (now - w.start >= 60_000) windows.delete(k);
    },
  };
}
