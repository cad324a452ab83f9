// calendar.txt and calendar_dates.txt: active = (weekday pattern within inclusive bounds ∪ added) − removed, one
// day set per service over the feed's span (at most MAX_DAYS days).
import type { FeedSource } from '../feed-source.ts';
import type { FeedService } from '../feed-data.ts';
import { parseGtfsDate } from '../time.ts';
import { eachRow, FeedError, int, need, val } from './rows.ts';

const MAX_DAYS = 4000;
type Warn = (w: string) => void;

export interface Calendars { services: FeedService[]; serviceIdx: Map<string, number>; first: number; last: number; nDays: number }

export async function readCalendars(src: FeedSource, warn: Warn): Promise<Calendars> {
  const cal = new Map<string, { mask: number; start: number; end: number }>();
  const exc = new Map<string, { day: number; type: number }[]>();
  let first = Infinity, last = -Infinity;
  if (src.has('calendar.txt')) {
    const wd = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    await eachRow(src, 'calendar.txt', ['service_id', ...wd, 'start_date', 'end_date'], (r) => {
      const id = need(r, 'calendar.txt', 'service_id');
      const start = parseGtfsDate(need(r, 'calendar.txt', 'start_date'));
      const end = parseGtfsDate(need(r, 'calendar.txt', 'end_date'));
      if (Number.isNaN(start) || Number.isNaN(end)) throw new FeedError('start_date or end_date is not a YYYYMMDD date', 'calendar.txt', r.line);
      if (end < start) throw new FeedError('end_date is before start_date', 'calendar.txt', r.line);
      let mask = 0;
      wd.forEach((d, i) => { if (int(r, 'calendar.txt', d, 0) === 1) mask |= 1 << i; });
      cal.set(id, { mask, start, end });
      if (mask) { first = Math.min(first, start); last = Math.max(last, end); }
    });
  }
  if (src.has('calendar_dates.txt')) {
    await eachRow(src, 'calendar_dates.txt', ['service_id', 'date', 'exception_type'], (r) => {
      const id = need(r, 'calendar_dates.txt', 'service_id');
      const day = parseGtfsDate(need(r, 'calendar_dates.txt', 'date'));
      if (Number.isNaN(day)) throw new FeedError('date is not a YYYYMMDD date', 'calendar_dates.txt', r.line);
      const type = int(r, 'calendar_dates.txt', 'exception_type', 0);
      if (type !== 1 && type !== 2) throw new FeedError(`exception_type "${val(r, 'exception_type')}" must be 1 or 2`, 'calendar_dates.txt', r.line);
      let l = exc.get(id);
      if (!l) exc.set(id, (l = []));
      l.push({ day, type });
      if (type === 1) { first = Math.min(first, day); last = Math.max(last, day); }
    });
  }
  if (!Number.isFinite(first)) { first = 0; last = -1; warn('no service runs on any day'); }
  if (last - first + 1 > MAX_DAYS) {
    warn(`service spans ${last - first + 1} days; only the first ${MAX_DAYS} are kept`);
    last = first + MAX_DAYS - 1;
  }
  const nDays = Math.max(0, last - first + 1);
  const services: FeedService[] = [];
  const serviceIdx = new Map<string, number>();
  for (const id of new Set([...cal.keys(), ...exc.keys()])) {
    const days = new Uint8Array(nDays);
    const c = cal.get(id);
    if (c && c.mask) {
      for (let d = Math.max(c.start, first); d <= Math.min(c.end, last); d++) {
        const weekday = (d + 3) % 7; // 1970-01-01 was a Thursday; 0 = Monday
        if (c.mask & (1 << weekday)) days[d - first] = 1;
      }
    }
    for (const e of exc.get(id) ?? []) if (e.day >= first && e.day <= last) days[e.day - first] = e.type === 1 ? 1 : 0;
    serviceIdx.set(id, services.length);
    services.push({ id, days });
  }
  return { services, serviceIdx, first, last, nDays };
}
