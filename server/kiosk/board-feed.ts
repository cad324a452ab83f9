// Turns the departures board and the location content into the compact payloads the display boards receive.
import { createHash } from 'node:crypto';
import { rowModel, type Board } from '../departures/index.ts';
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

/** The board payload: the rows of departures/row-view.ts `rowModel`, under the board channel's field names. */
export function departuresPayload(board: Board): DeparturesPayload {
  const rows: BoardRow[] = board.departures
    .filter((d) => !d.skipped)
    .map(rowModel)
    .map((m) => ({
      id: m.id,
      line: m.line,
      mode: m.mode,
      color: m.color,
      headsign: m.destination,
      ...(m.via.length ? { via: m.via } : {}),
      platform: m.platform,
      scheduled: m.planned,
      predicted: m.expected,
      delayMin: m.delayMin,
      cancelled: m.cancelled,
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
