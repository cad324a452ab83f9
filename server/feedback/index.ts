// Feedback capability ("Podněty a připomínky"): the site's form and status page, delivery with the sync outbox,
// the hub's inbox in the admin UI.
export { createFeedbackSite, checkForm, safeFrom, REF } from './site.ts';
export { createFeedbackHub, csvCell, type AdminHooks } from './hub.ts';
export { feedbackConfig, TOPICS, STATUSES, type FeedbackConfig } from './config.ts';
