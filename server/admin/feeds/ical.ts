// A small iCalendar (RFC 5545) reader for VEVENTs: unfolds lines (§3.1), unescapes text (§3.3.11), and reads
// DTSTART/DTEND as UTC (Z), with TZID (§3.2.19, resolved through Intl) or as all-day DATE values.
import { localToIso } from '../local-time.ts';
import type { FeedItem } from './item.ts';
import { cleanText, httpUrlOrUndefined } from './item.ts';

interface Prop {
  name: string;
  params: Record<string, string>;
  value: string;
}

function unfold(text: string): string[] {
  return text.replace(/\r\n|\r/g, '\n').replace(/\n[ \t]/g, '').split('\n');
}

function parseLine(line: string): Prop | undefined {
  let i = 0;
  let inQuote = false;
  for (; i < line.length; i++) {
    const c = line[i];
    if (c === '"') inQuote = !inQuote;
    else if (c === ':' && !inQuote) break;
  }
  if (i >= line.length) return undefined;
  const head = line.slice(0, i).split(';');
  const params: Record<string, string> = {};
  for (const p of head.slice(1)) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: head[0].toUpperCase(), params, value: line.slice(i + 1) };
}

const unescape = (v: string) => v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

/** DTSTART/DTEND → ISO 8601 with offset; undefined when unreadable. */
export function icalDate(p: Prop, defaultTz = 'Europe/Prague'): string | undefined {
  const v = p.value.trim();
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (d || p.params.VALUE === 'DATE') {
    if (!d) return undefined;
    return localToIso(`${d[1]}-${d[2]}-${d[3]}T00:00`, p.params.TZID ?? defaultTz);
  }
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(v);
  if (!m) return undefined;
  if (m[7] === 'Z') return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
  let tz = p.params.TZID ?? defaultTz;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    tz = defaultTz; // a Windows or custom zone name we cannot resolve: fall back to the county's zone
  }
  return localToIso(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`, tz);
}

export function parseIcal(text: string, defaultTz = 'Europe/Prague'): { title?: string; items: FeedItem[] } {
  const lines = unfold(text);
  if (!lines.some((l) => l.trim().toUpperCase() === 'BEGIN:VCALENDAR')) throw new Error('not an iCalendar file (no BEGIN:VCALENDAR)');
  const items: FeedItem[] = [];
  let title: string | undefined;
  let ev: Record<string, Prop> | null = null;
  for (const raw of lines) {
    const p = parseLine(raw);
    if (!p) continue;
    if (p.name === 'BEGIN' && p.value.toUpperCase() === 'VEVENT') ev = {};
    else if (p.name === 'END' && p.value.toUpperCase() === 'VEVENT') {
      if (ev?.SUMMARY && ev.DTSTART) {
        items.push({
          title: cleanText(unescape(ev.SUMMARY.value)),
          date: icalDate(ev.DTSTART, defaultTz),
          end: ev.DTEND ? icalDate(ev.DTEND, defaultTz) : undefined,
          url: httpUrlOrUndefined(ev.URL?.value),
          summary: ev.DESCRIPTION ? cleanText(unescape(ev.DESCRIPTION.value)) || undefined : undefined,
        });
      }
      ev = null;
    } else if (ev) ev[p.name] ??= p;
    else if (p.name === 'X-WR-CALNAME') title = unescape(p.value);
  }
  return { title, items };
}
