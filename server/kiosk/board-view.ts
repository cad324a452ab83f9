// The server-rendered first paint of a board: the same rows, times and labels the client later keeps live,
// so the page is useful before (or without) JavaScript.
import type { I18n, Lang } from '../platform/i18n.ts';
import type { Location } from '../content/index.ts';
import type { KioskConfig } from './config.ts';
import type { AnnouncementPayload, DeparturesPayload } from './board-feed.ts';
import type { EmergencyView } from './emergency.ts';
// the board's own browser modules, so the first paint and the live board draw a row the same way
import { timeFormatter } from '../../kiosk-client/server-clock.js';
import { rowText, visibleRows } from '../../kiosk-client/row-text.js';

export type DisplayConfig = Location['displays'][number];

/** Strings the client needs in each of the display's languages (raw, with {{n}}/{{time}} placeholders). */
const CLIENT_KEYS = [
  'board.inMinutes', 'board.now', 'board.onTime', 'board.delayMinutes', 'board.cancelled', 'board.noDepartures',
  'board.timetableOnly', 'board.via', 'status.notLiveSince', 'status.unavailable', 'status.unavailableHint', 'emergency.heading',
  'identify.label', 'speech.shown',
] as const;
const SPEECH_KEYS = ['speech.intro', 'speech.row', 'speech.delay', 'speech.platform', 'speech.cancelled', 'speech.empty', 'speech.end', 'speech.minutes.one', 'speech.minutes.few', 'speech.minutes.other'] as const;

export { timeFormatter };

export interface BoardPageInput {
  displayId: string;
  display: DisplayConfig;
  location: Readonly<Location>;
  contentVersion: string;
  clientVersion: string;
  cfg: KioskConfig;
  now: number;
  departures: DeparturesPayload;
  announcements: AnnouncementPayload[];
  emergency: EmergencyView | null;
  i18n: I18n;
}

export function boardPageContext(p: BoardPageInput) {
  const langs = p.display.languages as Lang[];
  const primary = langs[0];
  const t = (key: string, vars?: Record<string, unknown>, lang: Lang = primary) => p.i18n.t(lang, `kiosk:${key}`, vars);
  const fmt = timeFormatter(p.location.timezone);
  const maxRows = p.cfg.rows[p.display.layout];
  const rows = visibleRows(p.departures.rows, p.now, maxRows).map((r) => rowText(r, p.now, { fmt, t }));
  const strings: Record<string, Record<string, string>> = {};
  for (const l of langs) {
    strings[l] = Object.fromEntries(CLIENT_KEYS.map((k) => [k, p.i18n.t(l, `kiosk:${k}`, { skipInterpolation: true })]));
  }
  const speech = Object.fromEntries(SPEECH_KEYS.map((k) => [k, p.i18n.t('cs', `kiosk:${k}`, { skipInterpolation: true })]));
  const label = (key: string) => langs.map((l) => ({ lang: l, text: t(key, undefined, l) }));
  const stationName = p.location.names[primary] ?? p.location.names.cs;
  const bootstrap = {
    displayId: p.displayId,
    display: p.display,
    timezone: p.location.timezone,
    station: { cs: p.location.names.cs },
    contentVersion: p.contentVersion,
    clientVersion: p.clientVersion,
    serverTime: p.now,
    config: {
      notLiveAfterSeconds: p.cfg.notLiveAfterSeconds,
      unavailableAfterSeconds: p.cfg.unavailableAfterSeconds,
      heartbeatSeconds: p.cfg.heartbeatSeconds,
      reconnectMaxSeconds: p.cfg.reconnectMaxSeconds,
      staleReloadSeconds: p.cfg.staleReloadSeconds,
      nightlyReloadAt: p.cfg.nightlyReloadAt,
      pixelShiftPx: p.cfg.pixelShiftPx,
      pixelShiftSeconds: p.cfg.pixelShiftSeconds,
      rows: maxRows,
    },
    departures: p.departures,
    announcements: p.announcements,
    emergency: p.emergency,
    strings,
    speech,
  };
  const ann = p.announcements[0];
  return {
    lang: primary,
    langs,
    stationName,
    display: p.display,
    rotationClass: `rot-${p.display.rotation}`,
    clock: fmt(p.now),
    rows,
    live: p.departures.live,
    notices: p.departures.notices,
    announcement: ann ? { text: ann.text[primary] ?? ann.text.cs, priority: ann.priority } : null,
    emergency: p.emergency ? langs.map((l) => ({ lang: l, heading: t('emergency.heading', undefined, l), text: p.emergency!.text[l] ?? p.emergency!.text.cs })) : null,
    labels: {
      heading: label('board.heading'),
      line: label('board.line'),
      destination: label('board.destination'),
      platform: label('board.platform'),
      departure: label('board.departure'),
      delay: label('board.delay'),
      clock: t('board.clock'),
      ticker: t('board.ticker'),
    },
    noDepartures: label('board.noDepartures'),
    timetableOnly: label('board.timetableOnly'),
    bootstrap,
  };
}
