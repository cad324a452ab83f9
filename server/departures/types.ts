// The departures service contract used by the portal, the JSON API and the display boards.
export type Mode = 'train' | 'bus' | 'tram' | 'trolleybus' | 'metro' | 'ferry' | 'cablecar' | 'other';

export interface Departure {
  feed: string;
  tripId: string;
  stopId: string;
  stopName: string;
  platform: string | null;
  line: { shortName: string; longName?: string; mode: Mode; color?: string; textColor?: string };
  headsign: string;
  /** ISO 8601 with offset */
  scheduled: string;
  predicted: string;
  /** seconds; null when there is no live data for this trip */
  delaySeconds: number | null;
  cancelled: boolean;
  skipped: boolean;
  wheelchair: 'accessible' | 'inaccessible' | 'unknown';
  alerts: { header: string; description?: string }[];
}

export interface Board {
  generatedAt: string;
  departures: Departure[];
  /** e.g. "feed cd ends in 3 days", "no service today" — never an unexplained empty board */
  notices: string[];
  /** true when at least one configured realtime feed is fresh */
  live: boolean;
}

export interface BoardQuery {
  /** defaults to the current location's stations */
  stations?: { feed: string; stopIds: string[] }[];
  at?: Date;
  limit?: number;
  lines?: string[];
  modes?: Mode[];
  platforms?: string[];
  onePerLine?: boolean;
  windowMinutes?: number;
}

export interface DeparturesService {
  board(query?: BoardQuery): Board;
  /** Called when timetable or realtime data changed (for pushing to display boards). */
  onChange(fn: () => void): () => void;
}
