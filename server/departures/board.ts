// The board query: merges the departures of a location's stops across feeds from the station index, lays the
// realtime overlay over them, filters, sorts by predicted time and explains every empty or degraded board.
import { lookupTrip, type AddedStop, type Overlay, type RtAlert } from './realtime.ts';
import { lowerBound, R_APPROX, R_FIRST, resolveStops, type FeedIndex } from './station-index.ts';
import { formatGtfsDate, isoDate, isoWithOffset, localDay, serviceDayBase } from './time.ts';
import type { Board, BoardNotice, BoardQuery, Departure, Mode } from './types.ts';
import { arrivalIndex } from './arrivals.ts';
import { viaOf } from './via.ts';
import { dropDuplicates, type DuplicateRule } from './duplicates.ts';

export interface OverlayInfo { overlay: Overlay | null; configured: boolean; fresh: boolean }

export interface EngineState {
  indexes: ReadonlyMap<string, FeedIndex>;
  overlay(feed: string): OverlayInfo;
  importErrors: ReadonlyMap<string, string>;
  dataVersion: number;
}

export interface BoardContext {
  now: number;
  tz: string;
  stations: { feed: string; stopIds: string[] }[];
  limit: number;
  windowMinutes: number;
  lookbackMinutes: number;
  expiryWarningDays: number;
  t(key: string, vars?: Record<string, unknown>): string;
  lang: string;
  /** "via" stops per row (default 3) and the location's preferred via stops by name */
  viaCount?: number;
  viaStops?: readonly string[];
  /** the location's cross-feed duplicate rule; absent: rows of every feed are kept */
  duplicates?: DuplicateRule;
  /** feeds the site knows of (configured or stored); a station entry of another feed is skipped without a notice */
  knownFeeds?: ReadonlySet<string>;
}

interface Cand {
  ix: FeedIndex;
  row: number; // -1 for an added trip
  stop: number;
  day: number;
  sched: number;
  pred: number;
  delay: number | null;
  cancelled: boolean;
  skipped: boolean;
  realtime: boolean;
  added?: AddedStop;
  line: string;
  headsign: string;
}

const EARLY_S = 15 * 60; // trips may run this early and still be found
const collator = new Intl.Collator('cs', { numeric: true });

function headsignOf(ix: FeedIndex, trip: number, row: number): string {
  const h = ix.rowHs[row];
  if (h >= 0) return ix.data.strings[h]; // stop_headsign applies to its own row only (G6)
  const t = ix.data.trips[trip];
  if (t.headsign) return t.headsign;
  const r = ix.data.routes[t.route];
  if (r.longName) return r.longName;
  const last = ix.tripLastStop[trip];
  return last >= 0 ? ix.data.stops[last].name : '';
}

function wheel(v: number): Departure['wheelchair'] {
  return v === 1 ? 'accessible' : v === 2 ? 'inaccessible' : 'unknown';
}

function pickText(m: Record<string, string>, lang: string): string {
  return m[lang] ?? m._ ?? m.cs ?? m.en ?? Object.values(m)[0] ?? '';
}

function alertActive(a: RtAlert, at: number): boolean {
  return a.periods.length === 0 || a.periods.some((p) => at >= p.start && at < p.end);
}

export function computeBoard(state: EngineState, ctx: BoardContext, q: BoardQuery = {}): Board {
  const at = q.at ? q.at.getTime() : ctx.now;
  const limit = Math.max(1, Math.min(500, Math.floor(q.limit ?? ctx.limit)));
  const end = at + Math.max(1, q.windowMinutes ?? ctx.windowMinutes) * 60_000;
  const stations = q.stations ?? ctx.stations;
  const lines = q.lines?.length ? new Set(q.lines.map((l) => l.toLowerCase())) : null;
  const modes = q.modes?.length ? new Set<Mode>(q.modes) : null;
  const platforms = q.platforms?.length ? new Set(q.platforms.map((p) => p.toLowerCase())) : null;
  const onePerLine = q.onePerLine ?? false;
  const kind = q.kind ?? 'departures';
  const viaN = Math.max(0, Math.min(8, Math.floor(q.viaCount ?? ctx.viaCount ?? 3)));
  const lookback = ctx.lookbackMinutes * 60;
  const details: BoardNotice[] = [];
  const note = (n: Omit<BoardNotice, 'message'>, vars: Record<string, unknown> = {}) => {
    if (details.some((d) => d.code === n.code && d.feed === n.feed && d.stopId === n.stopId)) return;
    const date = n.date ? new Intl.DateTimeFormat(ctx.lang, { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date(n.date)) : undefined;
    details.push({ ...n, message: ctx.t(`departures:notices.${n.code}`, { feed: n.feed, date, stop: n.stopId, ...vars }) });
  };
  if (stations.length === 0) note({ code: 'NO_STATIONS', severity: 'warning' });

  const byFeed = new Map<string, string[]>();
  for (const s of stations) byFeed.set(s.feed, [...(byFeed.get(s.feed) ?? []), ...s.stopIds]);

  const cands: Cand[] = [];
  const boardStops: Board['stops'] = [];
  const boardAlerts: Board['alerts'] = [];
  const feedAlerts = new Map<string, RtAlert[]>();
  let live = false;
  let usable = 0;
  const scans: { ix: FeedIndex; stops: number[]; ov: Overlay | null }[] = [];
  for (const [feed, ids] of byFeed) {
    const depIx = state.indexes.get(feed);
    const ix = depIx && kind === 'arrivals' ? arrivalIndex(depIx) : depIx;
    const err = state.importErrors.get(feed);
    if (!ix) {
      // a location lists the real feeds beside the demo one: a feed this site never had is no fault while another serves
      if (ctx.knownFeeds && !ctx.knownFeeds.has(feed) && [...byFeed.keys()].some((f) => state.indexes.has(f))) continue;
      note({ code: 'FEED_MISSING', feed, severity: 'warning' });
      continue;
    }
    if (err) note({ code: 'FEED_IMPORT_FAILED', feed, severity: 'info', date: isoDate(Math.floor(ix.data.importedAt / 86_400_000)) });
    const { stops, unknown } = resolveStops(ix, ids);
    for (const u of unknown) note({ code: 'UNKNOWN_STOP', feed, stopId: u, severity: 'warning' });
    const day = localDay(ix.tz, at);
    if (day > ix.lastDay) note({ code: 'FEED_EXPIRED', feed, severity: 'warning', date: isoDate(ix.lastDay) });
    else if (day < ix.firstDay) note({ code: 'FEED_NOT_YET_VALID', feed, severity: 'warning', date: isoDate(ix.firstDay) });
    else if (ix.lastDay - day < ctx.expiryWarningDays) note({ code: 'FEED_ENDS_SOON', feed, severity: 'info', date: isoDate(ix.lastDay) });
    const info = state.overlay(feed);
    if (info.configured && !info.fresh) note({ code: 'REALTIME_UNAVAILABLE', feed, severity: 'info' });
    if (info.fresh) live = true;
    const ov = info.fresh ? info.overlay : null;
    const alertsSrc = info.overlay?.alerts.filter((a) => alertActive(a, at)) ?? [];
    feedAlerts.set(feed, alertsSrc);
    const stopSet = new Set<string>();
    for (const s of stops) {
      const st = ix.data.stops[s];
      stopSet.add(st.id);
      if (st.parent >= 0) stopSet.add(ix.data.stops[st.parent].id);
      boardStops.push({ feed, id: st.id, name: st.name, platform: st.platform, wheelchair: wheel(st.wheelchair), stationId: st.parent >= 0 ? ix.data.stops[st.parent].id : null });
    }
    for (const a of alertsSrc) {
      if (a.entities.some((e) => e.stop && stopSet.has(e.stop) && !e.route && !e.trip)) {
        boardAlerts.push({ feed, header: pickText(a.header, ctx.lang), description: pickText(a.description, ctx.lang) || undefined, validFrom: a.periods[0]?.start ? isoWithOffset(a.periods[0].start, ctx.tz) : undefined, validTo: a.periods[0] && Number.isFinite(a.periods[0].end) ? isoWithOffset(a.periods[0].end, ctx.tz) : undefined });
      }
    }
    if (stops.length) usable++;
    scans.push({ ix, stops, ov });
  }

  const scan = (from: number, to: number, max: number, out: Cand[], useLimit: boolean) => {
    for (const { ix, stops, ov } of scans) {
      const { dep, vtrip, rowSeq, rflags, vTrip, vOffset, tripService, stopStart } = ix;
      const { trips, services, stops: feedStops } = ix.data;
      // without realtime nothing runs late or early, so the scan need not look back (G14) or ahead
      const rtOn = !!ov && (ov.trips.size > 0 || ov.added.length > 0);
      const back = rtOn ? lookback : 0;
      const early = rtOn ? EARLY_S : 0;
      const dayFrom = localDay(ix.tz, from) - Math.floor((ix.maxTime + back) / 86_400);
      const dayTo = localDay(ix.tz, to);
      for (let day = Math.max(dayFrom, ix.firstDay); day <= Math.min(dayTo, ix.lastDay); day++) {
        const base = serviceDayBase(ix.tz, day);
        const lo = Math.floor((from - base) / 1000) - back;
        const hi = Math.ceil((to - base) / 1000) + early;
        if (hi < 0 || lo > ix.maxTime) continue;
        const dayOff = day - ix.firstDay;
        let date = '';
        for (const s of stops) {
          if (platforms) {
            const p = feedStops[s].platform?.toLowerCase();
            if (!p || !platforms.has(p)) continue;
          }
          const b = stopStart[s + 1];
          let count = 0, maxPred = -Infinity;
          for (let i = lowerBound(dep, stopStart[s], b, lo); i < b; i++) {
            const d = dep[i];
            if (d > hi) break;
            if (useLimit && count >= max && base + (d - early) * 1000 > maxPred) break;
            const v = vtrip[i];
            const t = vTrip[v];
            if (services[tripService[t]].days[dayOff] !== 1) continue;
            const trip = trips[t];
            if (modes && !modes.has(ix.routeMode[trip.route])) continue;
            const line = ix.routeLine[trip.route];
            if (lines && !lines.has(line.toLowerCase())) continue;
            const sched = base + d * 1000;
            let delay: number | null = null, cancelled = false, skipped = false, realtime = false;
            if (ov && ov.trips.size && vOffset[v] === 0 && !(rflags[i] & R_APPROX)) {
              if (!date) date = formatGtfsDate(day);
              const tr = ov.trips.get(trip.id + '|' + date);
              if (tr) {
                realtime = true;
                if (tr.cancelled) cancelled = true;
                else {
                  const r = lookupTrip(tr, rowSeq[i]);
                  delay = r.delay; skipped = r.skipped;
                  if (delay === null) realtime = false;
                }
              }
            }
            const pred = delay !== null ? sched + delay * 1000 : sched;
            if (pred < from || pred > to) continue;
            if (cancelled && q.skipCancelled) continue;
            out.push({ ix, row: i, stop: s, day, sched, pred, delay, cancelled, skipped, realtime, line, headsign: '' });
            if (count < max && pred > maxPred) maxPred = pred;
            count++;
          }
        }
      }
      if (ov) {
        const set = new Set(stops);
        for (const a of ov.added) {
          if (!set.has(a.stop) || a.time < from || a.time > to) continue;
          const line = a.route >= 0 ? ix.routeLine[a.route] : '?';
          if (lines && !lines.has(line.toLowerCase())) continue;
          if (modes && !(a.route >= 0 && modes.has(ix.routeMode[a.route]))) continue;
          out.push({ ix, row: -1, stop: a.stop, day: localDay(ix.tz, a.time), sched: a.time, pred: a.time, delay: 0, cancelled: false, skipped: false, realtime: true, added: a, line, headsign: a.headsign || '?' });
        }
      }
    }
  };
  scan(at, end, limit, cands, !onePerLine);

  for (const c of cands) if (c.row >= 0) c.headsign = headsignOf(c.ix, c.ix.vTrip[c.ix.vtrip[c.row]], c.row);
  // sorted by predicted time (Golemio order=real); ties by line, then headsign (TC21)
  cands.sort((a, b) => a.pred - b.pred || collator.compare(a.line, b.line) || collator.compare(a.headsign, b.headsign));
  let chosen = cands;
  if (ctx.duplicates && byFeed.size > 1) {
    const withMode = cands.map((c) => ({ c, feed: c.ix.feed, line: c.line, sched: c.sched, mode: c.row >= 0 ? c.ix.routeMode[c.ix.data.trips[c.ix.vTrip[c.ix.vtrip[c.row]]].route] : ('other' as Mode) }));
    chosen = dropDuplicates(withMode, ctx.duplicates, [...byFeed.keys()]).map((x) => x.c);
  }
  if (onePerLine) {
    const seen = new Set<string>();
    chosen = chosen.filter((c) => {
      const trip = c.row >= 0 ? c.ix.data.trips[c.ix.vTrip[c.ix.vtrip[c.row]]] : null;
      const key = `${c.ix.feed}|${c.line}|${trip?.direction ?? c.headsign}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  chosen = chosen.slice(0, limit);
  const departures = chosen.map((c) => toDeparture(c, at, ctx, feedAlerts.get(c.ix.feed) ?? [], kind, viaN));

  if (departures.length === 0 && usable > 0) {
    const later: Cand[] = [];
    scan(end, end + 8 * 86_400_000, 1, later, true);
    later.sort((a, b) => a.pred - b.pred);
    if (later.length) note({ code: 'NO_DEPARTURES_IN_WINDOW', severity: 'info', next: isoWithOffset(later[0].pred, ctx.tz) }, { minutes: Math.round((end - at) / 60_000), next: new Intl.DateTimeFormat(ctx.lang, { timeZone: ctx.tz, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(later[0].pred)) });
    else note({ code: 'NO_SERVICE', severity: 'warning' });
  }

  return {
    generatedAt: isoWithOffset(ctx.now, ctx.tz),
    at: isoWithOffset(at, ctx.tz),
    departures,
    notices: details.map((d) => d.message),
    noticeDetails: details,
    live,
    stops: boardStops,
    alerts: boardAlerts,
    dataVersion: state.dataVersion,
  };
}

function toDeparture(c: Cand, at: number, ctx: BoardContext, alerts: RtAlert[], kind: 'departures' | 'arrivals', viaN: number): Departure {
  const { ix } = c;
  const stop = ix.data.stops[c.stop];
  const parent = stop.parent >= 0 ? ix.data.stops[stop.parent] : null;
  const tripIdx = c.row >= 0 ? ix.vTrip[ix.vtrip[c.row]] : -1;
  const trip = tripIdx >= 0 ? ix.data.trips[tripIdx] : null;
  const routeIdx = trip ? trip.route : (c.added?.route ?? -1);
  const route = routeIdx >= 0 ? ix.data.routes[routeIdx] : null;
  const tripId = trip?.id ?? c.added!.tripId;
  const matching = alerts.filter((a) =>
    a.entities.some(
      (e) =>
        (e.route || e.trip || e.agency || e.routeType !== undefined) &&
        (!e.stop || e.stop === stop.id || e.stop === parent?.id) &&
        (!e.route || e.route === route?.id) &&
        (!e.trip || e.trip === tripId) &&
        (!e.agency || e.agency === route?.agency) &&
        (e.routeType === undefined || e.routeType === route?.type),
    ),
  );
  return {
    feed: ix.feed,
    tripId,
    stopId: stop.id,
    stopName: stop.name,
    platform: stop.platform,
    line: {
      shortName: c.line,
      ...(route?.longName ? { longName: route.longName } : {}),
      mode: routeIdx >= 0 ? ix.routeMode[routeIdx] : 'other',
      ...(route?.color ? { color: '#' + route.color } : {}),
      ...(route?.textColor ? { textColor: '#' + route.textColor } : {}),
      ...(route ? { routeId: route.id, routeType: route.type } : {}),
    },
    headsign: c.headsign,
    scheduled: isoWithOffset(c.sched, ctx.tz),
    predicted: isoWithOffset(c.pred, ctx.tz),
    delaySeconds: c.realtime ? c.delay : null,
    cancelled: c.cancelled,
    skipped: c.skipped,
    wheelchair: wheel(trip?.wheelchair ?? 0),
    alerts: matching.map((a) => ({ header: pickText(a.header, ctx.lang), ...(pickText(a.description, ctx.lang) ? { description: pickText(a.description, ctx.lang) } : {}) })),
    minutes: Math.max(0, Math.floor((c.pred - at) / 60_000)),
    realtime: c.realtime,
    added: !!c.added,
    approximate: c.row >= 0 && (ix.rflags[c.row] & R_APPROX) !== 0,
    stationId: parent?.id ?? null,
    stationName: parent?.name ?? null,
    tripShortName: trip?.shortName || null,
    direction: trip?.direction ?? null,
    serviceDate: c.added?.startDate || formatGtfsDate(c.day),
    firstStop: c.row >= 0 && (ix.rflags[c.row] & R_FIRST) !== 0,
    via: tripIdx >= 0 ? viaOf(ix, tripIdx, ix.rowSeq[c.row], kind, viaN, ctx.viaStops) : [],
    origin: trip && trip.stopTimes.length ? ix.data.stops[trip.stopTimes[1]].name : '',
    kind: kind === 'arrivals' ? 'arrival' : 'departure',
  };
}
