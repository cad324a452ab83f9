// Outbound HTTP GET with a deadline and a byte limit: feeds from the internet (GTFS, GTFS-Realtime, regional
// information) must never hang a server or fill its memory.
/** GET with a deadline and a byte limit; redirects are followed (fetch default, at most 20). */
export async function fetchLimited(url: string, opts: { timeoutMs: number; maxBytes: number; userAgent?: string }): Promise<Buffer> {
  const { timeoutMs, maxBytes } = opts;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
  try {
    const res = await fetch(url, { signal: ctl.signal, headers: { 'user-agent': opts.userAgent ?? 'peron', accept: '*/*' } });
    if (!res.ok) throw new Error(`HTTP ${res.status} from the source`);
    const len = Number(res.headers.get('content-length'));
    if (Number.isFinite(len) && len > maxBytes) throw new Error(`larger than ${maxBytes} bytes (Content-Length ${len})`);
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        ctl.abort();
        throw new Error(`larger than ${maxBytes} bytes`);
      }
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  } catch (err) {
    if (ctl.signal.aborted && ctl.signal.reason instanceof Error && !/larger/.test((err as Error).message)) throw ctl.signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
