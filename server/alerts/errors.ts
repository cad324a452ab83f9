// Error codes of county alerts and CAP ingestion (messages in i18n alerts:errors.*).
import { defineErrors } from '../platform/errors.ts';

export const AlertErrors = defineErrors('alerts', {
  ALERT_INVALID: 422,
  ALERT_NOT_FOUND: 404,
  CAP_INVALID: 422,
});
