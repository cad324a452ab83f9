// Trims a GTFS feed to what a county's stations need: their stops, every trip serving them with its full stop
// sequence (so "via" and the last stop stay right), and those trips' calendars, routes, agencies and frequencies.
// Streams each file row by row (two passes over stop_times.txt); memory grows with the kept trips, not the feed.
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import yauzl from 'yauzl';

export interface TrimStats { files: Record<string, { read: number; kept: number }>; trips: number; stops: number }

type Row = Record<string, string>;

function openZip(zip: string): Promise<yauzl.ZipFile> {
  return new Promise((res, rej) => yauzl.open(zip, { lazyEntries: true, autoClose: false }, (e, z) => (e || !z ? rej(e) : res(z))));
}

async function entries(z: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  const out = new Map<string, yauzl.Entry>();
  await new Promise<void>((res, rej) => {
    z.on('entry', (e: yauzl.Entry) => { out.set(e.fileName.replace(/^.*\//, ''), e); z.readEntry(); });
    z.once('end', () => res());
    z.once('error', rej);
    z.readEntry();
  });
  return out;
}

/** Calls `fn` for each row of one file of the zip, in order, without holding the file in memory. */
async function eachRow(z: yauzl.ZipFile, e: yauzl.Entry | undefined, fn: (r: Row, header: string[]) => void): Promise<string[]> {
  if (!e) return [];
  const stream = await new Promise<NodeJS.ReadableStream>((res, rej) => z.openReadStream(e, (er, s) => (er || !s ? rej(er) : res(s))));
  let header: string[] = [];
  const parser = stream.pipe(parse({ bom: true, columns: (h: string[]) => (header = h.map((x) => x.trim())), relax_column_count: true, skip_empty_lines: true }));
  for await (const r of parser) fn(r as Row, header);
  return header;
}

function cell(v: string | undefined): string {
  const s = v ?? '';
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Copies the rows of `name` for which `keep` holds into `outDir/name`, with the original header. */
async function filterFile(z: yauzl.ZipFile, ents: Map<string, yauzl.Entry>, outDir: string, name: string, keep: (r: Row) => boolean, stats: TrimStats) {
  const e = ents.get(name);
  if (!e) return;
  const out = createWriteStream(join(outDir, name));
  let header: string[] | null = null, read = 0, kept = 0;
  const h0 = await eachRow(z, e, (r, h) => {
    if (!header) { header = h; out.write(h.map(cell).join(',') + '\n'); }
    read++;
    if (!keep(r)) return;
    kept++;
    out.write(h.map((k) => cell(r[k])).join(',') + '\n');
  });
  // a file without rows keeps its header so the importer sees the same files
  if (!header && h0.length) out.write(h0.map(cell).join(',') + '\n');
  out.end();
  await once(out, 'finish');
  stats.files[name] = { read, kept };
}

/**
 * @param stopIds the stops of the county's stations in this feed (a parent station brings its platforms)
 * @returns the trimmed feed as a folder of GTFS files in `outDir`, readable by the site importer
 */
export async function trimFeed(zip: string, stopIds: Iterable<string>, outDir: string): Promise<TrimStats> {
  mkdirSync(outDir, { recursive: true });
  const z = await openZip(zip);
  try {
    const ents = await entries(z);
    const stats: TrimStats = { files: {}, trips: 0, stops: 0 };
    const wanted = new Set(stopIds);
    // platforms of a wanted station
    await eachRow(z, ents.get('stops.txt'), (r) => { if (r.parent_station && wanted.has(r.parent_station)) wanted.add(r.stop_id); });
    const trips = new Set<string>();
    await eachRow(z, ents.get('stop_times.txt'), (r) => { if (wanted.has(r.stop_id)) trips.add(r.trip_id); });
    const usedStops = new Set<string>();
    await filterFile(z, ents, outDir, 'stop_times.txt', (r) => { if (!trips.has(r.trip_id)) return false; usedStops.add(r.stop_id); return true; }, stats);
    const routes = new Set<string>(), services = new Set<string>();
    await filterFile(z, ents, outDir, 'trips.txt', (r) => { if (!trips.has(r.trip_id)) return false; routes.add(r.route_id); services.add(r.service_id); return true; }, stats);
    const agencies = new Set<string>();
    await filterFile(z, ents, outDir, 'routes.txt', (r) => { if (!routes.has(r.route_id)) return false; agencies.add(r.agency_id ?? ''); return true; }, stats);
    await filterFile(z, ents, outDir, 'agency.txt', (r) => agencies.has(r.agency_id ?? '') || !r.agency_id, stats);
    await filterFile(z, ents, outDir, 'calendar.txt', (r) => services.has(r.service_id), stats);
    await filterFile(z, ents, outDir, 'calendar_dates.txt', (r) => services.has(r.service_id), stats);
    await filterFile(z, ents, outDir, 'frequencies.txt', (r) => trips.has(r.trip_id), stats);
    await filterFile(z, ents, outDir, 'feed_info.txt', () => true, stats);
    // stops used by kept trips, the wanted ones, and their parent stations
    const parents = new Set<string>();
    await eachRow(z, ents.get('stops.txt'), (r) => { if ((usedStops.has(r.stop_id) || wanted.has(r.stop_id)) && r.parent_station) parents.add(r.parent_station); });
    await filterFile(z, ents, outDir, 'stops.txt', (r) => usedStops.has(r.stop_id) || wanted.has(r.stop_id) || parents.has(r.stop_id), stats);
    stats.trips = trips.size;
    stats.stops = stats.files['stops.txt']?.kept ?? 0;
    return stats;
  } finally {
    z.close();
  }
}
