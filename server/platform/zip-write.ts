// A deterministic zip writer (deflate, PKWARE APPNOTE §4.3): same files → same bytes (sorted names, fixed
// 1980-01-01 timestamps), so a trimmed feed that did not change has the same sha256 and costs no new release item.
import { crc32, deflateRawSync } from 'node:zlib';

/** A zip entry as stored: a raw-deflate body with the crc32 and uncompressed size its headers declare. */
export interface StoredEntry {
  name: string;
  body: Buffer;
  crc: number;
  size: number;
}

/** Packs `files` (name → bytes) into one zip; names sorted, no timestamps, no extra fields. */
export function zipDeterministic(files: Record<string, Buffer>): Buffer {
  return packZip(Object.keys(files).sort().map((n) => ({ name: n, body: deflateRawSync(files[n], { level: 6 }), crc: crc32(files[n]) >>> 0, size: files[n].length })));
}

/** Lays out stored entries as a zip in the given order (local headers, central directory, end record); the headers
 *  say what each entry says, true or not, so tests can build lying archives with it. */
export function packZip(entries: StoredEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const { body, crc, size } = e;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(0x0800, 6); lh.writeUInt16LE(8, 8);
    lh.writeUInt16LE(0, 10); lh.writeUInt16LE(0x21, 12); // DOS time 00:00, date 1980-01-01
    lh.writeUInt32LE(crc, 14); lh.writeUInt32LE(body.length, 18); lh.writeUInt32LE(size, 22); lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(0x0800, 8); ch.writeUInt16LE(8, 10);
    ch.writeUInt16LE(0, 12); ch.writeUInt16LE(0x21, 14);
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
  return Buffer.concat([...locals, cd, end]);
}
