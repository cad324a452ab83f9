// A minimal zip writer (deflate, PKWARE APPNOTE §4.3) for tests that need hostile archives: bombs, lying headers.
import { writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import { packZip } from '../../server/platform/zip-write.ts';

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** the uncompressed size the headers declare (default the real one): a lying header */
  declaredSize?: number;
  /** an already deflated body (a bomb built without inflating it here): crc and size of what it inflates to */
  deflated?: { body: Buffer; crc: number; size: number };
}

/** A raw-deflate body of `mb` MB of newlines, about 1 KB per MB: one sync-flushed block repeated, then a final block. */
export function deflatedNewlines(mb: number): { body: Buffer; crc: number; size: number } {
  const chunk = Buffer.alloc(1024 * 1024, 10);
  const z = deflateRawSync(chunk, { level: 9, finishFlush: 2 /* Z_SYNC_FLUSH: byte-aligned, not final */ });
  let crc = 0;
  for (let i = 0; i < mb; i++) crc = crc32(chunk, crc);
  return { body: Buffer.concat([...Array(mb).fill(z), Buffer.from([3, 0])]), crc: crc >>> 0, size: mb * 1024 * 1024 };
}

export function writeZip(file: string, entries: ZipEntry[]): void {
  writeFileSync(file, packZip(entries.map((e) => ({
    name: e.name,
    body: e.deflated?.body ?? deflateRawSync(e.data, { level: 9 }),
    crc: e.deflated?.crc ?? crc32(e.data) >>> 0,
    size: e.declaredSize ?? e.deflated?.size ?? e.data.length,
  }))));
}

/** The small files every GTFS feed needs, with one trip, so a test can replace one of them with something hostile. */
export function minimalGtfs(): Record<string, string> {
  return {
    'agency.txt': 'agency_id,agency_name,agency_url,agency_timezone\nA,Test,https://example.org,Europe/Prague\n',
    'stops.txt': 'stop_id,stop_name\nS1,One\nS2,Two\n',
    'routes.txt': 'route_id,agency_id,route_short_name,route_type\nR,A,1,3\n',
    'trips.txt': 'route_id,service_id,trip_id\nR,WK,T1\n',
    'calendar.txt': 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,1,1,20260101,20271231\n',
    'stop_times.txt': 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,2\n',
  };
}
