// The clock is a dependency so tests can fix or move time without touching Date.
export interface Clock {
  now(): number; // ms since epoch
}
export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(start: number | Date): Clock & { set(t: number | Date): void; advance(ms: number): void } {
  let t = typeof start === 'number' ? start : start.getTime();
  return {
    now: () => t,
    set: (v) => { t = typeof v === 'number' ? v : v.getTime(); },
    advance: (ms) => { t += ms; },
  };
}
