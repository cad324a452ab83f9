// Translations: cs (default), en, de, pl; one JSON file per namespace (one per capability) in i18n/<lang>/.
import i18next, { type i18n as I18nInstance, type TFunction } from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LANGUAGES = ['cs', 'en', 'de', 'pl'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'cs';

export const i18nDir = join(dirname(fileURLToPath(import.meta.url)), 'i18n');

export interface I18n {
  t(lang: Lang, key: string, vars?: Record<string, unknown>): string;
  fixedT(lang: Lang): TFunction;
  namespaces: string[];
  resources: Record<string, Record<string, unknown>>;
}

export function loadResources(): Record<Lang, Record<string, Record<string, unknown>>> {
  const out = {} as Record<Lang, Record<string, Record<string, unknown>>>;
  for (const lang of LANGUAGES) {
    out[lang] = {};
    for (const f of readdirSync(join(i18nDir, lang)).filter((f) => f.endsWith('.json'))) {
      const file = join(i18nDir, lang, f);
      try {
        out[lang][f.replace(/\.json$/, '')] = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new Error(`${file}: invalid JSON: ${(err as Error).message}`, { cause: err });
      }
    }
  }
  return out;
}

export function createI18n(): I18n {
  const resources = loadResources();
  const namespaces = Object.keys(resources.cs);
  const inst: I18nInstance = i18next.createInstance();
  inst.init({
    resources,
    lng: DEFAULT_LANG,
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    ns: namespaces,
    defaultNS: 'common',
    initAsync: false,
    interpolation: { escapeValue: false }, // nunjucks autoescapes
    returnNull: false,
  });
  const fixed = new Map<Lang, TFunction>(LANGUAGES.map((l) => [l, inst.getFixedT(l)]));
  return {
    t: (lang, key, vars) => String(fixed.get(lang)!(key, vars as never)),
    fixedT: (lang) => fixed.get(lang)!,
    namespaces,
    resources: resources as never,
  };
}

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/**
 * Picks the language: explicit choice (?lang= or form field) first, then Accept-Language with q-values and
 * primary-subtag fallback (cs-CZ → cs, de-AT → de), then the location's first language.
 */
export function negotiateLang(opts: { explicit?: unknown; acceptLanguage?: string; allowed?: readonly Lang[] }): Lang {
  const allowed = opts.allowed && opts.allowed.length ? opts.allowed : LANGUAGES;
  if (typeof opts.explicit === 'string' && (allowed as readonly string[]).includes(opts.explicit)) return opts.explicit as Lang;
  if (opts.acceptLanguage) {
    const ranges = opts.acceptLanguage
      .split(',')
      .slice(0, 20)
      .map((part, i) => {
        const [tag, ...params] = part.trim().split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        const qv = q ? Number(q.slice(2)) : 1;
        return { tag: (tag ?? '').toLowerCase(), q: Number.isFinite(qv) ? qv : 0, i };
      })
      .filter((r) => r.tag && r.q > 0)
      .sort((a, b) => b.q - a.q || a.i - b.i);
    for (const r of ranges) {
      const primary = r.tag.split(/[-_]/)[0];
      if ((allowed as readonly string[]).includes(primary)) return primary as Lang;
    }
  }
  return allowed[0];
}
