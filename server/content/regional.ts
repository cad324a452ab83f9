// Regional information the hub fetches (RSS/Atom news, iCalendar events, CSV open data) and ships in releases as
// files named `regional/<feed-id>.json`; the portal renders them. Sites never fetch the internet for them.
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ });

export const regionalFeedSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(['news', 'events', 'table']),
  /** heading shown on the portal, in the feed's language (sources are usually Czech) */
  title: z.string().min(1),
  /** when the hub last fetched it successfully (ISO 8601) */
  fetchedAt: z.iso.datetime({ offset: true }),
  items: z
    .array(
      z.strictObject({
        title: z.string().min(1),
        url: httpUrl.optional(),
        /** publication date (news) or start (events), ISO 8601 */
        date: z.iso.datetime({ offset: true }).optional(),
        end: z.iso.datetime({ offset: true }).optional(),
        summary: z.string().optional(),
      }),
    )
    .max(50),
});
export type RegionalFeed = z.infer<typeof regionalFeedSchema>;

/** The file name a feed travels under in a release. */
export const regionalFileName = (feedId: string) => `regional/${feedId}.json`;
