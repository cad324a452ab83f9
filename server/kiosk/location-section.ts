// The `displays` section of a location: the station's display screens and how each is laid out.
import { z } from 'zod';
import { LANGUAGES } from '../platform/i18n.ts';

export const displaysSection = z
  .array(
    z.strictObject({
      id: z.string().regex(/^[a-z0-9-]+$/),
      layout: z.enum(['landscape', 'portrait']).default('landscape'),
      languages: z.array(z.enum(LANGUAGES)).min(1).default(['cs', 'en']),
      rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]).default(0),
    }),
  )
  .superRefine((displays, ctx) => {
    const seen = new Set<string>();
    displays.forEach((d, i) => {
      if (seen.has(d.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `display id "${d.id}" is used twice` });
      seen.add(d.id);
    });
  })
  .default([]);
