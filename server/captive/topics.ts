// The portal's information sections: the location's tiles and the county signpost (merged with the location's
// overrides) grouped under the region's topics, in the topic order; county announcements join the location's.
import { TOPICS, mergeCounty, pick, tileTopic, type ContentSnapshot, type Topic } from '../content/index.ts';
import type { Lang } from '../platform/i18n.ts';

export interface TopicItem {
  title: string;
  text: string;
  href: string | null;
  phone: string | null;
}

export interface TopicSection {
  topic: Topic;
  items: TopicItem[];
}

/** The path a signpost link is served under: the site counts the click and redirects to the configured URL. */
export const goPath = (id: string) => `/go/${encodeURIComponent(id)}`;

export function topicSections(snap: ContentSnapshot, lang: Lang): TopicSection[] {
  const loc = snap.location;
  const byTopic = new Map<Topic, TopicItem[]>(TOPICS.map((t) => [t, []]));
  for (const t of loc.tiles) {
    byTopic.get(tileTopic(t))!.push({
      title: pick(t.title, lang),
      text: t.text ? pick(t.text, lang) : '',
      href: t.url ?? (t.phone ? `tel:${t.phone.replace(/ /g, '')}` : null),
      phone: t.phone ?? null,
    });
  }
  for (const l of mergeCounty(snap.county, loc.county).links) {
    byTopic.get(l.topic)!.push({ title: pick(l.title, lang), text: l.text ? pick(l.text, lang) : '', href: goPath(l.id), phone: null });
  }
  return TOPICS.map((topic) => ({ topic, items: byTopic.get(topic)! })).filter((s) => s.items.length);
}

/** The county announcements this location shows now (hidden ids left out, only those in force). */
export function countyAnnouncements(snap: ContentSnapshot, lang: Lang, now: number): { text: string; priority: string }[] {
  const active = (from?: string, to?: string) => (!from || Date.parse(from) <= now) && (!to || Date.parse(to) > now);
  return mergeCounty(snap.county, snap.location.county)
    .announcements.filter((a) => active(a.validFrom, a.validTo))
    .map((a) => ({ text: pick(a.text, lang), priority: a.priority }));
}

/**
 * The configured URL of signpost link `id` in this location's merged signpost, or null. Only an id is taken from
 * the request, never a URL: /go/<id> cannot redirect anywhere the county or the location did not configure.
 */
export function signpostTarget(snap: ContentSnapshot, id: string): string | null {
  if (!/^[a-z0-9-]{1,64}$/.test(id)) return null;
  return mergeCounty(snap.county, snap.location.county).links.find((l) => l.id === id)?.url ?? null;
}
