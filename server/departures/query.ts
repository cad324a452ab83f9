// Parses the query string of /api/departures, its CSV variant and /departures into a BoardQuery (zod).
import { z } from 'zod';
import { AppError } from '../platform/errors.ts';
import { DeparturesErrors } from './errors.ts';
import { MODES, type BoardQuery, type Mode } from './types.ts';

const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(64)).max(50));
const flag = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', '']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

export const querySchema = z.object({
  stops: list.optional().describe('feed:stop_id, comma-separated; a station id means all its platforms'),
  at: z.iso.datetime({ offset: true, local: false }).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  lines: list.optional(),
  modes: list.pipe(z.array(z.enum(MODES as [Mode, ...Mode[]]))).optional(),
  platforms: list.optional(),
  onePerLine: flag.optional(),
  filter: z.enum(['none', 'routeOnce', 'routeHeadingOnce']).optional(),
  minutesAfter: z.coerce.number().int().min(1).max(4320).optional(),
  skip: list.optional(),
  lang: z.string().optional(),
  mode: z.enum(['departures', 'arrivals']).optional().describe('arrivals: trips arriving here, the last stop included'),
  via: z.coerce.number().int().min(0).max(8).optional().describe('how many "via" stops per row'),
  refresh: z.string().optional(),
});

export function parseBoardQuery(raw: unknown): BoardQuery & { refresh: boolean } {
  const r = querySchema.safeParse(raw ?? {});
  if (!r.success) {
    const i = r.error.issues[0];
    const detail = `${i.path.join('.') || 'query'}: ${i.message}`;
    throw new AppError(DeparturesErrors.DEPARTURES_BAD_QUERY, detail, { details: { field: i.path.join('.'), detail } });
  }
  const q = r.data;
  let stations: BoardQuery['stations'];
  if (q.stops) {
    const byFeed = new Map<string, string[]>();
    for (const s of q.stops) {
      const c = s.indexOf(':');
      if (c <= 0 || c === s.length - 1) throw new AppError(DeparturesErrors.DEPARTURES_BAD_QUERY, `stops: "${s}" is not feed:stop_id`, { details: { field: 'stops', detail: `stops: "${s}" is not feed:stop_id` } });
      const feed = s.slice(0, c);
      byFeed.set(feed, [...(byFeed.get(feed) ?? []), s.slice(c + 1)]);
    }
    stations = [...byFeed].map(([feed, stopIds]) => ({ feed, stopIds }));
  }
  return {
    stations,
    at: q.at ? new Date(q.at) : undefined,
    limit: q.limit,
    lines: q.lines,
    modes: q.modes,
    platforms: q.platforms,
    onePerLine: q.onePerLine ?? (q.filter === 'routeOnce' || q.filter === 'routeHeadingOnce'),
    windowMinutes: q.minutesAfter,
    skipCancelled: q.skip?.includes('canceled') || q.skip?.includes('cancelled'),
    refresh: q.refresh === '1' || q.refresh === 'true',
    ...(q.mode ? { kind: q.mode } : {}),
    ...(q.via !== undefined ? { viaCount: q.via } : {}),
  };
}
