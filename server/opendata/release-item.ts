// The release item kind for datasets: `opendata/index.json` (what the site lists) plus one item per file,
// `opendata/<slug>/<file>`. Every item is verified by the signed manifest like any other; this schema checks the index.
import { z } from 'zod';
import { LANGS } from './datasets.ts';

export const OPENDATA_PREFIX = 'opendata/';
export const OPENDATA_INDEX = 'opendata/index.json';

const l4 = z.strictObject(Object.fromEntries(LANGS.map((l) => [l, z.string().min(1)])) as Record<(typeof LANGS)[number], z.ZodString>);
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);
const fileName = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/);

export const indexEntrySchema = z.strictObject({
  slug,
  scope: z.enum(['location', 'county']),
  builtAt: z.number().int().nonnegative(),
  temporalStart: z.string().optional(),
  files: z.array(z.strictObject({ name: fileName, format: z.enum(['CSV', 'GEOJSON', 'JSON']), title: l4, size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/), rows: z.number().int().nonnegative() })),
  preview: z.strictObject({ columns: z.array(z.string()), rows: z.array(z.array(z.string())) }).optional(),
  /** the hub's IRI of the dataset record */
  iri: z.string().optional(),
  sources: z.array(z.string()).optional(),
  /** the county admin's catalogue edit as the sites show it (titles and descriptions cs/en, topics, terms) */
  shown: z
    .strictObject({
      title: z.strictObject({ cs: z.string(), en: z.string() }),
      description: z.strictObject({ cs: z.string(), en: z.string() }),
      themes: z.array(z.string()),
      terms: z.enum(['none', 'cc-by']),
      author: z.string(),
      locations: z.array(z.string()).nullable(),
    })
    .optional(),
});
export const opendataIndexSchema = z.strictObject({ schema: z.literal(1), datasets: z.array(indexEntrySchema) });
export type OpendataIndex = z.infer<typeof opendataIndexSchema>;
export type IndexEntry = z.infer<typeof indexEntrySchema>;

export const itemName = (slug: string, file: string) => `${OPENDATA_PREFIX}${slug}/${file}`;
