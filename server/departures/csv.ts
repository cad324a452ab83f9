// A streaming RFC 4180 CSV reader tuned for GTFS: millions of stop_times rows without an object or a promise per row.
// Handles a UTF-8 BOM, CRLF or LF, quoted fields (with "" escapes and line breaks), and reports exact line numbers.
import type { Readable } from 'node:stream';

export interface CsvHandler {
  /** the header names, trimmed (Bull Runner has " exact_times") */
  header(names: string[]): void;
  /** one record; `line` is the 1-based line where it starts */
  row(fields: string[], line: number): void;
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

/** Parses one quoted-aware record starting at `pos`; returns the index after its line break, or -1 if the text ends first. */
function parseRecord(text: string, pos: number, out: string[], final: boolean, line: number): { next: number; lines: number } | null {
  const n = text.length;
  let i = pos;
  let lines = 1;
  for (;;) {
    let field: string;
    if (text.charCodeAt(i) === 34) {
      i++;
      let buf = '';
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          if (final) throw new CsvSyntaxError('a quoted field is not closed', line);
          return null;
        }
        if (q + 1 >= n && !final) return null;
        if (text.charCodeAt(q + 1) === 34) {
          buf += text.slice(i, q + 1);
          i = q + 2;
          continue;
        }
        buf += text.slice(i, q);
        i = q + 1;
        break;
      }
      for (let k = buf.indexOf('\n'); k >= 0; k = buf.indexOf('\n', k + 1)) lines++;
      const c0 = i < n ? text.charCodeAt(i) : -1;
      if (c0 === 44 || c0 === 10) field = buf;
      else if (c0 === 13 && i + 1 < n && text.charCodeAt(i + 1) === 10) { field = buf; i++; }
      else {
        // tolerate stray characters between the closing quote and the delimiter
        let j = i;
        while (j < n && text.charCodeAt(j) !== 44 && text.charCodeAt(j) !== 10) j++;
        if (j >= n && !final) return null;
        let tail = text.slice(i, j);
        if (tail.endsWith('\r')) tail = tail.slice(0, -1);
        field = buf + tail;
        i = j;
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 44 || c === 10) break;
        j++;
      }
      if (j >= n && !final) return null;
      field = text.slice(i, j);
      if (j < n && text.charCodeAt(j) === 10 && field.endsWith('\r')) field = field.slice(0, -1);
      else if (j >= n && field.endsWith('\r')) field = field.slice(0, -1);
      i = j;
    }
    out.push(field);
    if (i >= n) return { next: n, lines: lines - 1 };
    if (text.charCodeAt(i) === 10) return { next: i + 1, lines };
    i++; // the comma
  }
}

export interface CsvLimits {
  /** the longest record (characters, a quoted record with line breaks counts whole); longer is refused */
  maxLineChars?: number;
}

export const DEFAULT_MAX_LINE_CHARS = 1 << 20;

/**
 * Reads a CSV stream record by record in linear time: the end of a record is found by one scan that resumes
 * where the last chunk stopped (the quote state is carried), so a record split over many chunks is never
 * re-scanned; its pieces are joined once, when its end is found. A record longer than maxLineChars is refused.
 */
export async function readCsv(input: Readable, handler: CsvHandler, limits: CsvLimits = {}): Promise<void> {
  const maxLine = limits.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  input.setEncoding('utf8');
  let line = 1;
  let first = true;
  let headerDone = false;
  let parts: string[] = [];
  let partsLen = 0;
  let inQuote = false;
  let hasQuote = false;
  const emit = (fields: string[], at: number) => {
    if (fields.length === 1 && fields[0] === '') return; // empty line
    if (!headerDone) {
      headerDone = true;
      handler.header(fields.map((h) => h.trim()));
    } else handler.row(fields, at);
  };
  const tooLong = () => new CsvSyntaxError(`a record is longer than ${maxLine} characters (departures.import.maxLineChars)`, line);
  /** One whole record (without its line break). */
  const record = (rec: string) => {
    if (!hasQuote) {
      emit((rec.charCodeAt(rec.length - 1) === 13 ? rec.slice(0, -1) : rec).split(','), line);
      line++;
      return;
    }
    const out: string[] = [];
    const r = parseRecord(rec, 0, out, true, line)!;
    emit(out, line);
    line += r.lines + 1;
  };
  const consume = (text: string) => {
    const n = text.length;
    let pos = 0;
    let i = 0;
    let nl = -2;
    let nq = -2;
    while (pos < n) {
      // find the end of the record that starts at pos (or continues from the carried parts)
      let end = -1;
      while (i < n) {
        if (inQuote) {
          if (nq < i) nq = text.indexOf('"', i);
          if (nq < 0) { i = n; break; }
          inQuote = false;
          i = nq + 1;
          continue;
        }
        if (nl < i && nl !== -1) nl = text.indexOf('\n', i);
        if (nq < i && nq !== -1) nq = text.indexOf('"', i);
        if (nq >= i && (nl < 0 || nq < nl)) { inQuote = true; hasQuote = true; i = nq + 1; continue; }
        if (nl < 0) { i = n; break; }
        end = nl;
        break;
      }
      if (end < 0) {
        partsLen += n - pos;
        if (partsLen > maxLine) throw tooLong();
        parts.push(text.slice(pos));
        return;
      }
      if (partsLen + end - pos > maxLine) throw tooLong();
      const piece = text.slice(pos, end);
      const rec = parts.length ? parts.join('') + piece : piece;
      parts = [];
      partsLen = 0;
      record(rec);
      hasQuote = false;
      pos = end + 1;
      i = pos;
    }
  };
  for await (const chunk of input as AsyncIterable<string>) {
    let text = chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length === 0) continue;
      first = false;
    }
    consume(text);
  }
  if (inQuote) throw new CsvSyntaxError('a quoted field is not closed', line);
  if (parts.length) record(parts.join(''));
  if (!headerDone) handler.header([]);
}
