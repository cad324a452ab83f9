// Error codes of the admin UI (each has errors.<CODE> in the admin i18n namespace in every language).
import { defineErrors } from '../platform/errors.ts';

export const AdminErrors = defineErrors('admin', {
  ADMIN_PREVIEW_FAILED: 502,
  ADMIN_UNKNOWN_DISPLAY: 404,
});
