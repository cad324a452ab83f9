// The portal's inline stylesheet (no extra request in a captive mini-browser), coloured by the location's
// branding with text colours chosen for WCAG 2.1 AA contrast (1.4.3: 4.5:1), and its CSP hash.
import { createHash } from 'node:crypto';

import { readableAccent } from '../platform/colour.ts';

export { contrast, readableAccent } from '../platform/colour.ts';

export function portalCss(accent: string): string {
  const a = readableAccent(accent);
  return `:root{--a:${a}}*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f4f5f7}
a{color:var(--a);text-underline-offset:2px}
:focus-visible{outline:3px solid #111;outline-offset:2px;box-shadow:0 0 0 5px #fff}
.skip{position:absolute;left:.5rem;top:-3rem;background:#fff;color:#111;padding:.5rem .75rem;z-index:9}
.skip:focus{top:.5rem}
.top{background:var(--a);color:#fff;padding:1rem 1rem 1.25rem}
.top a{color:#fff}.top :focus-visible{outline-color:#fff;box-shadow:0 0 0 5px #111}
.top h1{margin:.1rem 0;font-size:1.5rem;line-height:1.2}.top p{margin:.25rem 0}
.kind{font-size:.85rem;font-weight:700;text-transform:uppercase;letter-spacing:.06em}
.k-railway-station .top{border-bottom:.5rem solid #1a1a1a;background-image:repeating-linear-gradient(90deg,transparent 0 14px,rgba(255,255,255,.22) 14px 18px);background-size:100% 6px;background-repeat:no-repeat;background-position:bottom}
.k-bus-station .top{border-radius:0 0 1.25rem 1.25rem}
.k-bus-station .kind{display:inline-block;background:#fff;color:var(--a);border-radius:1rem;padding:0 .6rem}
.k-interchange .top{border-bottom:.5rem double #fff}
.langs ul{list-style:none;margin:.75rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .5rem}
.langs a{display:inline-block;padding:.35rem .6rem;min-height:44px;line-height:1.9;border:1px solid rgba(255,255,255,.7);border-radius:.3rem;text-decoration:none}
.langs a[aria-current]{background:#fff;color:var(--a);font-weight:700}
main{max-width:40rem;margin:0 auto;padding:0 .75rem 1rem}
section,.card{background:#fff;border-radius:.5rem;padding:.75rem 1rem;margin:.9rem 0;box-shadow:0 1px 2px rgba(0,0,0,.12)}
h2{font-size:1.2rem;margin:.2rem 0 .5rem}
.emergency{border:3px solid #b00020;background:#fff4f4}.emergency h2{color:#b00020}
.ann-warning,.ann-important{border-left:.4rem solid #8a5a00}
.connect{border-top:.35rem solid var(--a)}
button,.btn{display:block;width:100%;font:inherit;font-size:1.15rem;font-weight:700;padding:.8rem 1rem;min-height:48px;border:0;border-radius:.4rem;background:var(--a);color:#fff;cursor:pointer;text-align:center;text-decoration:none}
.small{font-size:.9rem;color:#444}
details{margin-top:.6rem}summary{cursor:pointer;color:var(--a);font-weight:600;padding:.3rem 0}
table{width:100%;border-collapse:collapse;font-size:.95rem}th,td{text-align:left;padding:.35rem .3rem;border-bottom:1px solid #ddd;vertical-align:top}
th{font-size:.8rem;color:#444}.late{color:#a40000;font-weight:700}.cancel{color:#a40000;font-weight:700}
.line{display:inline-block;min-width:2.2rem;padding:0 .3rem;border-radius:.25rem;background:#1a1a1a;color:#fff;font-weight:700;text-align:center}
.tiles{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(15rem,100%),1fr));gap:.6rem}
.tiles li,.card p{min-width:0;overflow-wrap:anywhere}
.tiles a{display:block;padding:.6rem .75rem;border:1px solid #ccd;border-radius:.4rem;text-decoration:none;min-height:44px}
.tiles strong{display:block}.tiles span{display:block;color:#444;font-size:.9rem}
.notice{color:#444;font-style:italic}
footer{max-width:40rem;margin:0 auto;padding:1rem .75rem 2rem;font-size:.85rem;color:#444}
`;
}

/** The CSP source for an inline <style> element (CSP3 'sha256-…'). */
export function styleHash(css: string): string {
  return `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
}
