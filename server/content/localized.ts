// Text given in all four portal languages; Czech is the reference.
import { z } from 'zod';
import type { Lang } from '../platform/i18n.ts';

export const localized = z.strictObject({
  cs: z.string().min(1),
  en: z.string().min(1),
  de: z.string().min(1),
  pl: z.string().min(1),
});
export type Localized = z.infer<typeof localized>;

export function pick(text: Localized | undefined, lang: Lang): string {
  return text ? text[lang] ?? text.cs : '';
}
