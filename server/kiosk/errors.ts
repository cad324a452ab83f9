// Error codes of the display capability (messages in the `kiosk` i18n namespace).
import { defineErrors } from '../platform/errors.ts';

export const KioskErrors = defineErrors('kiosk', {
  DISPLAY_UNKNOWN: 404,
  DISPLAY_OFFLINE: 409,
  EMERGENCY_INVALID: 400,
  COMMAND_INVALID: 400,
});
