// Error codes of the RADIUS capability's site API (messages in the `radius` i18n namespace).
import { defineErrors } from '../platform/errors.ts';

export const RadiusErrors = defineErrors('radius', {
  RADIUS_SESSION_NOT_FOUND: 404,
  RADIUS_SESSION_CLOSED: 409,
  RADIUS_NAS_UNKNOWN: 409,
  RADIUS_DISCONNECT_NAK: 502,
  RADIUS_DISCONNECT_TIMEOUT: 504,
});
