// GTFS time arithmetic: service days as "noon minus 12 h" in the agency timezone (GTFS reference, "Time"), day numbers.
const DAY_MS = 86_400_000;
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
const BUCKET_MS = 15 * 60_000; // zones change offset on quarter hours at the finest

/** Offset of the zone from UTC at an instant, in ms (CEST → +7 200 000); cached per quarter hour (Intl is slow). */
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

/** Days since 1970-01-01 of a calendar date. */
export function dayNumber(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** The local calendar date (as a day number) of an instant in a zone. */
export function localDay(tz: string, ms: number): number {
  return Math.floor((ms + tzOffsetMs(tz, ms)) / DAY_MS);
}

const baseCache = new Map<string, number>();

/**
 * The instant GTFS times of service day `day` count from: local noon minus 12 h. On DST days this differs from
 * local midnight by an hour, so 08:00:00 stays 08:00 on the wall clock (GTFS reference, field type "Time").
 */
export function serviceDayBase(tz: string, day: number): number {
  const key = tz + '|' + day;
  let v = baseCache.get(key);
  if (v === undefined) {
    const noonUtc = day * DAY_MS + 12 * 3_600_000;
    let noon = noonUtc - tzOffsetMs(tz, noonUtc);
    noon = noonUtc - tzOffsetMs(tz, noon);
    v = noon - 12 * 3_600_000;
    if (baseCache.size > 10_000) baseCache.clear();
    baseCache.set(key, v);
  }
  return v;
}

/** "20260515" → day number; NaN when malformed. */
export function parseGtfsDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s.trim());
  if (!m) return NaN;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  return dayNumber(y, mo, d);
}

export function formatGtfsDate(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** "25:30:00" → 91 800 s (times may pass 24:00:00); "" → -1 (no time at a non-timepoint); NaN when malformed. */
export function parseGtfsTime(s: string | undefined): number {
  if (s === undefined) return -1;
  const n = s.length;
  // fast path for H:MM:SS and HH:MM:SS (almost every row of a feed)
  if ((n === 8 || n === 7) && s.charCodeAt(n - 3) === 58 && s.charCodeAt(n - 6) === 58) {
    const h1 = s.charCodeAt(0) - 48, h2 = n === 8 ? s.charCodeAt(1) - 48 : 0;
    const m1 = s.charCodeAt(n - 5) - 48, m2 = s.charCodeAt(n - 4) - 48, s1 = s.charCodeAt(n - 2) - 48, s2 = s.charCodeAt(n - 1) - 48;
    if (h1 >= 0 && h1 <= 9 && h2 >= 0 && h2 <= 9 && m1 >= 0 && m1 <= 5 && m2 >= 0 && m2 <= 9 && s1 >= 0 && s1 <= 5 && s2 >= 0 && s2 <= 9) {
      return (n === 8 ? h1 * 10 + h2 : h1) * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2;
    }
  }
  const t = s.trim();
  if (t === '') return -1;
  const m = /^(\d{1,3}):(\d{2}):(\d{2})$/.exec(t);
  if (!m) return NaN;
  const mi = Number(m[2]), se = Number(m[3]);
  if (mi > 59 || se > 59) return NaN;
  return Number(m[1]) * 3600 + mi * 60 + se;
}

export function formatGtfsTime(sec: number): string {
  const h = Math.floor(sec / 3600), m = Math.floor((sec % 3600) / 60), s = sec % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

const suffixes = new Map<number, string>();

/** ISO 8601 with the zone's offset, e.g. 2026-05-16T00:30:00+02:00 (Golemio sends UTC; the offset helps people reading it). */
export function isoWithOffset(ms: number, tz: string): string {
  const off = tzOffsetMs(tz, ms);
  let suffix = suffixes.get(off);
  if (suffix === undefined) {
    const a = Math.abs(off) / 60000;
    suffix = `${off >= 0 ? '+' : '-'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
    suffixes.set(off, suffix);
  }
  return new Date(ms - (ms % 1000 + 1000) % 1000 + off).toISOString().slice(0, 19) + suffix;
}

/** HH:MM on the local wall clock. */
export function localHm(ms: number, tz: string): string {
  return new Date(ms + tzOffsetMs(tz, ms)).toISOString().slice(11, 16);
}
