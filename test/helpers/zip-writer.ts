// A minimal zip writer (deflate, PKWARE APPNOTE §4.3) for tests that need hostile archives: bombs, lying headers.
import { writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

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
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflated?.body ?? deflateRawSync(e.data, { level: 9 });
    const crc = e.deflated?.crc ?? crc32(e.data) >>> 0;
    const size = e.declaredSize ?? e.deflated?.size ?? e.data.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(0x0800, 6); lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14); lh.writeUInt32LE(body.length, 18); lh.writeUInt32LE(size, 22); lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(0x0800, 8); ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16); ch.writeUInt32LE(body.length, 20); ch.writeUInt32LE(size, 24); ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, body);
    central.push(ch, name);
    offset += lh.length + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  writeFileSync(file, Buffer.concat([...locals, cd, end]));
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
