// Error codes of the display capability (messages in the `kiosk` i18n namespace).
import { defineErrors } from '../platform/errors.ts';

export const KioskErrors = defineErrors('kiosk', {
  KIOSK_DISPLAY_UNKNOWN: 404,
  KIOSK_DISPLAY_OFFLINE: 409,
  KIOSK_EMERGENCY_INVALID: 400,
  KIOSK_COMMAND_INVALID: 400,
});
