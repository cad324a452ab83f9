// Wall-clock time in an IANA zone (Europe/Prague by default), from Intl's time-zone database: local parts of an
// instant, the zone's offset (cached per quarter hour: Intl is slow and zones change offset on quarter hours at
// the finest), ISO 8601 with the offset, local dates. One copy for the departures, the admin forms and open data.
const fmtCache = new Map<string, Intl.DateTimeFormat>();

function fmt(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    fmtCache.set(tz, f);
  }
  return f;
}

export interface LocalParts { y: number; m: number; d: number; h: number; mi: number; s: number }

export function localParts(tz: string, ms: number): LocalParts {
  const out: Record<string, number> = {};
  for (const p of fmt(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { y: out.year, m: out.month, d: out.day, h: out.hour % 24, mi: out.minute, s: out.second };
}

const offsetCache = new Map<string, number>();
const BUCKET_MS = 15 * 60_000;

/** Offset of the zone from UTC at an instant, in ms (CEST → +7 200 000). */
export function tzOffsetMs(tz: string, ms: number): number {
  const bucket = Math.floor(ms / BUCKET_MS);
  const key = tz + '|' + bucket;
  let v = offsetCache.get(key);
  if (v === undefined) {
    const at = bucket * BUCKET_MS;
    const p = localParts(tz, at);
    v = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - at;
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(key, v);
  }
  return v;
}

const pad = (n: number) => String(n).padStart(2, '0');
const suffixes = new Map<number, string>();

/** '+01:00' for an offset in ms. */
export function offsetSuffix(offMs: number): string {
  let suffix = suffixes.get(offMs);
  if (suffix === undefined) {
    const a = Math.abs(offMs) / 60_000;
    suffix = `${offMs >= 0 ? '+' : '-'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
    suffixes.set(offMs, suffix);
  }
  return suffix;
}

/** ISO 8601 with the zone's offset, whole seconds: 2026-05-16T00:30:00+02:00. */
export function isoWithOffset(ms: number, tz: string): string {
  const off = tzOffsetMs(tz, ms);
  return new Date(ms - (ms % 1000 + 1000) % 1000 + off).toISOString().slice(0, 19) + offsetSuffix(off);
}

/** HH:MM on the local wall clock. */
export function localHm(ms: number, tz: string): string {
  return new Date(ms + tzOffsetMs(tz, ms)).toISOString().slice(11, 16);
}

/** YYYY-MM-DD of the local calendar day of an instant (Europe/Prague days, not UTC). */
export function localDate(ms: number, tz = 'Europe/Prague'): string {
  return new Date(ms + tzOffsetMs(tz, ms)).toISOString().slice(0, 10);
}

/** The instant of a wall-clock time in the zone (the offset looked up twice, so DST days come out right). */
export function wallToInstant(wallAsUtc: number, tz: string): number {
  const first = wallAsUtc - tzOffsetMs(tz, wallAsUtc);
  return wallAsUtc - tzOffsetMs(tz, first);
}
