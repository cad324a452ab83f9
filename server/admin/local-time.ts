// Converts between HTML datetime-local values (wall-clock time at the location, no offset) and ISO 8601 instants
// with an explicit offset, using the IANA time zone database built into Intl (handles DST changes).
import { localParts, offsetSuffix, wallToInstant } from '../platform/time-zone.ts';

const pad = (n: number) => String(n).padStart(2, '0');

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
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${offsetSuffix(wall - wallToInstant(wall, tz))}`;
}

/** An ISO instant as the location's wall-clock time for a datetime-local field ('' when unset or unparsable). */
export function isoToLocal(iso: string | undefined | null, tz: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const p = localParts(tz, ms);
  return `${p.y}-${pad(p.m)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}`;
}

/** A date and time for people, in the zone: '24. 12. 2026 18:00'. */
export function formatLocal(ms: number | null | undefined, tz = 'Europe/Prague'): string {
  if (ms === null || ms === undefined) return '—';
  const p = localParts(tz, ms);
  return `${p.d}. ${p.m}. ${p.y} ${pad(p.h)}:${pad(p.mi)}`;
}
