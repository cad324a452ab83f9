import { describe, expect, it } from 'vitest';
import { safeUserUrl } from './userurl.ts';

describe('userurl safety', () => {
  it('keeps absolute http and https URLs', () => {
    expect(safeUserUrl('http://example.com/a?b=1')?.href).toBe('http://example.com/a?b=1');
    expect(safeUserUrl('https://www.idos.cz/')?.host).toBe('www.idos.cz');
  });
  it('refuses other schemes and parser tricks', () => {
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', '//evil.example/', '/\\evil.example', 'http:\\\\evil.example', 'http:/evil.example', 'http://user:pw@evil.example/', 'http://exa mple.com', 'http://a\nb.com', 'ftp://x', '', 'x'.repeat(3000)]) {
      expect(safeUserUrl(bad), bad).toBeNull();
    }
    expect(safeUserUrl(42)).toBeNull();
  });
});
