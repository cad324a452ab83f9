// RSS 2.0 (https://www.rssboard.org/rss-specification) and Atom (RFC 4287) documents → regional feed items.
import { XMLParser } from 'fast-xml-parser';
import type { FeedItem } from './item.ts';
import { cleanText, httpUrlOrUndefined, isoOrUndefined } from './item.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

const text = (v: unknown): string => {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in v) return String((v as Record<string, unknown>)['#text']);
  return '';
};

export function parseNews(xml: string): { title?: string; items: FeedItem[] } {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`not well-formed XML: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  const rss = doc.rss as { channel?: Record<string, unknown> } | undefined;
  if (rss?.channel) {
    const ch = rss.channel;
    const items = ((ch.item as Record<string, unknown>[] | undefined) ?? []).map((it) => ({
      title: cleanText(text(it.title)),
      url: httpUrlOrUndefined(text((it.link as unknown[] | undefined)?.[0])),
      date: isoOrUndefined(text(it.pubDate)),
      summary: cleanText(text(it.description)) || undefined,
    }));
    return { title: cleanText(text(ch.title)) || undefined, items };
  }
  const feed = doc.feed as Record<string, unknown> | undefined;
  if (feed) {
    const items = ((feed.entry as Record<string, unknown>[] | undefined) ?? []).map((e) => {
      const links = (e.link as Record<string, unknown>[] | undefined) ?? [];
      const link = links.find((l) => !l['@rel'] || l['@rel'] === 'alternate') ?? links[0];
      return {
        title: cleanText(text(e.title)),
        url: httpUrlOrUndefined(link ? String(link['@href'] ?? '') : ''),
        date: isoOrUndefined(text(e.published) || text(e.updated)),
        summary: cleanText(text(e.summary) || text(e.content)) || undefined,
      };
    });
    return { title: cleanText(text(feed.title)) || undefined, items };
  }
  throw new Error('neither an RSS 2.0 <rss><channel> nor an Atom <feed> document');
}
