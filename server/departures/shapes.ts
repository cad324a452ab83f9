// Whole Board and Departure values from their core fields, for producers other than the engine: a consumer's
// fallback when the engine fails, and test doubles of the DeparturesService.
import type { Board, Departure } from './types.ts';

type CoreDeparture = Omit<Departure, 'minutes' | 'realtime' | 'added' | 'approximate' | 'stationId' | 'stationName' | 'tripShortName' | 'direction' | 'serviceDate' | 'firstStop' | 'via' | 'origin' | 'kind'> & Partial<Departure>;
type CoreBoard = Pick<Board, 'generatedAt' | 'notices' | 'live'> & { departures: CoreDeparture[] } & Partial<Omit<Board, 'departures'>>;

export function completeDeparture(d: CoreDeparture, now = Date.parse(d.scheduled)): Departure {
  const predicted = Date.parse(d.predicted);
  return {
    minutes: Math.max(0, Math.floor((predicted - now) / 60_000)),
    realtime: d.delaySeconds !== null,
    added: false,
    approximate: false,
    stationId: null,
    stationName: null,
    tripShortName: null,
    direction: null,
    serviceDate: d.scheduled.slice(0, 10).replace(/-/g, ''),
    firstStop: false,
    via: [],
    origin: '',
    kind: 'departure',
    ...d,
  };
}

export function completeBoard(b: CoreBoard): Board {
  const now = Date.parse(b.generatedAt);
  return {
    at: b.generatedAt,
    noticeDetails: [],
    stops: [],
    alerts: [],
    dataVersion: 0,
    ...b,
    departures: b.departures.map((d) => completeDeparture(d, Number.isFinite(now) ? now : undefined)),
  };
}
