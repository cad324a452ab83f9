import { describe, expect, it } from 'vitest';
import { createI18n, LANGUAGES, loadResources, negotiateLang } from './i18n.ts';

function keys(obj: unknown, prefix = ''): string[] {
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

describe('translations', () => {
  const res = loadResources();

  it('has every namespace and every key in every language, none empty', () => {
    const cs = res.cs;
    for (const lang of LANGUAGES) {
      expect(Object.keys(res[lang]).sort(), `namespaces of ${lang}`).toEqual(Object.keys(cs).sort());
      for (const ns of Object.keys(cs)) {
        expect(keys(res[lang][ns]).sort(), `${lang}/${ns}.json keys`).toEqual(keys(cs[ns]).sort());
        for (const k of keys(res[lang][ns])) {
          const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], res[lang][ns]);
          expect(typeof v === 'string' && v.trim().length > 0, `${lang}/${ns}.json ${k} is empty`).toBe(true);
        }
      }
    }
  });
});

describe('language negotiation', () => {
  it('prefers an explicit choice', () => {
    expect(negotiateLang({ explicit: 'pl', acceptLanguage: 'de' })).toBe('pl');
  });
  it('falls back from a region subtag to its primary language', () => {
    expect(negotiateLang({ acceptLanguage: 'de-AT,de;q=0.8' })).toBe('de');
    expect(negotiateLang({ acceptLanguage: 'cs_CZ' })).toBe('cs');
  });
  it('honours q-values and skips languages we do not have', () => {
    expect(negotiateLang({ acceptLanguage: 'fr-FR, en;q=0.5, pl;q=0.9' })).toBe('pl');
  });
  it('defaults to Czech, or the first language of the location', () => {
    expect(negotiateLang({ acceptLanguage: 'fr' })).toBe('cs');
    expect(negotiateLang({ acceptLanguage: 'fr', allowed: ['en', 'de'] })).toBe('en');
    expect(negotiateLang({ explicit: 'pl', allowed: ['cs', 'de'] })).toBe('cs');
  });
});
