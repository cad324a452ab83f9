// What the county feed profile looks like now, for the admin page, the fleet page, /metrics and the log: per feed its
// calendar's last day and how many days are left, when it is next refreshed, and whether it warrants a warning
// (runs out within hub.feedWarningDays, has run out, or its last refresh failed).
import { localParts } from '../platform/time-zone.ts';
import type { HubFeed } from './config.ts';
import type { FeedState } from './feed-store.ts';

const DAY = 86_400_000;

export interface FeedStatus {
  id: string;
  source: string;
  licence: string;
  locations: string[];
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  nextRefreshAt: number;
  firstDate: string | null;
  lastDate: string | null;
  /** days from today (Europe/Prague) to the calendar's last day: 0 = its last day is today, < 0 = ended; null = no good feed */
  daysLeft: number | null;
  lastError: FeedState['lastError'];
  running: boolean;
  queued: boolean;
  /** 'failed' (last refresh failed), 'none' (never a good feed), 'ended', 'ending' (within the warning days), or null */
  warning: 'failed' | 'none' | 'ended' | 'ending' | null;
}

/** a date (YYYY-MM-DD or YYYYMMDD) → days from the local date of `now` */
export function daysUntil(date: string, now: number, tz = 'Europe/Prague'): number {
  const p = localParts(tz, now);
  const yyyymmdd = date.replace(/-/g, '');
  const end = Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8)));
  return Math.round((end - Date.UTC(p.y, p.m - 1, p.d)) / DAY);
}

export function feedStatuses(o: {
  feeds: HubFeed[];
  states: FeedState[];
  now: number;
  warningDays: number;
  nextAt: (f: HubFeed, lastAttemptAt: number | null, failed: boolean) => number;
  busy: { running: string | null; waiting: string[] };
}): FeedStatus[] {
  const byId = new Map(o.states.map((s) => [s.id, s]));
  return o.feeds.map((f) => {
    const s = byId.get(f.id) ?? { id: f.id, lastAttemptAt: null, lastGood: null, lastError: null };
    const daysLeft = s.lastGood?.lastDate ? daysUntil(s.lastGood.lastDate, o.now) : null;
    const warning = s.lastError ? 'failed' : daysLeft === null ? (s.lastAttemptAt === null ? null : 'none') : daysLeft < 0 ? 'ended' : daysLeft < o.warningDays ? 'ending' : null;
    return {
      id: f.id,
      source: f.source,
      licence: f.licence,
      locations: f.locations,
      lastAttemptAt: s.lastAttemptAt,
      lastSuccessAt: s.lastGood?.at ?? null,
      nextRefreshAt: o.nextAt(f, s.lastAttemptAt, s.lastError !== null),
      firstDate: s.lastGood?.firstDate ?? null,
      lastDate: s.lastGood?.lastDate ?? null,
      daysLeft,
      lastError: s.lastError,
      running: o.busy.running === f.id,
      queued: o.busy.waiting.includes(f.id),
      warning,
    };
  });
}
