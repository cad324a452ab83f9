// The CSV reader on the quirks real GTFS files have, split into awkward chunks.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsv } from './csv.ts';

async function read(text: string, chunk = 3) {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += chunk) parts.push(text.slice(i, i + chunk));
  const rows: [string[], number][] = [];
  let header: string[] = [];
  await readCsv(Readable.from(parts.map((p) => Buffer.from(p, 'utf8'))), { header: (h) => { header = h; }, row: (f, line) => rows.push([f, line]) });
  return { header, rows };
}

describe('csv reader', () => {
  it('strips the BOM, trims header names, reads CRLF and quoted fields with commas, quotes and line breaks', async () => {
    const r = await read('\uFEFF"stop_id", stop_name ,x\r\n"A","Liberec, ""aut.nádr.""",1\r\nB,"two\r\nlines",2\r\n\r\nC,plain,3');
    expect(r.header).toEqual(['stop_id', 'stop_name', 'x']);
    expect(r.rows).toEqual([
      [['A', 'Liberec, "aut.nádr."', '1'], 2],
      [['B', 'two\r\nlines', '2'], 3],
      [['C', 'plain', '3'], 6],
    ]);
  });

  it('keeps multi-byte characters split across chunks', async () => {
    const r = await read('name\nČeská Lípa\nŽelezný Brod\n', 1);
    expect(r.rows.map((x) => x[0][0])).toEqual(['Česká Lípa', 'Železný Brod']);
  });

  it('reports an unclosed quote with its line', async () => {
    const err = await read('a,b\n1,2\n3,"open\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect((err as CsvSyntaxError).line).toBe(3);
  });
});
