// Retry spacing for everything that reconnects or redelivers (sync poll and channel, telemetry): full jitter
// (AWS Architecture Blog, "Exponential Backoff And Jitter") so a fleet that lost the hub does not come back in step.

/** Full-jitter capped exponential backoff: random(0, min(cap, base·2^attempt)). */
export function fullJitter(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30)));
}
