// Builds what the portal templates show for one location and language: names, terms, tiles, announcements,
// the emergency message, the next departures and the regional feeds shipped with the content release.
import { timedRow, type Board } from '../departures/index.ts';
import { pick, regionalFeedSchema, type ContentSnapshot, type RegionalFeed } from '../content/index.ts';
import { LANGUAGES, type Lang } from '../platform/i18n.ts';
import type { Logger } from '../platform/log.ts';
import { countyAnnouncements, topicSections } from './topics.ts';

export const LANG_NAMES: Record<Lang, string> = { cs: 'Čeština', en: 'English', de: 'Deutsch', pl: 'Polski' };

/** Regional feeds in the release (`regional/<id>.json`), validated; an invalid one is skipped with a log line. */
export function regionalFeeds(snap: ContentSnapshot, log: Logger): RegionalFeed[] {
  const out: RegionalFeed[] = [];
  for (const [name, buf] of Object.entries(snap.files)) {
    if (!/^regional\/[a-z0-9-]+\.json$/.test(name)) continue;
    try {
      const parsed = regionalFeedSchema.safeParse(JSON.parse(buf.toString('utf8')));
      if (parsed.success) out.push(parsed.data);
      else log.warn({ file: name, field: parsed.error.issues[0].path.join('.'), problem: parsed.error.issues[0].message }, 'regional feed skipped: invalid');
    } catch (err) {
      log.warn({ file: name, err: (err as Error).message }, 'regional feed skipped: not JSON');
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

export interface ViewInput {
  snap: ContentSnapshot;
  lang: Lang;
  now: number;
  board: Board;
  regional: RegionalFeed[];
  /** the page the language links point at, e.g. '/' or '/online' */
  path: string;
  /** extra query kept on language links (controller query) */
  keepQuery?: string;
  /** the county-wide alert in force here */
  county?: { text: Record<string, string>; expires: number } | null;
}

export function baseView(v: ViewInput) {
  const loc = v.snap.location;
  const langs = LANGUAGES.filter((l) => loc.languages.includes(l)).map((code) => ({
    code,
    label: LANG_NAMES[code],
    href: `${v.path}?lang=${code}${v.keepQuery ? '&' + v.keepQuery : ''}`,
    current: code === v.lang,
  }));
  const active = (from?: string, to?: string) => (!from || Date.parse(from) <= v.now) && (!to || Date.parse(to) > v.now);
  const dateFmt = new Intl.DateTimeFormat(v.lang, { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: loc.timezone });
  return {
    kind: loc.kind,
    name: pick(loc.names, v.lang),
    tagline: loc.branding.tagline ? pick(loc.branding.tagline, v.lang) : '',
    langs,
    // the location's own message wins; else the county-wide alert; never one past its expiry
    emergency: loc.emergency && Date.parse(loc.emergency.expires) > v.now ? pick(loc.emergency.text, v.lang) : v.county && v.county.expires > v.now ? (v.county.text[v.lang] ?? v.county.text.cs) : null,
    announcements: [...loc.announcements.filter((a) => active(a.validFrom, a.validTo)).map((a) => ({ text: pick(a.text, v.lang), priority: a.priority })), ...countyAnnouncements(v.snap, v.lang, v.now)],
    terms: { version: loc.terms.version, summary: pick(loc.terms.summary, v.lang), paragraphs: pick(loc.terms.text, v.lang).split(/\n+/).filter((p) => p.trim()) },
    tiles: loc.tiles.map((t) => ({
      id: t.id,
      icon: t.icon,
      title: pick(t.title, v.lang),
      text: t.text ? pick(t.text, v.lang) : '',
      href: t.url ?? (t.phone ? `tel:${t.phone.replace(/ /g, '')}` : null),
      phone: t.phone ?? null,
    })),
    // the tiles and the county signpost under the region's topics (what the portal shows)
    topics: topicSections(v.snap, v.lang),
    departures: { rows: v.board.departures.map((d) => timedRow(d, loc.timezone, v.lang)), notices: v.board.notices, live: v.board.live },
    regional: v.regional.map((f) => ({
      id: f.id,
      title: f.title,
      items: f.items.slice(0, 5).map((i) => ({ title: i.title, url: i.url ?? null, date: i.date ? dateFmt.format(new Date(i.date)) : null })),
    })),
  };
}
