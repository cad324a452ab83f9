import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { acceptsGzip, createGzipSplice } from './gzip-splice.ts';

describe('gzip splice', () => {
  const head = Buffer.from('<!doctype html><html lang="cs"><head><title>Wi-Fi Liberec</title></head><body>' + 'Připojit se k Wi-Fi '.repeat(300));
  const tail = Buffer.from('</form>' + '<p>Odjezdy z nádraží · Liberec → Jablonec</p>'.repeat(200) + '</body></html>');

  it('decodes to head + middle + tail for any middle, including empty and over one stored block', () => {
    const g = createGzipSplice(head, tail);
    for (const middle of [Buffer.alloc(0), Buffer.from('<input type="hidden" name="t" value="abc.def">'), Buffer.alloc(70_000, 'ž')]) {
      const body = g.encode(middle);
      expect(gunzipSync(body).equals(Buffer.concat([head, middle, tail]))).toBe(true);
    }
  });

  it('is much smaller than the page', () => {
    const body = createGzipSplice(head, tail).encode(Buffer.from('<input name="t" value="x">'));
    expect(body.length).toBeLessThan((head.length + tail.length) / 5);
  });

  it('reads Accept-Encoding like RFC 9110', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
