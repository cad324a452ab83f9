// Feedback capability ("Podněty a připomínky"): the site's form and status page, delivery with the sync outbox,
// the hub's inbox in the admin UI.
export { createFeedbackSite, checkForm, safeFrom, REF } from './site.ts';
export { createFeedbackHub, type AdminHooks } from './hub.ts';
export { csvCell } from '../platform/csv.ts';
export { feedbackConfig, TOPICS, STATUSES, type FeedbackConfig } from './config.ts';
export { FeedbackErrors } from './errors.ts';
