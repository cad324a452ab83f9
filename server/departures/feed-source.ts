// Opens a GTFS feed as named CSV files — a zip (yauzl), a folder, or in-memory text — as streams for csv.ts.
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface FeedSource {
  /** a description for messages: the zip path, the folder, or "demo" */
  label: string;
  has(file: string): boolean;
  open(file: string): Promise<Readable>;
  close(): void;
}

export function memorySource(label: string, files: Record<string, string>): FeedSource {
  return {
    label,
    has: (f) => f in files,
    open: async (f) => Readable.from([Buffer.from(files[f], 'utf8')]),
    close: () => {},
  };
}

export function dirSource(dir: string): FeedSource {
  const names = new Set(readdirSync(dir));
  return {
    label: dir,
    has: (f) => names.has(f),
    open: async (f) => createReadStream(join(dir, f)),
    close: () => {},
  };
}

/** A zip; files may sit in one sub-folder (a common packaging mistake we tolerate). */
export async function zipSource(file: string): Promise<FeedSource> {
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
  });
  return {
    label: file,
    has: (f) => entries.has(f),
    open: (f) =>
      new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entries.get(f)!, (err, s) => (err || !s ? reject(err ?? new Error('cannot read ' + f)) : resolve(s))),
      ),
    close: () => zip.close(),
  };
}

export async function openSource(path: string): Promise<FeedSource> {
  if (!existsSync(path)) throw Object.assign(new Error(`no such file or folder: ${path}`), { file: path });
  if (statSync(path).isDirectory()) return dirSource(path);
  try {
    return await zipSource(path);
  } catch (err) {
    throw Object.assign(new Error(`not a readable zip file (${(err as Error).message})`), { file: path, cause: err });
  }
}
