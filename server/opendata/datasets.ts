// The open datasets Peron publishes: their metadata (titles, topic, schedule) and pure builders that turn real data
// (GTFS stops, the departures board, telemetry figures, regional feeds, download counts) into CSV/GeoJSON/JSON files.
// The hub builds the county's set; a site builds its own station's set from its feed and counters when none came.

import { localDate } from '../platform/time-zone.ts';
import { csvCell } from '../platform/csv.ts';

export { csvCell };

export const LANGS = ['cs', 'en', 'de', 'pl'] as const;
export type Lang = (typeof LANGS)[number];
export type L4 = Record<Lang, string>;
export type Format = 'CSV' | 'GEOJSON' | 'JSON';
export type Frequency = 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY';

export const MEDIA_TYPES: Record<Format, string> = { CSV: 'text/csv', GEOJSON: 'application/geo+json', JSON: 'application/json' };

export interface DatasetDef {
  slug: string;
  title: L4;
  description: L4;
  keywords: { cs: string[]; en: string[] };
  /** EU data-theme codes (http://publications.europa.eu/resource/authority/data-theme/…) */
  themes: string[];
  /** verified EuroVoc ids only (unknown ones are dropped silently by NKOD); 4512 = public transport */
  eurovoc: string[];
  frequency: Frequency;
  temporalResolution?: string;
  conformsTo?: string[];
  /** 'location': this station's data; 'county': the region's */
  scope: 'location' | 'county';
  /** a live API described as a dcat:DataService distribution (path on the public site, OpenAPI document path) */
  service?: { path: string; openapi: string; title: L4 };
}

export interface BuiltFile {
  name: string;
  format: Format;
  title: L4;
  body: Buffer;
  /** data rows (CSV without its header, GeoJSON features) */
  rows: number;
}

export interface BuiltDataset {
  slug: string;
  builtAt: number;
  /** first day the data covers, YYYY-MM-DD */
  temporalStart?: string;
  /** municipality or region RÚIAN IRI; default: the region */
  spatial?: string;
  files: BuiltFile[];
  /** the first rows of the first CSV, for the dataset page */
  preview?: { columns: string[]; rows: string[][] };
  /** source URLs of republished data (dct:source) */
  sources?: string[];
}

/** A dataset whose rows did not match its columns, or whose source failed: the last good build stays. */
export class DatasetBuildError extends Error {
  readonly slug: string;
  constructor(slug: string, message: string, opts?: { cause?: unknown }) {
    super(`dataset ${slug}: ${message}`, opts);
    this.name = 'DatasetBuildError';
    this.slug = slug;
  }
}

const l4 = (cs: string, en: string, de: string, pl: string): L4 => ({ cs, en, de, pl });

export const DATASETS: Record<string, DatasetDef> = {
  'zastavky-a-nastupiste': {
    slug: 'zastavky-a-nastupiste',
    title: l4('Zastávky a nástupiště nádraží', 'Stops and platforms of the stations', 'Haltestellen und Bahnsteige der Bahnhöfe', 'Przystanki i perony dworców'),
    description: l4(
      'Zastávky, nástupiště a stanoviště nádraží se souřadnicemi WGS 84, z jízdních řádů GTFS, které Peron používá.',
      'Stops, platforms and stands of the stations with WGS 84 coordinates, from the GTFS timetables Peron uses.',
      'Haltestellen, Bahnsteige und Steige der Bahnhöfe mit WGS-84-Koordinaten aus den GTFS-Fahrplänen, die Peron nutzt.',
      'Przystanki, perony i stanowiska dworców ze współrzędnymi WGS 84, z rozkładów GTFS używanych przez Peron.',
    ),
    keywords: { cs: ['zastávky', 'nástupiště', 'nádraží', 'GTFS'], en: ['stops', 'platforms', 'stations', 'GTFS'] },
    themes: ['TRAN'],
    eurovoc: ['4512'],
    frequency: 'DAILY',
    conformsTo: ['https://gtfs.org/documentation/schedule/reference/'],
    scope: 'location',
  },
  'odjezdy-7-dni': {
    slug: 'odjezdy-7-dni',
    title: l4('Plánované odjezdy na příštích 7 dní', 'Scheduled departures for the next 7 days', 'Geplante Abfahrten der nächsten 7 Tage', 'Planowane odjazdy na najbliższe 7 dni'),
    description: l4(
      'Všechny plánované odjezdy z nádraží na příštích 7 dní (sloupce jako /api/departures.csv) a živé API odjezdů.',
      'Every scheduled departure from the station for the next 7 days (the columns of /api/departures.csv) and the live departures API.',
      'Alle geplanten Abfahrten vom Bahnhof in den nächsten 7 Tagen (Spalten wie /api/departures.csv) und die Live-Abfahrts-API.',
      'Wszystkie planowane odjazdy z dworca na najbliższe 7 dni (kolumny jak /api/departures.csv) oraz API odjazdów na żywo.',
    ),
    keywords: { cs: ['odjezdy', 'jízdní řád', 'nádraží'], en: ['departures', 'timetable', 'station'] },
    themes: ['TRAN'],
    eurovoc: ['4512'],
    frequency: 'HOURLY',
    scope: 'location',
    service: {
      path: '/api/departures',
      openapi: '/data/odjezdy-7-dni/openapi.json',
      title: l4('API odjezdů Peron', 'Peron departures API', 'Peron-Abfahrts-API', 'API odjazdów Peron'),
    },
  },
  'wifi-vyuziti': {
    slug: 'wifi-vyuziti',
    title: l4('Využití veřejné Wi-Fi po hodinách', 'Public Wi-Fi use per hour', 'Nutzung des öffentlichen WLANs pro Stunde', 'Wykorzystanie publicznego Wi-Fi w godzinach'),
    description: l4(
      'Počty zobrazení portálu, připojení, relací RADIUS a přenesených oktetů za každou hodinu a nádraží. Jen počty, žádné identifikátory.',
      'Portal views, Connects, RADIUS sessions and octets per hour and station. Counts only, no identifiers of any kind.',
      'Portalaufrufe, Verbindungen, RADIUS-Sitzungen und Oktette pro Stunde und Bahnhof. Nur Zahlen, keine Kennungen.',
      'Wyświetlenia portalu, połączenia, sesje RADIUS i oktety na godzinę i dworzec. Tylko liczby, bez identyfikatorów.',
    ),
    keywords: { cs: ['Wi-Fi', 'nádraží', 'návštěvnost'], en: ['Wi-Fi', 'railway station', 'footfall'] },
    themes: ['TRAN', 'TECH'],
    eurovoc: ['4512'],
    frequency: 'HOURLY',
    temporalResolution: 'PT1H',
    scope: 'county',
  },
  'dostupnost-tabuli': {
    slug: 'dostupnost-tabuli',
    title: l4('Dostupnost odjezdových tabulí po dnech', 'Availability of the station displays per day', 'Verfügbarkeit der Abfahrtsanzeigen pro Tag', 'Dostępność tablic odjazdów w dniach'),
    description: l4(
      'Podíl hodin dne, za které nádraží poslalo stav tabulí, a průměrný počet tabulí v provozu (místní den Europe/Prague).',
      'Share of the hours of a day in which the station reported its displays, and the mean number of displays up (Europe/Prague local day).',
      'Anteil der Stunden eines Tages, in denen der Bahnhof seine Anzeigen meldete, und mittlere Zahl laufender Anzeigen (Ortstag Europe/Prague).',
      'Udział godzin dnia, w których dworzec zgłosił stan tablic, i średnia liczba działających tablic (dzień lokalny Europe/Prague).',
    ),
    keywords: { cs: ['odjezdové tabule', 'dostupnost', 'nádraží'], en: ['departure boards', 'availability', 'station'] },
    themes: ['TRAN', 'TECH'],
    eurovoc: ['4512'],
    frequency: 'DAILY',
    temporalResolution: 'P1D',
    scope: 'county',
  },
  'regionalni-informace': {
    slug: 'regionalni-informace',
    title: l4('Regionální informace (pohotovosti, akce)', 'Regional information (out-of-hours clinics, events)', 'Regionale Informationen (Bereitschaftsdienste, Veranstaltungen)', 'Informacje regionalne (dyżury, wydarzenia)'),
    description: l4(
      'Tabulky a události, které centrála stahuje z krajských zdrojů, znovu zveřejněné i se zdrojem, aby byly dostupné i bez internetu.',
      'The tables and events the hub fetches from regional sources, republished with their source so they stay available offline.',
      'Tabellen und Veranstaltungen aus regionalen Quellen, mit Quellenangabe neu veröffentlicht, damit sie auch offline verfügbar sind.',
      'Tabele i wydarzenia pobierane przez centralę ze źródeł regionalnych, ponownie opublikowane ze źródłem, by były dostępne offline.',
    ),
    keywords: { cs: ['pohotovost', 'události', 'kraj'], en: ['out-of-hours clinics', 'events', 'region'] },
    themes: ['REGI', 'HEAL'],
    eurovoc: [],
    frequency: 'DAILY',
    scope: 'county',
  },
  'statistika-stahovani': {
    slug: 'statistika-stahovani',
    title: l4('Statistika stahování otevřených dat', 'Open data download statistics', 'Download-Statistik der offenen Daten', 'Statystyka pobrań otwartych danych'),
    description: l4(
      'Počet stažení každé distribuce tohoto katalogu po měsících.',
      'Downloads of each distribution of this catalogue per month.',
      'Downloads jeder Distribution dieses Katalogs pro Monat.',
      'Liczba pobrań każdej dystrybucji tego katalogu w miesiącach.',
    ),
    keywords: { cs: ['otevřená data', 'stahování', 'statistika'], en: ['open data', 'downloads', 'statistics'] },
    themes: ['GOVE'],
    eurovoc: [],
    frequency: 'DAILY',
    temporalResolution: 'P1M',
    scope: 'county',
  },
};

// ---- CSV ----

/** RFC 4180; a leading = + - @ is prefixed so spreadsheets do not run it as a formula (as /api/departures.csv). */
/** Builds a CSV and refuses rows whose width differs from the header's (the error names the row). */
export function csvFile(slug: string, name: string, title: L4, columns: readonly string[], rows: unknown[][]): BuiltFile {
  const lines = [columns.map(csvCell).join(',')];
  rows.forEach((r, i) => {
    if (r.length !== columns.length) throw new DatasetBuildError(slug, `${name} row ${i + 1} has ${r.length} fields, the columns are ${columns.length} (${columns.join(', ')})`);
    lines.push(r.map(csvCell).join(','));
  });
  return { name, format: 'CSV', title, body: Buffer.from(lines.join('\r\n') + '\r\n', 'utf8'), rows: rows.length };
}

export function previewOf(columns: readonly string[], rows: unknown[][], n = 10) {
  return { columns: [...columns], rows: rows.slice(0, n).map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v)))) };
}

/** YYYY-MM-DD of an instant in a time zone (Europe/Prague days, not UTC). */
export function localDay(t: number, tz = 'Europe/Prague'): string {
  return localDate(t, tz);
}

// ---- builders ----

export interface StopRow {
  feed: string;
  id: string;
  name: string;
  locationType: number;
  parentId: string | null;
  platform: string | null;
  wheelchair: number;
  lat: number | null;
  lon: number | null;
}

const STOP_COLUMNS = ['feed', 'stop_id', 'stop_name', 'location_type', 'parent_station', 'platform_code', 'wheelchair_boarding', 'stop_lat', 'stop_lon'] as const;

export function buildStops(stops: StopRow[], builtAt: number): BuiltDataset {
  const slug = 'zastavky-a-nastupiste';
  const rows = stops.map((s) => [s.feed, s.id, s.name, s.locationType, s.parentId ?? '', s.platform ?? '', s.wheelchair, s.lat ?? '', s.lon ?? '']);
  const csv = csvFile(slug, 'zastavky.csv', l4('Zastávky (CSV)', 'Stops (CSV)', 'Haltestellen (CSV)', 'Przystanki (CSV)'), STOP_COLUMNS, rows);
  const features = stops
    .filter((s) => s.lat !== null && s.lon !== null)
    .map((s) => ({
      type: 'Feature',
      id: `${s.feed}:${s.id}`,
      geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
      properties: { feed: s.feed, stop_id: s.id, stop_name: s.name, location_type: s.locationType, parent_station: s.parentId, platform_code: s.platform, wheelchair_boarding: s.wheelchair },
    }));
  const geo: BuiltFile = {
    name: 'zastavky.geojson',
    format: 'GEOJSON',
    title: l4('Zastávky (GeoJSON)', 'Stops (GeoJSON)', 'Haltestellen (GeoJSON)', 'Przystanki (GeoJSON)'),
    body: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }), 'utf8'),
    rows: features.length,
  };
  return { slug, builtAt, files: [csv, geo], preview: previewOf(STOP_COLUMNS, rows) };
}

export const DEPARTURE_COLUMNS = ['scheduled', 'predicted', 'minutes', 'delay_seconds', 'realtime', 'line', 'mode', 'headsign', 'platform', 'stop_id', 'stop_name', 'feed', 'trip_id', 'cancelled', 'skipped', 'added', 'wheelchair'] as const;

export interface DepartureLike {
  scheduled: string; predicted: string | null; minutes: number; delaySeconds: number | null; realtime: boolean;
  line: { shortName: string; mode: string }; headsign: string; platform: string | null; stopId: string; stopName: string;
  feed: string; tripId: string; cancelled: boolean; skipped: boolean; added: boolean; wheelchair: string;
}

/** Scheduled departures only: the 7-day file is a timetable, realtime stays in the live API. */
export function buildDepartures(deps: DepartureLike[], builtAt: number): BuiltDataset {
  const slug = 'odjezdy-7-dni';
  const rows = deps.map((d) => [d.scheduled, '', '', '', false, d.line.shortName, d.line.mode, d.headsign, d.platform, d.stopId, d.stopName, d.feed, d.tripId, false, false, d.added, d.wheelchair]);
  const csv = csvFile(slug, 'odjezdy.csv', l4('Odjezdy na 7 dní (CSV)', 'Departures for 7 days (CSV)', 'Abfahrten für 7 Tage (CSV)', 'Odjazdy na 7 dni (CSV)'), DEPARTURE_COLUMNS, rows);
  return { slug, builtAt, temporalStart: localDay(builtAt), files: [csv], preview: previewOf(DEPARTURE_COLUMNS, rows) };
}

export interface UsageRow {
  locationId: string;
  /** ISO hour start, UTC */
  hour: string;
  portalViews: number;
  connects: number;
  radiusAccepts: number;
  acctRecords: number;
  acctInputOctets: number;
  acctOutputOctets: number;
  displaysUp: number;
}

const WIFI_COLUMNS = ['hour_utc', 'local_day', 'location', 'portal_views', 'connects', 'radius_sessions', 'accounting_records', 'octets_in', 'octets_out'] as const;

export function buildWifiUsage(rows: UsageRow[], builtAt: number): BuiltDataset {
  const slug = 'wifi-vyuziti';
  const sorted = [...rows].sort((a, b) => a.hour.localeCompare(b.hour) || a.locationId.localeCompare(b.locationId));
  const out = sorted.map((r) => [r.hour, localDay(Date.parse(r.hour)), r.locationId, r.portalViews, r.connects, r.radiusAccepts, r.acctRecords, r.acctInputOctets, r.acctOutputOctets]);
  const csv = csvFile(slug, 'wifi-vyuziti.csv', l4('Využití Wi-Fi po hodinách (CSV)', 'Wi-Fi use per hour (CSV)', 'WLAN-Nutzung pro Stunde (CSV)', 'Wykorzystanie Wi-Fi w godzinach (CSV)'), WIFI_COLUMNS, out);
  return { slug, builtAt, temporalStart: sorted[0] ? localDay(Date.parse(sorted[0].hour)) : localDay(builtAt), files: [csv], preview: previewOf(WIFI_COLUMNS, out) };
}

const DISPLAY_COLUMNS = ['local_day', 'location', 'hours_reported', 'share_reported', 'displays_up_mean'] as const;

export function buildDisplayAvailability(rows: UsageRow[], builtAt: number): BuiltDataset {
  const slug = 'dostupnost-tabuli';
  const days = new Map<string, { day: string; loc: string; hours: number; up: number }>();
  for (const r of rows) {
    const day = localDay(Date.parse(r.hour));
    const k = `${day}\t${r.locationId}`;
    const d = days.get(k) ?? { day, loc: r.locationId, hours: 0, up: 0 };
    d.hours++;
    d.up += r.displaysUp;
    days.set(k, d);
  }
  const out = [...days.values()].sort((a, b) => a.day.localeCompare(b.day) || a.loc.localeCompare(b.loc)).map((d) => [d.day, d.loc, d.hours, (Math.min(24, d.hours) / 24).toFixed(3), (d.up / d.hours).toFixed(2)]);
  const csv = csvFile(slug, 'dostupnost-tabuli.csv', l4('Dostupnost tabulí po dnech (CSV)', 'Display availability per day (CSV)', 'Anzeigenverfügbarkeit pro Tag (CSV)', 'Dostępność tablic w dniach (CSV)'), DISPLAY_COLUMNS, out);
  return { slug, builtAt, temporalStart: out[0] ? String(out[0][0]) : localDay(builtAt), files: [csv], preview: previewOf(DISPLAY_COLUMNS, out) };
}

/** Republishes the regional feed files (JSON) as they were fetched; `sources` are the feeds' URLs (dct:source). */
export function buildRegional(files: Record<string, Buffer>, sources: string[], builtAt: number): BuiltDataset {
  const slug = 'regionalni-informace';
  const out: BuiltFile[] = [];
  for (const [name, body] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw new DatasetBuildError(slug, `${name} is not JSON`, { cause: err });
    }
    const base = name.replace(/^.*\//, '').replace(/\.json$/, '').replace(/[^a-z0-9-]/gi, '-').toLowerCase();
    const n = Array.isArray(parsed) ? parsed.length : Array.isArray((parsed as { items?: unknown[] })?.items) ? (parsed as { items: unknown[] }).items.length : 1;
    out.push({ name: `${base}.json`, format: 'JSON', title: l4(`${base} (JSON)`, `${base} (JSON)`, `${base} (JSON)`, `${base} (JSON)`), body, rows: n });
  }
  if (!out.length) throw new DatasetBuildError(slug, 'no regional feed has delivered a file yet');
  return { slug, builtAt, files: out, sources };
}

export interface DownloadCount {
  /** YYYY-MM (Europe/Prague) */
  month: string;
  dataset: string;
  distribution: string;
  downloads: number;
}

const DOWNLOAD_COLUMNS = ['month', 'dataset', 'distribution', 'downloads'] as const;

export function buildDownloadStats(rows: DownloadCount[], builtAt: number): BuiltDataset {
  const slug = 'statistika-stahovani';
  const out = [...rows].sort((a, b) => a.month.localeCompare(b.month) || a.dataset.localeCompare(b.dataset) || a.distribution.localeCompare(b.distribution)).map((r) => [r.month, r.dataset, r.distribution, r.downloads]);
  const csv = csvFile(slug, 'stahovani.csv', l4('Stažení po měsících (CSV)', 'Downloads per month (CSV)', 'Downloads pro Monat (CSV)', 'Pobrania w miesiącach (CSV)'), DOWNLOAD_COLUMNS, out);
  return { slug, builtAt, temporalStart: out[0] ? `${out[0][0]}-01` : localDay(builtAt), files: [csv], preview: previewOf(DOWNLOAD_COLUMNS, out) };
}
