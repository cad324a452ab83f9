// Converts between HTML datetime-local values (wall-clock time at the location, no offset) and ISO 8601 instants
// with an explicit offset, using the IANA time zone database built into Intl (handles DST changes).
const fmtCache = new Map<string, Intl.DateTimeFormat>();

function parts(tz: string, ms: number): Record<string, number> {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    fmtCache.set(tz, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** Offset of the zone from UTC at an instant, in minutes (Europe/Prague: 60 in winter, 120 in summer). */
export function offsetMinutes(tz: string, ms: number): number {
  const p = parts(tz, ms);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

const pad = (n: number) => String(n).padStart(2, '0');

function formatOffset(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/**
 * '2026-12-24T18:00' at Europe/Prague → '2026-12-24T18:00:00+01:00'. An empty value gives undefined; a value that
 * already carries an offset or is not a datetime-local value is returned unchanged (the schema then judges it).
 */
export function localToIso(value: string | undefined, tz: string): string | undefined {
  const v = (value ?? '').trim();
  if (!v) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v);
  if (!m) return v;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  let off = offsetMinutes(tz, wall);
  off = offsetMinutes(tz, wall - off * 60_000);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${formatOffset(off)}`;
}

/** An ISO instant as the location's wall-clock time for a datetime-local field ('' when unset or unparsable). */
export function isoToLocal(iso: string | undefined | null, tz: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const p = parts(tz, ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** A date and time for people, in the zone: '24. 12. 2026 18:00'. */
export function formatLocal(ms: number | null | undefined, tz = 'Europe/Prague'): string {
  if (ms === null || ms === undefined) return '—';
  const p = parts(tz, ms);
  return `${p.day}. ${p.month}. ${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}
