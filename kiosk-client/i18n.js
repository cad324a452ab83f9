// The board's strings: the server hands each display language's raw strings (with {{name}} placeholders) in the
// page's bootstrap data; `translator` looks a key up (falling back to the primary language, then the key) and fills it.

/**
 * Replaces {{name}} placeholders.
 * @param {string} s
 * @param {Record<string, string | number>} vars
 */
export function fill(s, vars) {
  return s.replace(/\{\{(\w+)\}\}/g, (_, k) => (k in vars ? String(vars[k]) : ''));
}

/**
 * @param {Record<string, Record<string, string>>} strings per language, per key
 * @param {string} primary the display's first language
 * @returns {(key: string, vars?: Record<string, string | number>, lang?: string) => string}
 */
export function translator(strings, primary) {
  return (key, vars = {}, lang = primary) => fill(strings[lang]?.[key] ?? strings[primary]?.[key] ?? key, vars);
}
