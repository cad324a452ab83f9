// A regional feed item before validation, and the small clean-ups every source needs (markup, dates, links).
export interface FeedItem {
  title: string;
  url?: string;
  date?: string;
  end?: string;
  summary?: string;
}

/** Strips markup and collapses white space: sources put HTML in descriptions; the portal shows plain text. */
export function cleanText(s: string, max = 400): string {
  const t = s
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > max ? t.slice(0, max - 1).trimEnd() + '…' : t;
}

export function httpUrlOrUndefined(s: string | undefined): string | undefined {
  const v = (s ?? '').trim();
  if (!v) return undefined;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Any date string Date.parse understands (RFC 822 in RSS, RFC 3339 in Atom) → ISO 8601 UTC, else undefined. */
export function isoOrUndefined(s: string | undefined): string | undefined {
  const v = (s ?? '').trim();
  if (!v) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
