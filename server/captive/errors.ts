// Error codes of the captive portal; each has a translated guest message in i18n/<lang>/captive.json.
import { defineErrors } from '../platform/errors.ts';

export const CaptiveErrors = defineErrors('captive', {
  CAPTIVE_BAD_SIGNATURE: 403,
  CAPTIVE_REPLAYED: 403,
  CAPTIVE_BAD_CONTROLLER_DATA: 400,
  CAPTIVE_FORM_EXPIRED: 403,
  CAPTIVE_NOT_CONFIGURED: 500,
  CAPTIVE_GATEWAY_UNKNOWN: 403,
  /** the Wi-Fi gateway sends a redirect Peron cannot use (openNDS FAS level 0/2/3, no faskey): its configuration must change */
  CAPTIVE_CONTROLLER_MISCONFIGURED: 502,
  /** /go/<id> for an id the current signpost does not list: a 404 page, never a redirect */
  CAPTIVE_LINK_UNKNOWN: 404,
});
