// Hub config for the admin UI: session lifetimes, sign-in lockout, password hashing cost, preview, regional feeds.
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ });

export const feedSourceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/).describe('feed id; the release file is regional/<id>.json'),
  kind: z.enum(['news', 'events', 'table']).describe('news = RSS 2.0 or Atom, events = iCalendar, table = CSV open data'),
  title: z.string().min(1).describe('heading the portal shows'),
  url: httpUrl.describe('where the hub fetches it'),
  locations: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).default('all').describe('location ids that get it, or "all"'),
  everyMinutes: z.number().int().min(1).default(60).describe('fetch schedule'),
  timeoutSeconds: z.number().int().min(1).max(120).default(10).describe('give up a fetch after this long'),
  maxBytes: z.number().int().min(1024).default(2_000_000).describe('refuse bodies larger than this'),
  maxItems: z.number().int().min(1).max(50).default(20).describe('items kept'),
  columns: z
    .strictObject({
      title: z.string().min(1),
      summary: z.string().optional(),
      url: z.string().optional(),
      date: z.string().optional(),
    })
    .optional()
    .describe('table feeds: CSV column names mapped to title/summary/url/date'),
  delimiter: z.string().length(1).default(',').describe('table feeds: CSV delimiter'),
});
export type FeedSource = z.infer<typeof feedSourceSchema>;

export const adminConfig = z
  .strictObject({
    sessionIdleMinutes: z.number().int().min(1).default(30).describe('an admin session ends after this long without a request'),
    sessionAbsoluteHours: z.number().int().min(1).default(12).describe('an admin session ends this long after sign-in, whatever happens'),
    lockoutAccountFailures: z.number().int().min(1).default(5).describe('failed sign-ins for one account within the window that lock it'),
    lockoutIpFailures: z.number().int().min(1).default(20).describe('failed sign-ins from one address within the window that lock it'),
    lockoutWindowMinutes: z.number().int().min(1).default(15).describe('window in which failed sign-ins are counted'),
    lockoutMinutes: z.number().int().min(1).default(15).describe('how long a locked account or address must wait'),
    passwordCost: z.number().int().min(10).max(20).default(15).describe('scrypt cost as log2(N); r=8, p=1'),
    previewMaxSites: z.number().int().min(1).max(20).default(4).describe('preview site servers kept running at once (one per draft)'),
    feeds: z.array(feedSourceSchema).default([]).describe('regional information feeds the hub fetches (JSON in env PERON_ADMIN_FEEDS)'),
  })
  .prefault({});
export type AdminConfig = z.infer<typeof adminConfig>;
