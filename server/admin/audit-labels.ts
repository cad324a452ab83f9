// The audit page in words: an event code ('draft.emergency', 'feedback.answer', 'signin.failed') becomes the
// sentence an administrator reads ("Úprava konceptu: Mimořádné hlášení"); a code without a label (a new
// capability's) is shown as it is, so nothing recorded is ever hidden.
type T = (key: string) => string;

const key = (a: string) => `admin:audit.actions.${a.replace(/\./g, '_')}`;

/** i18next answers a missing key with the key itself, without its namespace */
const known = (t: T, k: string): string | undefined => {
  const v = t(k);
  return v === k || v === k.slice(k.indexOf(':') + 1) ? undefined : v;
};

export function auditActionLabel(t: T, action: string): string {
  const exact = known(t, key(action));
  if (exact) return exact;
  const dot = action.indexOf('.');
  if (dot > 0) {
    const group = known(t, key(action.slice(0, dot)));
    const rest = action.slice(dot + 1);
    if (group) return `${group}: ${known(t, `admin:sections.${rest}`) ?? known(t, key(`${action.slice(0, dot)}_${rest}`)) ?? rest}`;
  }
  return action;
}
