// Turns the departures board and the location content into the compact payloads the display boards receive.
import { createHash } from 'node:crypto';
import type { Board } from '../departures/index.ts';
import type { Location } from '../content/index.ts';

export interface BoardRow {
  id: string;
  line: string;
  mode: string;
  color: string | null;
  headsign: string;
  /** important intermediate stops ("Tanvald přes Jablonec n.N.") */
  via?: string[];
  platform: string | null;
  /** ms since epoch */
  scheduled: number;
  predicted: number;
  /** whole minutes, null without live data for the trip */
  delayMin: number | null;
  cancelled: boolean;
}

export interface DeparturesPayload {
  version: string;
  generatedAt: string;
  live: boolean;
  notices: string[];
  rows: BoardRow[];
}

export interface AnnouncementPayload {
  id: string;
  text: Record<string, string>;
  priority: 'info' | 'warning' | 'important';
  validTo: number | null;
}

export function shortHash(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 12);
}

function colour(c: string | undefined): string | null {
  if (!c) return null;
  const hex = c.replace(/^#/, '');
  return /^[0-9a-fA-F]{6}$/.test(hex) ? `#${hex}` : null;
}

export function departuresPayload(board: Board): DeparturesPayload {
  const rows: BoardRow[] = board.departures
    .filter((d) => !d.skipped)
    .map((d) => ({
      id: `${d.feed}:${d.tripId}:${d.stopId}:${d.scheduled}`,
      line: d.line.shortName,
      mode: d.line.mode,
      color: colour(d.line.color),
      headsign: d.headsign,
      ...(d.via?.length ? { via: d.via } : {}),
      platform: d.platform,
      scheduled: Date.parse(d.scheduled),
      predicted: Date.parse(d.predicted),
      delayMin: d.delaySeconds === null ? null : Math.round(d.delaySeconds / 60),
      cancelled: d.cancelled,
    }))
    .filter((r) => Number.isFinite(r.scheduled) && Number.isFinite(r.predicted));
  const body = { live: board.live, notices: board.notices, rows };
  return { version: shortHash(body), generatedAt: board.generatedAt, ...body };
}

const PRIORITY = { important: 0, warning: 1, info: 2 } as const;

/** The announcements valid at `now`, most important first; validTo travels along so an offline board drops them itself. */
export function announcementsPayload(location: Readonly<Location>, now: number): AnnouncementPayload[] {
  return location.announcements
    .filter((a) => (!a.validFrom || Date.parse(a.validFrom) <= now) && (!a.validTo || Date.parse(a.validTo) > now))
    .sort((a, b) => PRIORITY[a.priority] - PRIORITY[b.priority])
    .map((a) => ({ id: a.id, text: { ...a.text }, priority: a.priority, validTo: a.validTo ? Date.parse(a.validTo) : null }));
}

/** The next moment an announcement starts or ends after `now` (to push the change), or null. */
export function nextAnnouncementBoundary(location: Readonly<Location>, now: number): number | null {
  let next: number | null = null;
  for (const a of location.announcements) {
    for (const t of [a.validFrom, a.validTo]) {
      const ms = t ? Date.parse(t) : NaN;
      if (ms > now && (next === null || ms < next)) next = ms;
    }
  }
  return next;
}
