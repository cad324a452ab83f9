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

export async function readCsv(input: Readable, handler: CsvHandler): Promise<void> {
  input.setEncoding('utf8');
  let carry = '';
  let line = 1;
  let first = true;
  let headerDone = false;
  const emit = (fields: string[], at: number) => {
    if (fields.length === 1 && fields[0] === '') return; // empty line
    if (!headerDone) {
      headerDone = true;
      handler.header(fields.map((h) => h.trim()));
    } else handler.row(fields, at);
  };
  const consume = (text: string, final: boolean): string => {
    let pos = 0;
    const n = text.length;
    let nextQuote = text.indexOf('"');
    while (pos < n) {
      const nl = text.indexOf('\n', pos);
      if (nextQuote >= 0 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
      if (nextQuote < 0 || (nl >= 0 && nextQuote > nl)) {
        // fast path: no quote on this line
        if (nl < 0 && !final) return text.slice(pos);
        const end = nl < 0 ? n : nl;
        const s = text.charCodeAt(end - 1) === 13 ? text.slice(pos, end - 1) : text.slice(pos, end);
        emit(s.split(','), line);
        line++;
        pos = end + 1;
        continue;
      }
      const out: string[] = [];
      const r = parseRecord(text, pos, out, final, line);
      if (!r) return text.slice(pos);
      emit(out, line);
      line += r.lines;
      pos = r.next;
    }
    return '';
  };
  for await (const chunk of input as AsyncIterable<string>) {
    let text = carry + chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    carry = consume(text, false);
  }
  if (carry) consume(carry.charCodeAt(0) === 0xfeff ? carry.slice(1) : carry, true);
  if (!headerDone) handler.header([]);
}
