// Config of the feedback form (site) and inbox (hub): limits, reference prefix, retention.
import { z } from 'zod';

export const feedbackConfig = z
  .strictObject({
    refPrefix: z.string().regex(/^[A-Z]{2,6}$/).default('LBC').describe('prefix of the reference numbers travellers get (LBC-2026-00042)'),
    maxChars: z.number().int().min(100).max(10_000).default(2000).describe('longest feedback text accepted (counted on the form)'),
    rateLimitPerMinute: z.number().int().min(1).default(5).describe('feedback submissions per client address per minute'),
    retentionDays: z.number().int().min(1).default(365).describe('messages (and the e-mail addresses in them) are deleted this many days after they were sent, on the site and at the hub (GDPR)'),
  })
  .prefault({});

export type FeedbackConfig = z.infer<typeof feedbackConfig>;

export const TOPICS = ['departures', 'wifi', 'facilities', 'accessibility', 'opendata', 'other'] as const;
export type Topic = (typeof TOPICS)[number];
export const STATUSES = ['new', 'in-progress', 'answered', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

/** A feedback reference number: prefix, year, five digits (LBC-2026-00042); site and hub check it alike. */
export const REF = /^[A-Z]{2,6}-\d{4}-\d{5}$/;
