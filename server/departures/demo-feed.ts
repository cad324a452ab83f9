// The bundled demo timetable: a small Liberec-flavoured GTFS feed made for the project (not real timetables),
// generated at start-up with its calendar around today so `npm start` always shows departures.
import { createHash } from 'node:crypto';
import { formatGtfsDate, formatGtfsTime } from './time.ts';

export const DEMO_FEED_ID = 'demo';

/** Station ids of the demo feed that the shipped locations point at. */
export const DEMO_STATIONS = {
  'liberec-hlavni-nadrazi': ['LBC', 'LBT'],
  'liberec-autobusove-nadrazi': ['LBA', 'LFU'],
  'jablonec-nad-nisou': ['JBC', 'JBA'],
  'ceska-lipa-hlavni-nadrazi': ['CLC', 'CLA'],
} as const;

type StopDef = [id: string, name: string, type: 0 | 1, parent: string, platform: string, wheelchair: number];

const stations: [string, string, string[]][] = [
  ['LBC', 'Liberec, hlavní nádraží', ['1', '2', '3', '4']],
  ['LBT', 'Liberec, Nádraží (tram)', ['A', 'B']],
  ['LBA', 'Liberec, autobusové nádraží', ['1', '2', '3', '4', '5', '6']],
  ['LFU', 'Liberec, Fügnerova', ['A', 'B']],
  ['JBC', 'Jablonec nad Nisou, nádraží', ['1', '2']],
  ['JBA', 'Jablonec nad Nisou, autobusové nádraží', ['1', '2', '3']],
  ['CLC', 'Česká Lípa, hlavní nádraží', ['1', '2', '3']],
  ['CLA', 'Česká Lípa, autobusové nádraží', ['1', '2', '3', '4']],
];
/** Approximate WGS 84 positions of the demo stations (made for the demo, like the timetable); platforms are laid
 * out from them in a row 30 m apart, so the open-data stops set and the station plan have real geometry. */
const stationAt: Record<string, [lat: number, lon: number]> = {
  LBC: [50.7625, 15.0466], LBT: [50.7632, 15.0478], LBA: [50.7619, 15.0496], LFU: [50.7666, 15.0549],
  JBC: [50.7222, 15.1705], JBA: [50.7235, 15.1689], CLC: [50.6806, 14.5399], CLA: [50.6812, 14.5417],
};

const plain: [string, string][] = [
  ['TUR', 'Turnov'], ['PAR', 'Pardubice hl.n.'], ['DEC', 'Děčín hl.n.'], ['TAN', 'Tanvald'], ['ZIT', 'Zittau'],
  ['HRA', 'Hrádek nad Nisou'], ['PRG', 'Praha, Černý Most'], ['FRY', 'Frýdlant v Čechách'], ['HHA', 'Liberec, Horní Hanychov'],
  ['DHA', 'Liberec, Dolní Hanychov'], ['LSA', 'Liberec, Lidové sady'], ['VIA', 'Liberec, Viadukt'], ['JMS', 'Jablonec n.N., Mšeno'],
  ['NOV', 'Nový Bor'], ['MIM', 'Mimoň'], ['ZEL', 'Železný Brod'],
];

const routes: [id: string, agency: string, short: string, long: string, type: number, color: string][] = [
  ['R14', 'CD', 'R14', 'Liberec – Turnov – Pardubice', 2, '1B5FAA'],
  ['L1', 'CD', 'L1', 'Liberec – Česká Lípa – Děčín', 2, '1B5FAA'],
  ['L2', 'CD', 'L2', 'Liberec – Jablonec n.N. – Tanvald', 2, '1B5FAA'],
  ['L7', 'TLX', 'L7', 'Liberec – Hrádek n.N. – Zittau (Trilex)', 2, '00A0E1'],
  ['B540', 'BUS', '540', 'Liberec – Jablonec nad Nisou', 3, 'B5121B'],
  ['B640', 'BUS', '640', 'Liberec – Česká Lípa', 3, 'B5121B'],
  ['B690', 'BUS', '690', 'Liberec – Frýdlant', 3, 'B5121B'],
  ['B400', 'BUS', '400', 'Liberec – Praha', 3, '6B3FA0'],
  ['N1', 'BUS', 'N1', 'Noční Liberec – Jablonec', 3, '222222'],
  ['B250', 'BUS', '250', 'Česká Lípa – Nový Bor', 3, 'B5121B'],
  ['B260', 'BUS', '260', 'Česká Lípa – Mimoň', 3, 'B5121B'],
  ['T2', 'DPMLJ', '2', 'Dolní Hanychov – Lidové sady', 0, 'E30613'],
  ['T3', 'DPMLJ', '3', 'Horní Hanychov – Viadukt', 0, 'E30613'],
  ['T11', 'DPMLJ', '11', 'Liberec, Fügnerova – Jablonec n.N., Mšeno', 0, 'E30613'],
];

// route, service, [stop, minutes from the first stop], first and last start (HH:MM), every (min); a reverse run too
interface LineDef { route: string; service: 'D' | 'W' | 'S'; stops: [string, number][]; first: string; last: string; every: number; headsign: string; backHeadsign: string; reverse?: boolean; frequency?: boolean; stopHeadsign?: [string, string] }
const lines: LineDef[] = [
  { route: 'R14', service: 'D', stops: [['LBC1', 0], ['TUR', 35], ['PAR', 150]], first: '05:12', last: '19:12', every: 120, headsign: 'Pardubice hl.n.', backHeadsign: 'Liberec' },
  { route: 'L1', service: 'D', stops: [['LBC2', 0], ['CLC1', 75], ['DEC', 130]], first: '05:05', last: '21:05', every: 60, headsign: 'Děčín hl.n.', backHeadsign: 'Liberec' },
  { route: 'L2', service: 'D', stops: [['LBC3', 0], ['JBC1', 20], ['TAN', 50]], first: '04:50', last: '22:50', every: 60, headsign: 'Tanvald', backHeadsign: 'Liberec', stopHeadsign: ['LBC3', 'Tanvald přes Jablonec n.N.'] },
  { route: 'L7', service: 'D', stops: [['LBC4', 0], ['HRA', 25], ['ZIT', 40]], first: '06:28', last: '20:28', every: 120, headsign: 'Zittau', backHeadsign: 'Liberec' },
  { route: 'B540', service: 'D', stops: [['LBA1', 0], ['JBA1', 25]], first: '05:00', last: '22:30', every: 30, headsign: 'Jablonec nad Nisou', backHeadsign: 'Liberec' },
  { route: 'B640', service: 'W', stops: [['LBA2', 0], ['CLA1', 70]], first: '05:40', last: '19:40', every: 120, headsign: 'Česká Lípa', backHeadsign: 'Liberec' },
  { route: 'B690', service: 'D', stops: [['LBA3', 0], ['FRY', 45]], first: '05:15', last: '22:15', every: 60, headsign: 'Frýdlant', backHeadsign: 'Liberec' },
  { route: 'B400', service: 'D', stops: [['LBA5', 0], ['PRG', 70]], first: '05:30', last: '21:30', every: 60, headsign: 'Praha, Černý Most', backHeadsign: 'Liberec' },
  { route: 'N1', service: 'D', stops: [['LBA6', 0], ['JBA2', 25]], first: '23:45', last: '25:45', every: 60, headsign: 'Jablonec nad Nisou', backHeadsign: 'Liberec' },
  { route: 'B250', service: 'D', stops: [['CLA2', 0], ['NOV', 25]], first: '05:10', last: '22:10', every: 60, headsign: 'Nový Bor', backHeadsign: 'Česká Lípa' },
  { route: 'B260', service: 'W', stops: [['CLA3', 0], ['MIM', 30]], first: '06:20', last: '20:20', every: 120, headsign: 'Mimoň', backHeadsign: 'Česká Lípa' },
  { route: 'T3', service: 'W', stops: [['HHA', 0], ['LBTA', 12], ['LFUA', 16], ['VIA', 20]], first: '04:30', last: '23:30', every: 10, headsign: 'Viadukt', backHeadsign: 'Horní Hanychov' },
  { route: 'T3', service: 'S', stops: [['HHA', 0], ['LBTA', 12], ['LFUA', 16], ['VIA', 20]], first: '05:00', last: '23:30', every: 15, headsign: 'Viadukt', backHeadsign: 'Horní Hanychov' },
  { route: 'T2', service: 'D', stops: [['DHA', 0], ['LFUB', 14], ['LSA', 24]], first: '05:00', last: '23:00', every: 12, headsign: 'Lidové sady', backHeadsign: 'Dolní Hanychov', frequency: true },
  { route: 'T11', service: 'D', stops: [['LFUB', 0], ['JMS', 35]], first: '04:45', last: '23:15', every: 15, headsign: 'Jablonec n.N., Mšeno', backHeadsign: 'Liberec, Fügnerova' },
];

const hm = (s: string) => { const [h, m] = s.split(':').map(Number); return h * 3600 + m * 60; };

function csv(rows: (string | number)[][]): string {
  return rows.map((r) => r.map((v) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v))).join(',')).join('\n') + '\n';
}

/** The demo feed's files with its calendar running from a week before `today` (a day number) to 120 days after. */
export function demoFeedFiles(today: number): Record<string, string> {
  const stops: StopDef[] = [];
  for (const [id, name, plats] of stations) {
    stops.push([id, name, 1, '', '', 1]);
    plats.forEach((p, i) => stops.push([`${id}${id === 'LBT' || id === 'LFU' ? p : i + 1}`, name, 0, id, p, 1]));
  }
  for (const [id, name] of plain) stops.push([id, name, 0, '', '', 0]);
  const placed = stops.map((st) => {
    const base = stationAt[st[3] || st[0]];
    if (!base) return [...st, '', ''];
    const k = st[3] ? stops.filter((o) => o[3] === st[3]).indexOf(st) + 1 : 0;
    // 30 m steps east and a little south: 1° lat ≈ 111.2 km, 1° lon ≈ 70.4 km at 50.7° N
    return [...st, (base[0] - (k * 8) / 111_200).toFixed(6), (base[1] + (k * 30) / 70_400).toFixed(6)];
  });
  const trips: (string | number)[][] = [['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'wheelchair_accessible', 'trip_short_name']];
  const stopTimes: (string | number)[][] = [['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence', 'pickup_type', 'drop_off_type', 'stop_headsign']];
  const freqs: (string | number)[][] = [['trip_id', 'start_time', 'end_time', 'headway_secs', 'exact_times']];
  let n = 0;
  for (const l of lines) {
    for (const dir of [0, 1]) {
      const seq = dir === 0 ? l.stops : [...l.stops].reverse().map(([s, m]): [string, number] => [s === 'JBC1' ? 'JBC2' : s === 'LFUA' ? 'LFUB' : s === 'LBTA' ? 'LBTB' : s, l.stops[l.stops.length - 1][1] - m]);
      const starts = l.frequency ? [hm(l.first)] : Array.from({ length: Math.floor((hm(l.last) - hm(l.first)) / (l.every * 60)) + 1 }, (_, i) => hm(l.first) + i * l.every * 60);
      for (const s0 of starts) {
        const id = `${l.route}-${l.service}-${dir}-${formatGtfsTime(s0).slice(0, 5).replace(':', '')}`;
        const start = s0 + (dir === 1 ? 7 * 60 + (l.stops[l.stops.length - 1][1] % 60) : 0);
        trips.push([l.route, l.service, id, dir === 0 ? l.headsign : l.backHeadsign, dir, l.route.startsWith('T') ? (n++ % 3 === 2 ? 2 : 1) : 1, l.route.startsWith('T') || l.route.startsWith('B') ? '' : `${l.route === 'R14' ? 'R' : 'Os'} ${1000 + (n++ % 900)}`]);
        seq.forEach(([stop, m], i) => {
          const t = formatGtfsTime(start + m * 60);
          const hs = l.stopHeadsign && dir === 0 && l.stopHeadsign[0] === stop ? l.stopHeadsign[1] : '';
          stopTimes.push([id, t, t, stop, i + 1, i === seq.length - 1 ? 1 : 0, i === 0 ? 1 : 0, hs]);
        });
        if (l.frequency) freqs.push([id, formatGtfsTime(start), formatGtfsTime(hm(l.last) + (dir === 1 ? 7 * 60 : 0) + 60), l.every * 60, 1]);
      }
    }
  }
  const from = formatGtfsDate(today - 7), to = formatGtfsDate(today + 120);
  return {
    'agency.txt': csv([
      ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang'],
      ['CD', 'České dráhy, a.s.', 'https://www.cd.cz/', 'Europe/Prague', 'cs'],
      ['TLX', 'Die Länderbahn GmbH DLB (Trilex)', 'https://www.trilex.de/', 'Europe/Prague', 'cs'],
      ['BUS', 'Autobusy Libereckého kraje, demo', 'https://www.iidol.cz/', 'Europe/Prague', 'cs'],
      ['DPMLJ', 'Dopravní podnik měst Liberce a Jablonce nad Nisou, a.s.', 'https://www.dpmlj.cz/', 'Europe/Prague', 'cs'],
    ]),
    'stops.txt': csv([['stop_id', 'stop_name', 'location_type', 'parent_station', 'platform_code', 'wheelchair_boarding', 'stop_lat', 'stop_lon'], ...placed]),
    'routes.txt': csv([['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type', 'route_color', 'route_text_color'], ...routes.map((r) => [...r, 'FFFFFF'])]),
    'calendar.txt': csv([
      ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'],
      ['D', 1, 1, 1, 1, 1, 1, 1, from, to],
      ['W', 1, 1, 1, 1, 1, 0, 0, from, to],
      ['S', 0, 0, 0, 0, 0, 1, 1, from, to],
    ]),
    'trips.txt': csv(trips),
    'stop_times.txt': csv(stopTimes),
    'frequencies.txt': csv(freqs),
    'feed_info.txt': csv([['feed_publisher_name', 'feed_publisher_url', 'feed_lang', 'feed_start_date', 'feed_end_date', 'feed_version'], ['Peron demo', 'https://www.kraj-lbc.cz/', 'cs', from, to, 'demo-1']]),
  };
}

/** Changes when the template or the date range changes, so the demo is imported again only then. */
export function demoSignature(today: number): string {
  return 'demo-' + createHash('sha256').update(JSON.stringify(lines) + JSON.stringify(routes) + JSON.stringify(stations)).digest('hex').slice(0, 12) + '-' + (today - (today % 7));
}
