// Duplicate detection (RFC 5080 §2.2.2): a retransmission (same source ip:port, code, identifier and Request
// Authenticator) gets the cached reply and is never processed twice, also while the first is still in flight.
export type DupState = { kind: 'new' } | { kind: 'pending' } | { kind: 'done'; reply: Buffer };

interface Entry { reply: Buffer | null; expires: number }

export class DupCache {
  private readonly map = new Map<string, Entry>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  static key(address: string, port: number, raw: Buffer): string {
    // code(1) + identifier(1) + Request Authenticator(16)
    return `${address}|${port}|${raw.toString('latin1', 0, 2)}${raw.toString('latin1', 4, 20)}`;
  }

  /** Looks a request up; a new one is recorded as in flight. */
  check(key: string, now: number): DupState {
    const e = this.map.get(key);
    if (e && e.expires > now) return e.reply ? { kind: 'done', reply: e.reply } : { kind: 'pending' };
    if (e) this.map.delete(key);
    this.sweep(now);
    this.map.set(key, { reply: null, expires: now + this.ttlMs });
    return { kind: 'new' };
  }

  /** The reply was sent: keep it for retransmissions. */
  done(key: string, reply: Buffer, now: number): void {
    this.map.delete(key);
    this.map.set(key, { reply, expires: now + this.ttlMs });
  }

  /** Processing gave no reply (dropped, or not durable): a retransmission may try again. */
  forget(key: string): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }

  private sweep(now: number): void {
    // Insertion order is expiry order (constant TTL), so expired entries are at the front.
    for (const [k, e] of this.map) {
      if (e.expires > now && this.map.size < this.maxEntries) break;
      this.map.delete(k);
    }
  }
}
