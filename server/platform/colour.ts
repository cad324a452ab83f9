// WCAG 2.1 colour contrast (1.4.3): every page that paints a location's accent behind white text goes through
// readableAccent, so a light branding colour can never make a heading unreadable.

function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/** WCAG 2.1 contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** Darkens a colour until white text on it reaches 4.5:1. */
export function readableAccent(accent: string): string {
  let c = accent.toLowerCase();
  for (let i = 0; i < 20 && contrast(c, '#ffffff') < 4.5; i++) {
    c = '#' + [1, 3, 5].map((j) => Math.floor(parseInt(c.slice(j, j + 2), 16) * 0.85).toString(16).padStart(2, '0')).join('');
  }
  return c;
}

