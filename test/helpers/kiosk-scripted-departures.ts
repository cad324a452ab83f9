// A DeparturesService for board tests and the benchmark: boards set by the test, onChange fired on demand.
// It stands in for the departures engine only; the site server, ws, SQLite and Chromium stay real.
import type { Board, ChangeEvent, Departure, DeparturesService } from '../../server/departures/types.ts';
import { completeBoard, completeDeparture } from '../../server/departures/shapes.ts';

export interface ScriptedDepartures extends DeparturesService {
  /** replaces the board and fires onChange (like a realtime update arriving) */
  set(board: Partial<Omit<Board, 'departures'>> & { departures: Departure[] }): void;
  fire(): void;
  calls: number;
}

export function scriptedDepartures(initial?: Partial<Board>): ScriptedDepartures {
  let board: Board = completeBoard({ generatedAt: new Date().toISOString(), departures: [], notices: [], live: true, ...initial });
  let version = 0;
  const listeners = new Set<(e: ChangeEvent) => void>();
  const svc: ScriptedDepartures = {
    calls: 0,
    board() {
      svc.calls++;
      return board;
    },
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    set(b) {
      board = completeBoard({ generatedAt: new Date().toISOString(), notices: [], live: true, ...b });
      svc.fire();
    },
    fire() {
      version++;
      for (const fn of listeners) fn({ reason: 'realtime', dataVersion: version });
    },
  };
  return svc;
}

/** A departure `minutes` from `now`, with optional delay (minutes) and cancellation. */
export function departure(now: number, minutes: number, o: { line?: string; headsign?: string; platform?: string | null; delay?: number | null; cancelled?: boolean; trip?: string } = {}): Departure {
  const scheduled = new Date(Math.floor((now + minutes * 60_000) / 60_000) * 60_000);
  const delay = o.delay === undefined ? 0 : o.delay;
  const predicted = new Date(scheduled.getTime() + (delay ?? 0) * 60_000);
  return completeDeparture({
    feed: 'test',
    tripId: o.trip ?? `trip-${o.line ?? 'R14'}-${scheduled.getTime()}`,
    stopId: 'stop-1',
    stopName: 'Liberec',
    platform: o.platform === undefined ? '1' : o.platform,
    line: { shortName: o.line ?? 'R14', mode: 'train' },
    headsign: o.headsign ?? 'Pardubice hl.n.',
    scheduled: scheduled.toISOString(),
    predicted: predicted.toISOString(),
    delaySeconds: delay === null ? null : delay * 60,
    cancelled: o.cancelled ?? false,
    skipped: false,
    wheelchair: 'unknown',
    alerts: [],
  }, now);
}
