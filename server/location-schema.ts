// The schema of a location file (locations/<id>.yaml) and of the location content in a hub release. Content owns
// the common fields (names, branding, terms, tiles, announcements, emergency); each capability owns its section
// (departures, displays, guestProfile); this file composes them, as config-schema.ts does for the configuration.
import { z } from 'zod';
import { localized } from './content/localized.ts';
import { LANGUAGES } from './platform/i18n.ts';
import { departuresSection } from './departures/location-section.ts';
import { displaysSection } from './kiosk/location-section.ts';
import { guestProfileSection } from './radius/location-section.ts';
import { TOPICS, countyOverridesSchema } from './content/county.ts';

const httpUrl = z.url({ protocol: /^https?$/ });
const isoDateTime = z.iso.datetime({ offset: true });

export const tileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'use lower-case letters, digits and dashes'),
  icon: z.enum(['train', 'bus', 'tram', 'info', 'map', 'emergency', 'tourism', 'data', 'health', 'ticket', 'bike', 'wifi']),
  title: localized,
  text: localized.optional(),
  url: httpUrl.optional(),
  phone: z.string().regex(/^\+?[0-9 ]{3,20}$/).optional(),
  /** the portal section it is shown under; default: one fitting its icon */
  topic: z.enum(TOPICS).optional(),
});

export const announcementSchema = z.strictObject({
  id: z.string().min(1),
  text: localized,
  validFrom: isoDateTime.optional(),
  validTo: isoDateTime.optional(),
  priority: z.enum(['info', 'warning', 'important']).default('info'),
});

export const emergencySchema = z.strictObject({
  text: localized,
  expires: isoDateTime,
});

export const locationSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(['railway-station', 'bus-station', 'interchange']),
  names: localized,
  city: z.string().min(1),
  languages: z.array(z.enum(LANGUAGES)).min(1).default([...LANGUAGES]),
  timezone: z.string().default('Europe/Prague'),
  branding: z.strictObject({
    accent: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #0b5cad'),
    tagline: localized.optional(),
  }),
  terms: z.strictObject({
    version: z.string().min(1),
    summary: localized,
    text: localized,
  }),
  tiles: z.array(tileSchema).default([]),
  announcements: z.array(announcementSchema).default([]),
  emergency: emergencySchema.nullable().default(null),
  /** this location's overrides of the county signpost (hide, order, own links) */
  county: countyOverridesSchema,
  departures: departuresSection,
  displays: displaysSection,
  guestProfile: guestProfileSection,
});

export type Location = z.infer<typeof locationSchema>;
export type Tile = z.infer<typeof tileSchema>;
export type Announcement = z.infer<typeof announcementSchema>;
