// Error codes of the feedback capability (messages in i18n feedback:errors.*).
import { defineErrors } from '../platform/errors.ts';

export const FeedbackErrors = defineErrors('feedback', {
  FEEDBACK_INVALID: 422,
  FEEDBACK_FORM_EXPIRED: 403,
  FEEDBACK_NOT_FOUND: 404,
});
