// Error codes of the departures capability (messages in the `departures` i18n namespace).
import { defineErrors } from '../platform/errors.ts';

export const DeparturesErrors = defineErrors('departures', {
  DEPARTURES_BAD_QUERY: 400,
});
