// A gzip body for a page that is the same for everybody except a small middle part (the portal page and its
// per-client form token): the fixed head and tail are compressed once, the middle goes in as a DEFLATE stored
// block, so a compressed answer costs two CRC passes and no deflate per request.
//
// Why this is valid (RFC 1951 §3.2): a DEFLATE stream is a sequence of blocks. The head is compressed with a
// full flush, which ends it on a byte boundary without a final block and without any later block needing its
// window; the middle is one stored (uncompressed) block; the tail is a fresh stream whose last block is final
// and which never refers back before its own start. RFC 1952's trailer is the CRC-32 and length of the whole
// uncompressed body, computed over the three parts in order (zlib.crc32 takes the running value).
//
// Measured against compressing each answer (`node bench/gzip-splice.bench.ts`): see the README's benchmark table.
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** gzip member header: magic, CM=deflate, no flags, no mtime, XFL=0, OS=unknown (RFC 1952 §2.3) */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
/** a stored block holds at most 65 535 bytes (RFC 1951 §3.2.4) */
const STORED_MAX = 0xffff;

export interface GzipSplice {
  /** The whole page, gzip-encoded, with `middle` between the fixed head and tail. */
  encode(middle: Buffer): Buffer;
}

export function createGzipSplice(head: Buffer, tail: Buffer, level = 9): GzipSplice {
  const headDeflate = deflateRawSync(head, { level, finishFlush: constants.Z_FULL_FLUSH });
  const tailDeflate = deflateRawSync(tail, { level });
  const prefix = Buffer.concat([GZIP_HEADER, headDeflate]);
  const headCrc = crc32(head);
  return {
    encode(middle) {
      const blocks = Math.max(1, Math.ceil(middle.length / STORED_MAX));
      const out = Buffer.allocUnsafe(prefix.length + blocks * 5 + middle.length + tailDeflate.length + 8);
      let at = prefix.copy(out, 0);
      for (let i = 0; i < blocks; i++) {
        const part = middle.subarray(i * STORED_MAX, (i + 1) * STORED_MAX);
        out[at++] = 0x00; // BFINAL=0, BTYPE=00 (stored); the flush left us byte-aligned
        out.writeUInt16LE(part.length, at);
        out.writeUInt16LE(~part.length & 0xffff, at + 2);
        at += 4;
        at += part.copy(out, at);
      }
      at += tailDeflate.copy(out, at);
      out.writeUInt32LE(crc32(tail, crc32(middle, headCrc)) >>> 0, at);
      out.writeUInt32LE((head.length + middle.length + tail.length) >>> 0, at + 4);
      return out;
    },
  };
}

/** Whether the request accepts gzip (RFC 9110 §12.5.3: an explicit `gzip;q=0` refuses it even beside `*`). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  const q: Record<string, number> = {};
  for (const part of acceptEncoding.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const qv = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q[coding.trim()] = qv ? Number(qv.slice(2)) || 0 : 1;
  }
  const gzip = q.gzip ?? q['x-gzip'] ?? q['*'];
  return gzip !== undefined && gzip > 0;
}
