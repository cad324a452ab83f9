// The county's own content, edited once at the hub for every location: the signpost (links to the region's portals
// and applications, listed by id and grouped under topics) and county announcements. It travels in every location's
// release as the file `county/signpost.json`; a site without a hub shows the shipped default
// (locations/county/signpost.yaml). Each location may hide, reorder or add to it (the location's `county` section).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { localized } from './localized.ts';
import { readYamlFile, zodToConfigError } from '../platform/config.ts';
import type { Tile } from '../location-schema.ts';

/** The region's thematic areas, the vocabulary of the portal's sections (in this order). */
export const TOPICS = ['transport', 'tourism', 'environment', 'region', 'help'] as const;
export type Topic = (typeof TOPICS)[number];

const id = z.string().regex(/^[a-z0-9-]{1,64}$/, 'use lower-case letters, digits and dashes');
const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.domain });
const isoDateTime = z.iso.datetime({ offset: true });

export const signpostLinkSchema = z.strictObject({
  id,
  topic: z.enum(TOPICS),
  title: localized,
  text: localized.optional(),
  url: httpUrl,
});
export type SignpostLink = z.infer<typeof signpostLinkSchema>;

export const countyAnnouncementSchema = z.strictObject({
  id,
  text: localized,
  validFrom: isoDateTime.optional(),
  validTo: isoDateTime.optional(),
  priority: z.enum(['info', 'warning', 'important']).default('info'),
});
export type CountyAnnouncement = z.infer<typeof countyAnnouncementSchema>;

const uniqueIds = <T extends { id: string }>(what: string) => (list: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    if (seen.has(x.id)) ctx.addIssue({ code: 'custom', message: `${what} id "${x.id}" is used twice`, path: [i, 'id'] });
    seen.add(x.id);
  });
};

export const countySchema = z.strictObject({
  links: z.array(signpostLinkSchema).max(60).default([]).superRefine(uniqueIds('link')),
  announcements: z.array(countyAnnouncementSchema).max(20).default([]).superRefine(uniqueIds('announcement')),
});
export type County = z.infer<typeof countySchema>;

/** A location's overrides of the county content (locations/<id>.yaml `county:`). */
export const countyOverridesSchema = z
  .strictObject({
    /** ids of county links or announcements this location does not show */
    hide: z.array(id).default([]),
    /** link ids shown first, in this order (the rest follow in the county's order) */
    order: z.array(id).default([]),
    /** the location's own signpost links, shown among the county's */
    links: z.array(signpostLinkSchema).default([]).superRefine(uniqueIds('link')),
  })
  .prefault({});
export type CountyOverrides = z.infer<typeof countyOverridesSchema>;

/** The file name the county content travels under in a release. */
export const COUNTY_FILE = 'county/signpost.json';
export const EMPTY_COUNTY: County = { links: [], announcements: [] };

/** The shipped default county document (locations/county/signpost.yaml), or none; a broken file names its line. */
export function loadCountyDefault(locationsDir: string): County {
  const file = join(locationsDir, 'county', 'signpost.yaml');
  if (!existsSync(file)) return EMPTY_COUNTY;
  const { data, lineOf } = readYamlFile(file);
  const parsed = countySchema.safeParse(data);
  if (!parsed.success) throw zodToConfigError(parsed.error, file, lineOf);
  return parsed.data;
}

/** The county content of a release's files, else the default; an invalid file is reported and the default kept. */
export function countyFromFiles(files: Readonly<Record<string, Buffer>>, fallback: County, warn?: (problem: string) => void): County {
  const raw = files[COUNTY_FILE];
  if (!raw) return fallback;
  try {
    const parsed = countySchema.safeParse(JSON.parse(raw.toString('utf8')));
    if (parsed.success) return parsed.data;
    warn?.(`${COUNTY_FILE}: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
  } catch (err) {
    warn?.(`${COUNTY_FILE}: not JSON (${(err as Error).message})`);
  }
  return fallback;
}

/**
 * What one location shows of the county content: hidden ids left out, its own links added (an own link with a
 * county id replaces it), the `order` ids first in that order, the rest as the county lists them.
 */
export function mergeCounty(county: County, o: CountyOverrides): { links: SignpostLink[]; announcements: CountyAnnouncement[] } {
  const hidden = new Set(o.hide);
  const own = new Map(o.links.map((l) => [l.id, l]));
  const links = [...county.links.map((l) => own.get(l.id) ?? l), ...o.links.filter((l) => !county.links.some((c) => c.id === l.id))].filter((l) => !hidden.has(l.id));
  const rank = (lid: string) => (o.order.includes(lid) ? o.order.indexOf(lid) : o.order.length);
  const ordered = links.map((l, i) => ({ l, i })).sort((a, b) => rank(a.l.id) - rank(b.l.id) || a.i - b.i).map((x) => x.l);
  return { links: ordered, announcements: county.announcements.filter((a) => !hidden.has(a.id)) };
}

/** The topic a location tile is shown under: its own, else one fitting its icon. */
export function tileTopic(t: Pick<Tile, 'icon'> & { topic?: Topic }): Topic {
  if (t.topic) return t.topic;
  if (['train', 'bus', 'tram', 'ticket', 'bike'].includes(t.icon)) return 'transport';
  if (['tourism', 'map'].includes(t.icon)) return 'tourism';
  if (['emergency', 'health', 'wifi'].includes(t.icon)) return 'help';
  return 'region';
}
