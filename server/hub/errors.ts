// Hub error codes; guest-facing messages live in i18n/<lang>/hub.json.
import { defineErrors } from '../platform/errors.ts';

export const HubErrors = defineErrors('hub', {
  HUB_INVALID_RELEASE: 400,
  HUB_INVALID_SITE_ID: 400,
  HUB_ENROLMENT_INVALID: 401,
  HUB_SITE_UNAUTHORIZED: 401,
  HUB_INVALID_TELEMETRY: 400,
});
