// GTFS time arithmetic: service days as "noon minus 12 h" in the agency timezone (GTFS reference, "Time"), day numbers.
import { tzOffsetMs, wallToInstant } from '../platform/time-zone.ts';

const DAY_MS = 86_400_000;

// the zone arithmetic lives in platform/time-zone.ts; re-exported for the departures code that reads it from here
export { isoWithOffset, localHm, localParts, tzOffsetMs, type LocalParts } from '../platform/time-zone.ts';

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
    v = wallToInstant(noonUtc, tz) - 12 * 3_600_000;
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

