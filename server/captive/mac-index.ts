// An in-memory index of live acceptances for MAC authentication: keyed MAC hash → that MAC's latest acceptance at
// the current location and terms version. RADIUS asks once per Access-Request; SQLite stays the durable record and
// the index is only a copy of it: loaded from SQLite on first use, updated on record and purge, rebuilt when the
// content (location, terms version, remember window) changes, and any question it cannot answer exactly goes to
// SQLite (see `lookup`).
import type { ContentSnapshot } from '../content/index.ts';

export interface IndexedAcceptance { id: string; acceptedAt: number }

export interface MacIndexSource {
  /** every acceptance with a MAC at this location and terms version accepted after `since`, oldest first */
  macsSince(location: string, terms: string, since: number): Iterable<{ mac_hash: string; id: string; accepted_at: number }>;
}

/** Entries this much older than the widest window are dropped at purge; lookups reaching back further use SQLite. */
const PRUNE_SLACK_MS = 60 * 60 * 1000;

export class MacIndex {
  private map = new Map<string, IndexedAcceptance>();
  /** the index holds every acceptance accepted after `floor` (older ones may be missing) */
  private floor = Infinity;
  private key = '';
  private snap: ContentSnapshot | null = null;

  private readonly source: MacIndexSource;
  /** the widest window findByMac may ask about for this content (remember window or fresh-Connect window) */
  private readonly widest: (snap: ContentSnapshot) => number;

  constructor(source: MacIndexSource, widest: (snap: ContentSnapshot) => number) {
    this.source = source;
    this.widest = widest;
  }

  /**
   * The latest acceptance in (since, until] for this MAC hash, null when there is none, or undefined when only
   * SQLite can tell (the question reaches back before the index's floor, or the latest entry lies beyond `until`).
   */
  lookup(snap: ContentSnapshot, macHash: string, since: number, until: number, now: number): IndexedAcceptance | null | undefined {
    if (snap !== this.snap) this.sync(snap, now);
    if (since < this.floor) return undefined;
    const e = this.map.get(macHash);
    if (!e || e.acceptedAt <= since) return null;
    return e.acceptedAt <= until ? e : undefined;
  }

  /** A committed acceptance (call after the SQLite write). */
  add(snap: ContentSnapshot, macHash: string, id: string, acceptedAt: number): void {
    if (!this.snap) return; // not loaded yet: the next lookup loads this row from SQLite
    if (this.key !== this.keyOf(snap)) {
      this.snap = null; // other content than the index was built for: reload on the next lookup
      return;
    }
    const e = this.map.get(macHash);
    if (!e || e.acceptedAt <= acceptedAt) this.map.set(macHash, { id, acceptedAt });
  }

  /** SQLite deleted acceptances older than `before`; entries far outside every window go too. */
  purged(before: number, now: number): void {
    if (!this.snap) return;
    const cut = Math.max(before, now - this.widest(this.snap) - PRUNE_SLACK_MS);
    for (const [k, e] of this.map) if (e.acceptedAt < cut) this.map.delete(k);
    // entries older than `cut` may now be missing: only SQLite can answer about that time
    if (cut > this.floor) this.floor = cut;
  }

  /** Forget everything; the next lookup reloads from SQLite. */
  reset(): void {
    this.snap = null;
    this.key = '';
  }

  get size(): number {
    return this.map.size;
  }

  /** what the index depends on: location, terms version and the widest window */
  private keyOf(snap: ContentSnapshot): string {
    return `${snap.location.id}\0${snap.location.terms.version}\0${this.widest(snap)}`;
  }

  private sync(snap: ContentSnapshot, now: number): void {
    const key = this.keyOf(snap);
    if (this.snap && key === this.key) {
      this.snap = snap;
      return;
    }
    const floor = now - this.widest(snap) - PRUNE_SLACK_MS;
    const map = new Map<string, IndexedAcceptance>();
    for (const r of this.source.macsSince(snap.location.id, snap.location.terms.version, floor)) map.set(r.mac_hash, { id: r.id, acceptedAt: r.accepted_at });
    this.map = map;
    this.floor = floor;
    this.key = key;
    this.snap = snap;
  }
}

