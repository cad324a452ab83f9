// CSV open data (RFC 4180, e.g. out-of-hours medical services) → regional items, with the config mapping columns
// to title/summary/url/date. A missing mapped column is an error naming the column and the columns found.
import { parse } from 'csv-parse/sync';
import type { FeedItem } from './item.ts';
import { cleanText, httpUrlOrUndefined, isoOrUndefined } from './item.ts';

export interface ColumnMap {
  title: string;
  summary?: string;
  url?: string;
  date?: string;
}

export function parseTable(text: string, columns: ColumnMap, delimiter = ','): { items: FeedItem[] } {
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { columns: true, delimiter, skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
  } catch (err) {
    throw new Error(`invalid CSV: ${(err as Error).message}`, { cause: err });
  }
  const header = records.length ? Object.keys(records[0]) : [];
  for (const col of Object.values(columns).filter(Boolean) as string[]) {
    if (records.length && !header.includes(col)) throw new Error(`CSV has no column "${col}" (columns: ${header.join(', ')})`);
  }
  const items = records
    .map((r) => ({
      title: cleanText(r[columns.title] ?? ''),
      summary: columns.summary ? cleanText(r[columns.summary] ?? '') || undefined : undefined,
      url: columns.url ? httpUrlOrUndefined(r[columns.url]) : undefined,
      date: columns.date ? isoOrUndefined(r[columns.date]) : undefined,
    }))
    .filter((i) => i.title);
  return { items };
}
