// Duplicate detection (RFC 5080 §2.2.2): a retransmission (same source ip:port, code, identifier and Request
// Authenticator) gets the cached reply and is never processed twice, also while the first is still in flight.
export type DupState = { kind: 'new' } | { kind: 'pending' } | { kind: 'done'; reply: Buffer };

interface Entry { reply: Buffer | null; expires: number }

/**
 * A Map for lookups plus a FIFO of keys for expiry. Expiring by iterating the Map from the front was O(holes):
 * V8 keeps deleted slots until a rehash, so a busy cache spent most of its time skipping them.
 */
export class DupCache {
  private readonly map = new Map<string, Entry>();
  private queue: string[] = [];
  private head = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  constructor(ttlMs: number, maxEntries: number) {
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
  }

  static key(address: string, port: number, raw: Buffer): string {
    // code(1) + identifier(1) + Request Authenticator(16)
    return `${address}|${port}|${raw.toString('latin1', 0, 2)}${raw.toString('latin1', 4, 20)}`;
  }

  /** Looks a request up; a new one is recorded as in flight. */
  check(key: string, now: number): DupState {
    const e = this.map.get(key);
    if (e) {
      if (e.expires > now) return e.reply ? { kind: 'done', reply: e.reply } : { kind: 'pending' };
      this.map.delete(key);
    }
    this.sweep(now);
    this.map.set(key, { reply: null, expires: now + this.ttlMs });
    this.queue.push(key);
    return { kind: 'new' };
  }

  /** The reply was sent: keep it for retransmissions. */
  done(key: string, reply: Buffer, now: number): void {
    const e = this.map.get(key);
    if (e) {
      e.reply = reply;
      e.expires = now + this.ttlMs;
      return;
    }
    this.map.set(key, { reply, expires: now + this.ttlMs });
    this.queue.push(key);
  }

  /** Processing gave no reply (dropped, or not durable): a retransmission may try again. */
  forget(key: string): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }

  private sweep(now: number): void {
    // Keys are queued in arrival order, which is expiry order (constant TTL) up to processing time.
    while (this.head < this.queue.length) {
      const k = this.queue[this.head];
      const e = this.map.get(k);
      const full = this.map.size >= this.maxEntries;
      if (e && e.expires > now && !full) break;
      if (e && (e.expires <= now || full)) this.map.delete(k);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
