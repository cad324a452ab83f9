// What every GTFS file reader shares: FeedError (file, line, reason), a row with its header mapped to columns,
// typed field readers, and Int32 columns for millions of stop_times without an object per row.
import type { FeedSource } from '../feed-source.ts';
import { CsvSyntaxError, readCsv } from '../csv.ts';

export class FeedError extends Error {
  readonly reason: string;
  readonly file?: string;
  readonly line?: number;
  constructor(reason: string, file?: string, line?: number, opts: { cause?: unknown } = {}) {
    super(`${file ?? 'feed'}${line !== undefined ? ` line ${line}` : ''}: ${reason}`, opts);
    this.reason = reason;
    this.file = file;
    this.line = line;
    this.name = 'FeedError';
  }
}

type Cols = Record<string, number>;
export type Row = { f: string[]; line: number; c: Cols };

export function val(r: Row, col: string): string | undefined {
  const i = r.c[col];
  return i === undefined ? undefined : r.f[i];
}

export function need(r: Row, file: string, col: string): string {
  const v = val(r, col);
  if (v === undefined || v.trim() === '') throw new FeedError(`${col} is missing`, file, r.line);
  return v.trim();
}

export function int(r: Row, file: string, col: string, dflt: number): number {
  const v = val(r, col);
  if (v === undefined || v === '') return dflt;
  const n = +v;
  if (!Number.isInteger(n)) {
    if (v.trim() === '') return dflt;
    throw new FeedError(`${col} "${v}" is not a whole number`, file, r.line);
  }
  return n;
}

/** Calls fn for every record of a file, with its header mapped to column indexes (any order). */
export async function eachRow(src: FeedSource, file: string, required: string[], fn: (r: Row) => void): Promise<void> {
  let input: Awaited<ReturnType<FeedSource['open']>>;
  try { input = await src.open(file); } catch (err) { throw new FeedError((err as Error).message, file, undefined, { cause: err }); }
  const r: Row = { f: [], line: 0, c: {} };
  try {
    await readCsv(input, {
      header(names) {
        for (const c of required) if (!names.includes(c)) throw new FeedError(`required column ${c} is missing from the header`, file, 1);
        names.forEach((n, i) => { if (!(n in r.c)) r.c[n] = i; });
      },
      row(f, line) {
        r.f = f;
        r.line = line;
        fn(r);
      },
    }, src.limits);
  } catch (err) {
    input.destroy();
    if (err instanceof FeedError) throw err;
    if (err instanceof CsvSyntaxError) throw new FeedError(err.message, file, err.line, { cause: err });
    throw new FeedError((err as Error).message, file, undefined, { cause: err });
  }
}

/** Growable Int32 columns for stop_times (millions of rows without an object per row). */
export class Columns {
  n = 0;
  cols: Int32Array[];
  readonly width: number;
  constructor(width: number, cap = 1 << 14) {
    this.width = width;
    this.cols = Array.from({ length: width }, () => new Int32Array(cap));
  }
  /** the row index to fill (grows the columns when full) */
  next(): number {
    if (this.n === this.cols[0].length) this.cols = this.cols.map((c) => { const d = new Int32Array(c.length * 2); d.set(c); return d; });
    return this.n++;
  }
}
