// Sends a prebuilt dataset file: strong ETag (its sha256), Content-Length, Content-Disposition, conditional GET.
// Returns true when the file itself went out (a GET answered 200): that is what counts as a download.
import type { Request, Response } from 'express';
import { MEDIA_TYPES, type Format } from './datasets.ts';

export function contentTypeOf(format: Format): string {
  return format === 'CSV' ? 'text/csv; charset=utf-8' : `${MEDIA_TYPES[format]}; charset=utf-8`;
}

export function sendDatasetFile(req: Request, res: Response, f: { name: string; format: Format; body: Buffer; sha256: string }): boolean {
  const etag = `"${f.sha256}"`;
  res.set({
    'content-type': contentTypeOf(f.format),
    'content-disposition': `attachment; filename="${f.name}"`,
    etag,
    'cache-control': 'public, max-age=300',
    'access-control-allow-origin': '*',
  });
  const inm = req.headers['if-none-match'];
  if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    res.status(304).end();
    return false;
  }
  res.set('content-length', String(f.body.length));
  res.status(200).end(req.method === 'HEAD' ? undefined : f.body);
  return req.method === 'GET';
}
