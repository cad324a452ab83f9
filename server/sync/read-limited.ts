// Reads an HTTP answer from the hub with a byte limit, streaming: a hostile or broken hub (or a proxy on the way)
// cannot fill the site's memory — the body is cancelled as soon as it passes the limit.
export class TooLarge extends Error {
  readonly limit: number;
  constructor(what: string, limit: number) {
    super(`${what} is larger than ${limit} bytes`);
    this.limit = limit;
    this.name = 'TooLarge';
  }
}

export async function readLimited(res: Response, maxBytes: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new TooLarge(what, maxBytes);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Buffer[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.byteLength;
    if (n > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new TooLarge(what, maxBytes);
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, n);
}
