// The nunjucks environment, built once with an explicit loader over templates/; output is always autoescaped.
import nunjucks from 'nunjucks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { I18n, Lang } from './i18n.ts';

export const templatesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

export interface Renderer {
  env: nunjucks.Environment;
  /** Renders a template with `t` bound to the language and `lang` set. */
  render(name: string, lang: Lang, ctx?: Record<string, unknown>): string;
}

export function createRenderer(i18n: I18n, opts: { watch?: boolean } = {}): Renderer {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templatesDir, { watch: opts.watch ?? false, noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('json', (v: unknown) => new nunjucks.runtime.SafeString(JSON.stringify(v).replace(/</g, '\\u003c')));
  return {
    env,
    render(name, lang, ctx = {}) {
      const t = i18n.fixedT(lang);
      return env.render(name, { ...ctx, lang, t });
    },
  };
}
