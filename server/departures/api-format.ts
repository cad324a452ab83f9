// The JSON API's shape, modelled on Golemio's PID departure boards (/v2/pid/departureboards), and its CSV variant.
import type { Board, Departure } from './types.ts';
import type { FeedStatus } from './engine.ts';
import { csvCell as cell } from '../platform/csv.ts';

function minutesText(d: Departure): string {
  return d.minutes < 1 ? '<1' : String(d.minutes);
}

export function departureJson(d: Departure) {
  return {
    departure_timestamp: { scheduled: d.scheduled, predicted: d.predicted, minutes: minutesText(d) },
    delay: d.delaySeconds === null ? { is_available: false, minutes: null, seconds: null } : { is_available: true, minutes: Math.trunc(d.delaySeconds / 60), seconds: d.delaySeconds },
    route: {
      id: d.line.routeId ?? null,
      short_name: d.line.shortName,
      long_name: d.line.longName ?? null,
      type: d.line.routeType ?? null,
      mode: d.line.mode,
      color: d.line.color ?? null,
      text_color: d.line.textColor ?? null,
    },
    stop: { id: d.stopId, name: d.stopName, platform_code: d.platform, feed: d.feed, parent_station: d.stationId },
    trip: {
      id: d.tripId,
      headsign: d.headsign,
      short_name: d.tripShortName,
      direction_id: d.direction,
      service_date: d.serviceDate,
      is_canceled: d.cancelled,
      is_skipped: d.skipped,
      is_added: d.added,
      is_approximate: d.approximate,
      is_wheelchair_accessible: d.wheelchair === 'unknown' ? null : d.wheelchair === 'accessible',
      is_realtime: d.realtime,
      via: d.via,
      origin: d.origin,
    },
    kind: d.kind,
    alerts: d.alerts,
  };
}

export function boardJson(b: Board, feeds: FeedStatus[]) {
  return {
    generated_at: b.generatedAt,
    at: b.at,
    live: b.live,
    stops: b.stops.map((s) => ({ feed: s.feed, stop_id: s.id, stop_name: s.name, platform_code: s.platform, wheelchair_boarding: s.wheelchair, parent_station: s.stationId })),
    departures: b.departures.map(departureJson),
    infotexts: b.alerts.map((a) => ({ text: a.header, description: a.description ?? null, display_type: 'general', feed: a.feed, valid_from: a.validFrom ?? null, valid_to: a.validTo ?? null })),
    notices: b.noticeDetails.map((n) => ({ code: n.code, severity: n.severity, message: n.message, feed: n.feed ?? null, date: n.date ?? null, next: n.next ?? null, stop_id: n.stopId ?? null })),
    feeds: feeds.map((f) => ({ feed: f.feed, loaded: f.loaded, valid_from: f.firstDate, valid_to: f.lastDate, imported_at: f.importedAt, last_error: f.lastError ? 'import failed; previous timetable kept' : null, realtime: f.realtime.map((r) => ({ fresh: r.fresh, timestamp: r.timestamp })) })),
    data_version: b.dataVersion,
  };
}

const CSV_COLUMNS = ['scheduled', 'predicted', 'minutes', 'delay_seconds', 'realtime', 'line', 'mode', 'headsign', 'platform', 'stop_id', 'stop_name', 'feed', 'trip_id', 'cancelled', 'skipped', 'added', 'wheelchair', 'via', 'origin', 'kind'] as const;

export function boardCsv(b: Board): string {
  const rows = b.departures.map((d) => [d.scheduled, d.predicted, d.minutes, d.delaySeconds, d.realtime, d.line.shortName, d.line.mode, d.headsign, d.platform, d.stopId, d.stopName, d.feed, d.tripId, d.cancelled, d.skipped, d.added, d.wheelchair, d.via.join(' – '), d.origin, d.kind]);
  return [CSV_COLUMNS, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
