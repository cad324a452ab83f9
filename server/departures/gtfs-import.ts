// Streams a GTFS feed into FeedData: validates references, builds service-day sets, sorts and interpolates stop_times.
// Errors name the file, the line and the reason (FeedError); nothing is written until the whole feed parsed.
import type { FeedSource } from './feed-source.ts';
import { CsvSyntaxError, readCsv } from './csv.ts';
import { F_INTERPOLATED, F_NO_DROPOFF, F_NO_PICKUP, ST_FIELDS, type FeedData, type FeedFrequency, type FeedRoute, type FeedService, type FeedStop, type FeedTrip } from './feed-data.ts';
import { isoDate, parseGtfsDate, parseGtfsTime } from './time.ts';

export class FeedError extends Error {
  readonly reason: string;
  readonly file?: string;
  readonly line?: number;
  constructor(reason: string, file?: string, line?: number, opts: { cause?: unknown } = {}) {
    super(`${file ?? 'feed'}${line !== undefined ? ` line ${line}` : ''}: ${reason}`, opts);
    this.reason = reason;
    this.file = file;
    this.line = line;
    this.name = 'FeedError';
  }
}

const MAX_DAYS = 4000;

type Cols = Record<string, number>;
type Row = { f: string[]; line: number; c: Cols };

function val(r: Row, col: string): string | undefined {
  const i = r.c[col];
  return i === undefined ? undefined : r.f[i];
}

function need(r: Row, file: string, col: string): string {
  const v = val(r, col);
  if (v === undefined || v.trim() === '') throw new FeedError(`${col} is missing`, file, r.line);
  return v.trim();
}

function int(r: Row, file: string, col: string, dflt: number): number {
  const v = val(r, col);
  if (v === undefined || v === '') return dflt;
  const n = +v;
  if (!Number.isInteger(n)) {
    if (v.trim() === '') return dflt;
    throw new FeedError(`${col} "${v}" is not a whole number`, file, r.line);
  }
  return n;
}

/** Calls fn for every record of a file, with its header mapped to column indexes (any order). */
async function eachRow(src: FeedSource, file: string, required: string[], fn: (r: Row) => void): Promise<void> {
  let input: Awaited<ReturnType<FeedSource['open']>>;
  try { input = await src.open(file); } catch (err) { throw new FeedError((err as Error).message, file, undefined, { cause: err }); }
  const r: Row = { f: [], line: 0, c: {} };
  try {
    await readCsv(input, {
      header(names) {
        for (const c of required) if (!names.includes(c)) throw new FeedError(`required column ${c} is missing from the header`, file, 1);
        names.forEach((n, i) => { if (!(n in r.c)) r.c[n] = i; });
      },
      row(f, line) {
        r.f = f;
        r.line = line;
        fn(r);
      },
    }, src.limits);
  } catch (err) {
    input.destroy();
    if (err instanceof FeedError) throw err;
    if (err instanceof CsvSyntaxError) throw new FeedError(err.message, file, err.line, { cause: err });
    throw new FeedError((err as Error).message, file, undefined, { cause: err });
  }
}

/** Growable Int32 columns for stop_times (millions of rows without an object per row). */
class Columns {
  n = 0;
  cols: Int32Array[];
  readonly width: number;
  constructor(width: number, cap = 1 << 14) {
    this.width = width;
    this.cols = Array.from({ length: width }, () => new Int32Array(cap));
  }
  /** the row index to fill (grows the columns when full) */
  next(): number {
    if (this.n === this.cols[0].length) this.cols = this.cols.map((c) => { const d = new Int32Array(c.length * 2); d.set(c); return d; });
    return this.n++;
  }
}

export interface ParseOptions { feed: string; source: string; signature?: string | null; now?: number }

export async function parseFeed(src: FeedSource, opts: ParseOptions): Promise<FeedData> {
  const warnings: string[] = [];
  const warn = (w: string) => { if (warnings.length < 50) warnings.push(w); };
  for (const f of ['agency.txt', 'stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt']) if (!src.has(f)) throw new FeedError('required file is missing from the feed', f);
  if (!src.has('calendar.txt') && !src.has('calendar_dates.txt')) throw new FeedError('the feed has neither calendar.txt nor calendar_dates.txt', 'calendar.txt');

  // agency.txt — all agencies of a feed share one timezone (GTFS reference, agency_timezone)
  const agencies: FeedData['agencies'] = [];
  let timezone = '';
  await eachRow(src, 'agency.txt', ['agency_timezone'], (r) => {
    const tz = need(r, 'agency.txt', 'agency_timezone');
    try { new Intl.DateTimeFormat('en', { timeZone: tz }); } catch { throw new FeedError(`agency_timezone "${tz}" is not a known timezone`, 'agency.txt', r.line); }
    if (!timezone) timezone = tz;
    else if (tz !== timezone) warn(`agency.txt line ${r.line}: agency_timezone ${tz} differs from ${timezone}; using ${timezone}`);
    agencies.push({ id: (val(r, 'agency_id') ?? '').trim(), name: (val(r, 'agency_name') ?? '').trim(), url: (val(r, 'agency_url') ?? '').trim(), timezone: tz });
  });
  if (!timezone) throw new FeedError('no agency', 'agency.txt');

  // stops.txt
  const stops: FeedStop[] = [];
  const stopIdx = new Map<string, number>();
  const parentRef: { i: number; id: string; line: number }[] = [];
  await eachRow(src, 'stops.txt', ['stop_id'], (r) => {
    const id = need(r, 'stops.txt', 'stop_id');
    if (stopIdx.has(id)) throw new FeedError(`stop_id "${id}" appears twice`, 'stops.txt', r.line);
    stopIdx.set(id, stops.length);
    const parent = (val(r, 'parent_station') ?? '').trim();
    if (parent) parentRef.push({ i: stops.length, id: parent, line: r.line });
    stops.push({
      id,
      name: (val(r, 'stop_name') ?? '').trim() || id,
      locationType: int(r, 'stops.txt', 'location_type', 0),
      parent: -1,
      platform: (val(r, 'platform_code') ?? '').trim() || null,
      wheelchair: int(r, 'stops.txt', 'wheelchair_boarding', 0),
    });
  });
  for (const p of parentRef) {
    const j = stopIdx.get(p.id);
    if (j === undefined) warn(`stops.txt line ${p.line}: parent_station "${p.id}" is not in stops.txt; ignored`);
    else stops[p.i].parent = j;
  }
  // a platform without its own wheelchair_boarding inherits the station's (GTFS reference, wheelchair_boarding)
  for (const s of stops) if (s.wheelchair === 0 && s.parent >= 0) s.wheelchair = stops[s.parent].wheelchair;

  // routes.txt
  const routes: FeedRoute[] = [];
  const routeIdx = new Map<string, number>();
  await eachRow(src, 'routes.txt', ['route_id', 'route_type'], (r) => {
    const id = need(r, 'routes.txt', 'route_id');
    if (routeIdx.has(id)) throw new FeedError(`route_id "${id}" appears twice`, 'routes.txt', r.line);
    routeIdx.set(id, routes.length);
    const color = (val(r, 'route_color') ?? '').trim();
    const text = (val(r, 'route_text_color') ?? '').trim();
    routes.push({
      id,
      agency: (val(r, 'agency_id') ?? '').trim() || null,
      shortName: (val(r, 'route_short_name') ?? '').trim(),
      longName: (val(r, 'route_long_name') ?? '').trim(),
      type: int(r, 'routes.txt', 'route_type', 3),
      color: /^[0-9a-fA-F]{6}$/.test(color) ? color.toUpperCase() : null,
      textColor: /^[0-9a-fA-F]{6}$/.test(text) ? text.toUpperCase() : null,
    });
  });

  // calendar.txt and calendar_dates.txt: active = (weekday pattern within inclusive bounds ∪ added) − removed
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

  // trips.txt
  const trips: FeedTrip[] = [];
  const tripIdx = new Map<string, number>();
  await eachRow(src, 'trips.txt', ['route_id', 'service_id', 'trip_id'], (r) => {
    const id = need(r, 'trips.txt', 'trip_id');
    if (tripIdx.has(id)) throw new FeedError(`trip_id "${id}" appears twice`, 'trips.txt', r.line);
    const route = routeIdx.get(need(r, 'trips.txt', 'route_id'));
    if (route === undefined) throw new FeedError(`route_id "${val(r, 'route_id')}" is not in routes.txt`, 'trips.txt', r.line);
    const sid = need(r, 'trips.txt', 'service_id');
    let service = serviceIdx.get(sid);
    if (service === undefined) {
      warn(`trips.txt line ${r.line}: service_id "${sid}" is in neither calendar file; the trip never runs`);
      serviceIdx.set(sid, (service = services.length));
      services.push({ id: sid, days: new Uint8Array(nDays) });
    }
    const dir = (val(r, 'direction_id') ?? '').trim();
    tripIdx.set(id, trips.length);
    trips.push({
      id, route, service,
      headsign: (val(r, 'trip_headsign') ?? '').trim(),
      shortName: (val(r, 'trip_short_name') ?? '').trim(),
      direction: dir === '' ? null : Number(dir),
      wheelchair: int(r, 'trips.txt', 'wheelchair_accessible', 0),
      block: (val(r, 'block_id') ?? '').trim() || null,
      stopTimes: new Int32Array(0),
    });
  });

  // stop_times.txt: streamed into columns; may come in any order
  const strings: string[] = [];
  const stringIdx = new Map<string, number>();
  const cols = new Columns(8); // trip, seq, stop, arr, dep, flags, headsign, dist*1000
  let hasDist = false;
  await eachRow(src, 'stop_times.txt', ['trip_id', 'stop_id', 'stop_sequence'], (r) => {
    const t = tripIdx.get(need(r, 'stop_times.txt', 'trip_id'));
    if (t === undefined) throw new FeedError(`trip_id "${val(r, 'trip_id')}" is not in trips.txt`, 'stop_times.txt', r.line);
    const s = stopIdx.get(need(r, 'stop_times.txt', 'stop_id'));
    if (s === undefined) throw new FeedError(`stop_id "${val(r, 'stop_id')}" is not in stops.txt`, 'stop_times.txt', r.line);
    const seq = int(r, 'stop_times.txt', 'stop_sequence', -1);
    const arr = parseGtfsTime(val(r, 'arrival_time'));
    const dep = parseGtfsTime(val(r, 'departure_time'));
    if (Number.isNaN(arr)) throw new FeedError(`arrival_time "${val(r, 'arrival_time')}" is not HH:MM:SS`, 'stop_times.txt', r.line);
    if (Number.isNaN(dep)) throw new FeedError(`departure_time "${val(r, 'departure_time')}" is not HH:MM:SS`, 'stop_times.txt', r.line);
    let flags = 0;
    if (int(r, 'stop_times.txt', 'pickup_type', 0) === 1) flags |= F_NO_PICKUP;
    if (int(r, 'stop_times.txt', 'drop_off_type', 0) === 1) flags |= F_NO_DROPOFF;
    const hs = (val(r, 'stop_headsign') ?? '').trim();
    let h = -1;
    if (hs) {
      h = stringIdx.get(hs) ?? -1;
      if (h < 0) { h = strings.length; strings.push(hs); stringIdx.set(hs, h); }
    }
    const distRaw = (val(r, 'shape_dist_traveled') ?? '').trim();
    const dist = distRaw === '' ? -1 : Math.round(Number(distRaw) * 1000);
    if (dist >= 0) hasDist = true;
    const k = cols.next();
    const cc = cols.cols;
    cc[0][k] = t; cc[1][k] = seq; cc[2][k] = s; cc[3][k] = arr; cc[4][k] = dep; cc[5][k] = flags; cc[6][k] = h; cc[7][k] = Number.isFinite(dist) ? dist : -1;
  });
  if (cols.n === 0) throw new FeedError('the feed has no stop times', 'stop_times.txt');

  // group by trip (counting sort), then order each trip by stop_sequence
  const [cT, cSeq, cStop, cArr, cDep, cFlags, cHs, cDist] = cols.cols;
  const n = cols.n;
  const start = new Int32Array(trips.length + 1);
  for (let i = 0; i < n; i++) start[cT[i] + 1]++;
  for (let i = 0; i < trips.length; i++) start[i + 1] += start[i];
  const fill = start.slice(0, trips.length);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[cT[i]]++] = i;
  let maxTime = 0, interpolated = 0, stopTimes = 0;
  for (let t = 0; t < trips.length; t++) {
    const a = start[t], b = start[t + 1];
    const m = b - a;
    if (m === 0) { warn(`trip ${trips[t].id} has no stop times`); continue; }
    const rows = Array.from(order.subarray(a, b)).sort((x, y) => cSeq[x] - cSeq[y]);
    const st = new Int32Array(m * ST_FIELDS);
    const arr = new Float64Array(m), dep = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const i = rows[k];
      if (k > 0 && cSeq[i] === cSeq[rows[k - 1]]) throw new FeedError(`trip ${trips[t].id} has stop_sequence ${cSeq[i]} twice`, 'stop_times.txt');
      arr[k] = cArr[i] >= 0 ? cArr[i] : cDep[i];
      dep[k] = cDep[i] >= 0 ? cDep[i] : cArr[i];
    }
    if (dep[0] < 0 || arr[m - 1] < 0) throw new FeedError(`trip ${trips[t].id}: the first and last stop need times`, 'stop_times.txt');
    // interpolate empty times at non-timepoints between the surrounding timed stops (by distance when known)
    for (let k = 1; k < m - 1; k++) {
      if (dep[k] >= 0) continue;
      let j = k + 1;
      while (arr[j] < 0) j++;
      const p = k - 1;
      const useDist = hasDist && cDist[rows[p]] >= 0 && cDist[rows[j]] > cDist[rows[p]];
      for (let q = k; q < j; q++) {
        const frac = useDist && cDist[rows[q]] >= 0 ? (cDist[rows[q]] - cDist[rows[p]]) / (cDist[rows[j]] - cDist[rows[p]]) : (q - p) / (j - p);
        arr[q] = dep[q] = Math.round(dep[p] + (arr[j] - dep[p]) * frac);
        cFlags[rows[q]] |= F_INTERPOLATED;
        interpolated++;
      }
      k = j - 1;
    }
    for (let k = 0; k < m; k++) {
      const i = rows[k], o = k * ST_FIELDS;
      st[o] = cSeq[i]; st[o + 1] = cStop[i]; st[o + 2] = arr[k]; st[o + 3] = dep[k]; st[o + 4] = cFlags[i]; st[o + 5] = cHs[i];
      if (dep[k] > maxTime) maxTime = dep[k];
    }
    trips[t].stopTimes = st;
    stopTimes += m;
  }

  // frequencies.txt: the template trip's times become offsets from its first departure
  const frequencies: FeedFrequency[] = [];
  if (src.has('frequencies.txt')) {
    await eachRow(src, 'frequencies.txt', ['trip_id', 'start_time', 'end_time', 'headway_secs'], (r) => {
      const t = tripIdx.get(need(r, 'frequencies.txt', 'trip_id'));
      if (t === undefined) throw new FeedError(`trip_id "${val(r, 'trip_id')}" is not in trips.txt`, 'frequencies.txt', r.line);
      const s = parseGtfsTime(val(r, 'start_time')), e = parseGtfsTime(val(r, 'end_time'));
      const h = int(r, 'frequencies.txt', 'headway_secs', 0);
      if (!(s >= 0) || !(e >= 0)) throw new FeedError('start_time or end_time is not HH:MM:SS', 'frequencies.txt', r.line);
      if (h <= 0) throw new FeedError('headway_secs must be positive', 'frequencies.txt', r.line);
      if ((e - s) / h > 2000) throw new FeedError(`headway_secs ${h} would make ${Math.ceil((e - s) / h)} trips in one window`, 'frequencies.txt', r.line);
      frequencies.push({ trip: t, start: s, end: e, headway: h, exact: int(r, 'frequencies.txt', 'exact_times', 0) === 1 });
      const st = trips[t].stopTimes;
      if (st.length) maxTime = Math.max(maxTime, e + st[st.length - ST_FIELDS + 3] - st[3]);
    });
  }

  return {
    feed: opts.feed,
    source: opts.source,
    signature: opts.signature ?? null,
    importedAt: opts.now ?? Date.now(),
    timezone,
    firstDay: first,
    lastDay: last,
    maxTime,
    strings,
    agencies,
    stops,
    routes,
    services,
    trips,
    frequencies,
    stats: {
      agencies: agencies.length, stops: stops.length, routes: routes.length, trips: trips.length, stopTimes,
      services: services.length, frequencies: frequencies.length,
      firstDate: nDays ? isoDate(first) : '', lastDate: nDays ? isoDate(last) : '', interpolated, warnings,
    },
  };
}

