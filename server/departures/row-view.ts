// One view model of a departure (or arrival) row, plain data, for every place that draws one: the phone pages
// (templates/departures/_rows.njk, used by /departures and the portal) and the display boards' payload
// (kiosk/board-feed.ts), whose cells kiosk-client/row-text.js fills the same way on the server and in the browser.
import { localHm } from './time.ts';
import type { Departure } from './types.ts';

export interface RowModel {
  /** stable across updates: feed, trip, stop and planned time */
  id: string;
  line: string;
  mode: string;
  /** the line's colour as #rrggbb, or null when the feed gives none (or an invalid one) */
  color: string | null;
  /** where it goes; on an arrivals board where it comes from */
  destination: string;
  kind: 'departure' | 'arrival';
  via: string[];
  platform: string | null;
  /** the stop's id, for the link to its place on the station plan */
  stopId: string;
  /** ms since epoch */
  planned: number;
  expected: number;
  /** whole minutes, null without live data for the trip */
  delayMin: number | null;
  cancelled: boolean;
  skipped: boolean;
}

/** #rrggbb from a GTFS route_color (with or without #), or null */
export function lineColour(c: string | undefined): string | null {
  if (!c) return null;
  const hex = c.replace(/^#/, '');
  return /^[0-9a-fA-F]{6}$/.test(hex) ? `#${hex}` : null;
}

export function rowModel(d: Departure): RowModel {
  return {
    id: `${d.feed}:${d.tripId}:${d.stopId}:${d.scheduled}`,
    line: d.line.shortName,
    mode: d.line.mode,
    color: lineColour(d.line.color),
    destination: d.kind === 'arrival' ? d.origin : d.headsign,
    kind: d.kind,
    via: d.via ?? [],
    platform: d.platform,
    stopId: d.stopId,
    planned: Date.parse(d.scheduled),
    expected: Date.parse(d.predicted),
    delayMin: d.delaySeconds === null ? null : Math.round(d.delaySeconds / 60),
    cancelled: d.cancelled,
    skipped: d.skipped,
  };
}

type T = (key: string, vars?: Record<string, unknown>) => string;

export type StatusKind = 'bad' | 'late' | 'none' | 'ok';

/** The status text of the phone pages (the board keeps its shorter delay text, kiosk-client/row-text.js). */
function statusOf(d: Departure, t: T): string {
  if (d.cancelled) return t('departures:status.cancelled');
  if (d.skipped) return t('departures:status.skipped');
  if (d.added) return t('departures:status.added');
  if (d.approximate) return t('departures:status.approximate');
  if (d.delaySeconds === null) return t('departures:status.noLiveData');
  if (d.delaySeconds >= 60) return t('departures:status.late', { count: Math.floor(d.delaySeconds / 60) });
  if (d.delaySeconds <= -60) return t('departures:status.early', { count: Math.floor(-d.delaySeconds / 60) });
  return t('departures:status.onTime');
}

/** A row with its times as local text and its platform's link: what the portal's short list shows. */
export interface TimedRow extends RowModel {
  plannedText: string;
  expectedText: string;
  changed: boolean;
  /** the platform's place on the station plan (/data/zastavky-a-nastupiste#plan-<stop_id>), or null without a platform */
  planHref: string | null;
}

/** The full row of /departures: the status in words, the countdown, accessibility and alerts. */
export interface PhoneRow extends TimedRow {
  status: string;
  statusKind: StatusKind;
  /** "now" / "in 5 min" */
  due: string;
  wheelchair: boolean;
  alerts: { header: string; description?: string }[];
}

export interface PhoneRowContext {
  timezone: string;
  t: T;
  lang: string;
}

/** The link to a stop's place on the station plan: the open-data page of the stops dataset, where
 * opendata/charts.ts `stationPlan` draws every stop as an element with the id `plan-<stop_id>`. */
export function planHref(stopId: string, lang: string): string {
  return `/data/zastavky-a-nastupiste?lang=${lang}#plan-${encodeURIComponent(stopId)}`;
}

export function timedRow(d: Departure, timezone: string, lang: string): TimedRow {
  const m = rowModel(d);
  return {
    ...m,
    plannedText: localHm(m.planned, timezone),
    expectedText: localHm(m.expected, timezone),
    changed: d.predicted !== d.scheduled,
    planHref: d.platform ? planHref(d.stopId, lang) : null,
  };
}

export function phoneRow(d: Departure, ctx: PhoneRowContext): PhoneRow {
  return {
    ...timedRow(d, ctx.timezone, ctx.lang),
    status: statusOf(d, ctx.t),
    statusKind: d.cancelled || d.skipped ? 'bad' : d.delaySeconds !== null && d.delaySeconds >= 300 ? 'late' : d.delaySeconds === null ? 'none' : 'ok',
    due: d.minutes < 1 ? ctx.t('departures:due.now') : ctx.t('departures:due.in', { count: d.minutes }),
    wheelchair: d.wheelchair === 'accessible',
    alerts: d.alerts,
  };
}
