// Opens a GTFS feed as named CSV files — a zip (yauzl), a folder, or in-memory text — as streams for csv.ts.
// Every source is bounded: uncompressed size per file and in total, and (zips) the compression ratio, so a
// zip bomb is refused from its directory before a byte is inflated; sizes are counted again while streaming.
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import yauzl from 'yauzl';
import { DEFAULT_MAX_LINE_CHARS } from './csv.ts';

export interface ImportLimits {
  /** longest CSV record, characters */
  maxLineChars: number;
  /** largest uncompressed file of the feed, bytes */
  maxEntryBytes: number;
  /** all files of the feed together, uncompressed bytes */
  maxTotalBytes: number;
  /** uncompressed ÷ compressed size of a zip entry; real GTFS text deflates 5–20:1, a bomb ~1000:1 */
  maxCompressionRatio: number;
}

const MB = 1024 * 1024;
/** Generous: the largest national feeds (Germany, the Czech JDF export) have stop_times of 1–2 GB. */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxLineChars: DEFAULT_MAX_LINE_CHARS, maxEntryBytes: 4096 * MB, maxTotalBytes: 8192 * MB, maxCompressionRatio: 200 };

export interface FeedSource {
  /** a description for messages: the zip path, the folder, or "demo" */
  label: string;
  has(file: string): boolean;
  open(file: string): Promise<Readable>;
  close(): void;
  /** the bounds csv.ts applies to this source (line length) */
  limits?: ImportLimits;
}

/** A FeedError-shaped refusal (feed-source cannot import gtfs-import: the error is rewrapped with file there). */
export class FeedLimitError extends Error {
  readonly file: string;
  constructor(message: string, file: string) {
    super(message);
    this.file = file;
    this.name = 'FeedLimitError';
  }
}

const mb = (n: number) => `${Math.round(n / MB)} MB`;

/** Counts bytes through a stream and fails it past the per-file or the feed's total limit. */
function bounded(file: string, input: Readable, limits: ImportLimits, total: { bytes: number }): Readable {
  let bytes = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      total.bytes += chunk.length;
      if (bytes > limits.maxEntryBytes) return cb(new FeedLimitError(`larger than ${mb(limits.maxEntryBytes)} uncompressed (departures.import.maxEntryMB)`, file));
      if (total.bytes > limits.maxTotalBytes) return cb(new FeedLimitError(`the feed is larger than ${mb(limits.maxTotalBytes)} uncompressed (departures.import.maxTotalMB)`, file));
      cb(null, chunk);
    },
  });
  // an inflate failure (zlib Z_DATA_ERROR …) or yauzl's size check is a corrupt zip entry, named as such
  input.on('error', (err) => t.destroy(err instanceof FeedLimitError ? err : new FeedLimitError(/^Z_|zlib|too many bytes|too few bytes|invalid/i.test(`${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`) ? `the zip entry is corrupt (${err.message})` : err.message, file)));
  t.on('close', () => input.destroy());
  return input.pipe(t);
}

export function memorySource(label: string, files: Record<string, string>, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): FeedSource {
  const total = { bytes: 0 };
  return {
    label,
    limits,
    has: (f) => f in files,
    open: async (f) => bounded(f, Readable.from([Buffer.from(files[f], 'utf8')]), limits, total),
    close: () => {},
  };
}

export function dirSource(dir: string, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): FeedSource {
  const names = new Set(readdirSync(dir));
  const total = { bytes: 0 };
  return {
    label: dir,
    limits,
    has: (f) => names.has(f),
    open: async (f) => bounded(f, createReadStream(join(dir, f)), limits, total),
    close: () => {},
  };
}

/** A zip; files may sit in one sub-folder (a common packaging mistake we tolerate). */
export async function zipSource(file: string, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<FeedSource> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, z) => (err || !z ? reject(err ?? new Error('cannot open zip')) : resolve(z))),
  );
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (!e.fileName.endsWith('/')) {
        const base = e.fileName.replace(/^.*\//, '');
        if (!entries.has(base) || !e.fileName.includes('/')) entries.set(base, e);
      }
      zip.readEntry();
    });
    zip.once('end', () => resolve());
    zip.once('error', reject);
    zip.readEntry();
  }).catch((err) => { zip.close(); throw err; });
  // the central directory declares every size: a bomb is refused here, before anything is inflated
  let declared = 0;
  for (const [base, e] of entries) {
    declared += e.uncompressedSize;
    const refuse = (msg: string) => { zip.close(); return new FeedLimitError(msg, base); };
    if (e.uncompressedSize > limits.maxEntryBytes) throw refuse(`${mb(e.uncompressedSize)} uncompressed is larger than ${mb(limits.maxEntryBytes)} (departures.import.maxEntryMB)`);
    if (e.uncompressedSize > 1 * MB && e.uncompressedSize > limits.maxCompressionRatio * Math.max(1, e.compressedSize)) {
      throw refuse(`compressed ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}:1 (a zip bomb?), more than ${limits.maxCompressionRatio}:1 (departures.import.maxCompressionRatio)`);
    }
    if (declared > limits.maxTotalBytes) throw refuse(`the feed is larger than ${mb(limits.maxTotalBytes)} uncompressed (departures.import.maxTotalMB)`);
  }
  const total = { bytes: 0 };
  return {
    label: file,
    limits,
    has: (f) => entries.has(f),
    open: (f) =>
      new Promise<Readable>((resolve, reject) =>
        // yauzl checks the inflated bytes against the declared size (validateEntrySizes), so a lying header fails too
        zip.openReadStream(entries.get(f)!, (err, s) => (err || !s ? reject(new FeedLimitError(`the zip entry is corrupt (${err?.message ?? 'unreadable'})`, f)) : resolve(bounded(f, s, limits, total)))),
      ),
    close: () => zip.close(),
  };
}

export async function openSource(path: string, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<FeedSource> {
  if (!existsSync(path)) throw Object.assign(new Error(`no such file or folder: ${path}`), { file: path });
  if (statSync(path).isDirectory()) return dirSource(path, limits);
  try {
    return await zipSource(path, limits);
  } catch (err) {
    if (err instanceof FeedLimitError) throw Object.assign(new Error(`${err.file}: ${err.message}`), { file: path, cause: err });
    throw Object.assign(new Error(`a corrupt zip file, not readable as GTFS (${(err as Error).message})`), { file: path, cause: err });
  }
}
