// The site sync agent: pulls the site's signed release pointer (start, poke, timer; backoff with full jitter),
// fetches missing blobs, verifies everything (signature against the trusted key set, site id, version above the last
// trusted one, expiry, hashes and sizes), persists trust, then switches the content atomically. It never blanks.
import { writeFileAtomicSync } from '../platform/atomic-file.ts';
import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { locationSchema, type ContentService } from '../content/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { BlobMismatch, type Cas } from './cas.ts';
import { fullJitter } from '../platform/backoff.ts';
import { LOCATION_ITEM, parsePublicKey, keyIdOf, sha256, verifyEnvelope, type Manifest, type RefusalReason } from '../protocol/index.ts';
import type { SyncStore } from './store.ts';
import { readLimited, TooLarge } from './read-limited.ts';

export interface AgentOptions {
  store: SyncStore;
  cas: Cas;
  content: ContentService;
  clock: Clock;
  log: Logger;
  hubUrl?: string;
  siteId: string;
  credential?: string;
  /** keys from config and from the enrolment file */
  baseKeys: string[];
  pollSeconds: number;
  retryBaseMs: number;
  retryMaxMs: number;
  keepReleases: number;
  onSwitched?: (version: number) => void;
  onRefused?: (reason: RefusalReason) => void;
  onPull?: (result: PullResult) => void;
  random?: () => number;
  fetch?: typeof fetch;
  /** a copy of every trusted envelope on disk (<dataDir>/sync/releases/): content survives the loss of the database */
  releasesDir?: string;
}

export type PullResult = 'unchanged' | 'switched' | 'none' | 'refused' | 'error';

export interface Refusal {
  at: number;
  reason: RefusalReason;
  message: string;
  version?: number;
}

class Refused extends Error {
  readonly reason: RefusalReason;
  readonly version?: number;
  constructor(reason: RefusalReason, message: string, version?: number) {
    super(message);
    this.reason = reason;
    this.version = version;
  }
}

const TIMEOUT_MS = 15_000;
const MAX_MANIFEST_BYTES = 1 << 20;

export function createAgent(o: AgentOptions) {
  const log = o.log;
  const random = o.random ?? Math.random;
  const doFetch = o.fetch ?? fetch;
  const trusted = new Map<string, KeyObject>();
  const addTrusted = (text: string, from: string) => {
    try {
      const k = parsePublicKey(text);
      trusted.set(keyIdOf(k), k);
    } catch (err) {
      log.error({ err, from }, 'ignoring an unreadable trusted key');
    }
  };
  for (const k of o.baseKeys) addTrusted(k, 'config/enrolment');
  for (const k of o.store.keys()) addTrusted(k.public_key, 'learned');

  let current: Manifest | undefined;
  let etag: string | undefined = o.store.state('etag');
  let timer: NodeJS.Timeout | undefined;
  let nextAt = 0;
  let running: Promise<PullResult> | undefined;
  let again = false;
  let attempt = 0;
  let stopped = true;
  let retryable = false;
  const status = {
    lastCheckAt: null as number | null,
    lastSuccessAt: null as number | null,
    unreachableSince: null as number | null,
    lastError: null as string | null,
    refusals: [] as Refusal[],
  };

  function manifestOf(envelope: string): Manifest {
    const v = verifyEnvelope(JSON.parse(envelope), trusted);
    if (!v.ok) throw new Refused(v.reason, v.message);
    return v.manifest;
  }

  function filesOf(m: Manifest): { location: unknown; files: Record<string, Buffer> } {
    let location: unknown;
    const files: Record<string, Buffer> = {};
    for (const item of m.items) {
      const buf = o.cas.read(item.sha256, item.size);
      if (item.name === LOCATION_ITEM) {
        try {
          location = JSON.parse(buf.toString('utf8'));
        } catch {
          throw new Refused('invalid-content', `${LOCATION_ITEM} is not JSON`, m.version);
        }
      } else files[item.name] = buf;
    }
    if (location === undefined) throw new Refused('invalid-content', `the release has no ${LOCATION_ITEM}`, m.version);
    return { location, files };
  }

  function saveEnvelope(version: number, text: string) {
    if (!o.releasesDir) return;
    try {
      mkdirSync(o.releasesDir, { recursive: true });
      const f = join(o.releasesDir, `${version}.json`);
      writeFileAtomicSync(f, text);
    } catch (err) {
      log.warn({ err, version }, 'cannot keep a copy of the trusted release on disk');
    }
  }

  /** After the database was lost (moved aside as corrupt): the kept envelopes on disk, verified again, restore trust. */
  function restoreFromDisk() {
    if (!o.releasesDir || o.store.versions().length || !existsSync(o.releasesDir)) return;
    const files = readdirSync(o.releasesDir).filter((f) => /^\d+\.json$/.test(f)).sort((a, b) => parseInt(a) - parseInt(b)); // oldest first, so versions rise
    for (const f of files) {
      try {
        const text = readFileSync(join(o.releasesDir, f), 'utf8');
        const m = manifestOf(text);
        if (m.siteId !== o.siteId || m.version <= o.store.lastTrustedVersion()) continue;
        o.store.trust(m.version, text, o.clock.now(), m.keys);
        for (const k of m.keys) addTrusted(k.publicKey, `disk:${m.version}`);
        log.warn({ version: m.version }, 'the database had no trusted release; restored it from the copy on disk');
      } catch (err) {
        log.error({ err, file: f }, 'a kept release on disk does not verify; ignored');
      }
    }
  }

  /** At start, before serving: the last trusted release, re-verified from disk; an older kept one if it is damaged. */
  function loadTrusted(): number | null {
    restoreFromDisk();
    const versions = o.store.versions();
    const cur = o.store.currentVersion();
    for (const v of [cur, ...versions.filter((x) => x !== cur)]) {
      const row = v ? o.store.release(v) : undefined;
      if (!row) continue;
      try {
        const m = manifestOf(row.envelope);
        const { location, files } = filesOf(m);
        o.content.replace(location, `release:${m.version}`, files);
        current = m;
        if (v !== cur) log.error({ version: v, current: cur }, 'the current release is damaged on disk; serving an older trusted release');
        else log.info({ version: v }, 'serving the last trusted release');
        return v;
      } catch (err) {
        log.error({ err, version: v }, 'cannot load a trusted release from disk');
      }
    }
    if (cur) log.error({ version: cur }, 'no trusted release could be loaded; serving the location file');
    return null;
  }

  function refuse(r: Refused): PullResult {
    const entry: Refusal = { at: o.clock.now(), reason: r.reason, message: r.message, version: r.version };
    status.refusals = [entry, ...status.refusals].slice(0, 10);
    log.warn({ reason: r.reason, version: r.version, serving: current?.version ?? null }, `release refused: ${r.message}`);
    o.onRefused?.(r.reason);
    return 'refused';
  }

  async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return doFetch(`${o.hubUrl!.replace(/\/$/, '')}${path}`, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  }

  async function download(item: Manifest['items'][number], version: number) {
    const res = await get(`/blobs/sha256/${item.sha256}`);
    if (!res.ok) throw new Error(`blob ${item.sha256}: HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared !== item.size) {
      await res.body?.cancel();
      throw new Refused('blob-mismatch', `blob ${item.name}: ${declared} bytes offered, manifest says ${item.size}`, version);
    }
    let body: Buffer;
    try {
      // the manifest's size is the limit: the body is cancelled at the first byte beyond it
      body = await readLimited(res, item.size, `blob ${item.name}`);
    } catch (err) {
      if (err instanceof TooLarge) throw new Refused('blob-mismatch', `blob ${item.name}: longer than the ${item.size} bytes in the manifest`, version);
      throw err;
    }
    try {
      await o.cas.put(item.sha256, item.size, body);
    } catch (err) {
      if (err instanceof BlobMismatch) throw new Refused('blob-mismatch', `${item.name}: ${err.message}`, version);
      throw err;
    }
  }

  async function pullOnce(): Promise<PullResult> {
    status.lastCheckAt = o.clock.now();
    const res = await get(`/sites/${encodeURIComponent(o.siteId)}/latest`, etag ? { 'If-None-Match': etag } : {});
    if (res.status === 304) return 'unchanged';
    if (res.status === 404) {
      await res.body?.cancel();
      return 'none';
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`hub answered HTTP ${res.status}`);
    }
    let text: string;
    try {
      text = (await readLimited(res, MAX_MANIFEST_BYTES, 'the release pointer')).toString('utf8');
    } catch (err) {
      if (err instanceof TooLarge) return refuse(new Refused('malformed', `the release pointer is larger than ${MAX_MANIFEST_BYTES} bytes`));
      throw err;
    }
    const newEtag = res.headers.get('etag') ?? undefined;
    // A refused pointer is remembered by its ETag so that it is not fetched and refused again until it changes.
    const remember = () => {
      if (newEtag) {
        etag = newEtag;
        o.store.setState('etag', newEtag);
      }
    };
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        throw new Refused('malformed', 'the release pointer is not JSON');
      }
      const v = verifyEnvelope(raw, trusted);
      if (!v.ok) throw new Refused(v.reason, v.message);
      const m = v.manifest;
      if (m.siteId !== o.siteId) throw new Refused('wrong-site', `the release is addressed to site ${m.siteId}, this is ${o.siteId}`, m.version);
      const here = o.content.current().location.id;
      if (m.locationId !== here) throw new Refused('wrong-site', `the release is for location ${m.locationId}, this site serves ${here}`, m.version);
      const last = o.store.lastTrustedVersion();
      if (m.version === last && current && sha256(text) === sha256(o.store.release(last)?.envelope ?? '')) {
        remember();
        return 'unchanged';
      }
      if (m.version <= last) throw new Refused('rollback', `version ${m.version} is not newer than the trusted version ${last}`, m.version);
      if (Date.parse(m.expiresAt) <= o.clock.now()) throw new Refused('expired', `the release expired at ${m.expiresAt}`, m.version);

      const missing = m.items.filter((i) => !o.cas.has(i.sha256));
      for (let i = 0; i < missing.length; i += 4) await Promise.all(missing.slice(i, i + 4).map((item) => download(item, m.version)));

      const { location, files } = filesOf(m);
      const parsed = locationSchema.safeParse(location);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Refused('invalid-content', `${LOCATION_ITEM} ${issue.path.join('.')}: ${issue.message}`, m.version);
      }
      // Switch, then persist trust: if the switch throws nothing is trusted; a crash in between restarts into the
      // previous trusted release and pulls this one again (versions only grow, so that is no rollback).
      try {
        o.content.replace(parsed.data, `release:${m.version}`, files);
      } catch (err) {
        throw new Refused('invalid-content', `the content service refused the release: ${(err as Error).message}`, m.version);
      }
      o.store.trust(m.version, text, o.clock.now(), m.keys);
      saveEnvelope(m.version, text);
      for (const k of m.keys) addTrusted(k.publicKey, `release:${m.version}`);
      current = m;
      remember();
      gc();
      log.info({ version: m.version, keyId: v.keyId, items: m.items.length, downloaded: missing.length }, 'switched to a new release');
      o.onSwitched?.(m.version);
      return 'switched';
    } catch (err) {
      if (err instanceof Refused) {
        // A bad blob may be a broken cache or proxy on the way: retry the same pointer with backoff.
        // A bad pointer (signature, address, version) is remembered until the hub publishes another.
        if (err.reason === 'blob-mismatch') retryable = true;
        else remember();
        return refuse(err);
      }
      throw err;
    }
  }

  /** Keeps the newest keepReleases manifests and the blobs they reference. */
  function gc() {
    const versions = o.store.versions();
    for (const v of versions.slice(o.keepReleases)) {
      o.store.deleteRelease(v);
      if (o.releasesDir) try { unlinkSync(join(o.releasesDir, `${v}.json`)); } catch { /* not kept on disk */ }
    }
    const keep = new Set<string>();
    for (const env of o.store.allEnvelopes()) {
      try {
        for (const i of manifestOf(env).items) keep.add(i.sha256);
      } catch {
        /* an unverifiable manifest keeps nothing */
      }
    }
    o.cas.gc(keep);
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    const at = Date.now() + delayMs;
    if (timer && nextAt <= at) return;
    if (timer) clearTimeout(timer);
    nextAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      void pull();
    }, delayMs);
    timer.unref?.();
  }

  /** One pull now (or after the one in flight); always reschedules the next poll or retry. */
  async function pull(): Promise<PullResult> {
    if (!o.hubUrl) return 'none';
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let result: PullResult;
      try {
        retryable = false;
        result = await pullOnce();
        attempt = retryable ? attempt + 1 : 0;
        status.lastSuccessAt = o.clock.now();
        status.unreachableSince = null;
        status.lastError = null;
      } catch (err) {
        result = 'error';
        attempt++;
        status.unreachableSince ??= o.clock.now();
        status.lastError = (err as Error).message;
        log.warn({ err: (err as Error).message, attempt }, 'cannot reach the hub; keeping the current release');
      }
      o.onPull?.(result);
      return result;
    })();
    try {
      return await running;
    } finally {
      running = undefined;
      const delay =
        attempt > 0
          ? Math.max(50, fullJitter(attempt, o.retryBaseMs, o.retryMaxMs, random))
          : Math.round(o.pollSeconds * 1000 * (0.9 + 0.2 * random()));
      schedule(again ? 0 : delay);
      again = false;
    }
  }

  return {
    loadTrusted,
    pull,
    /** a poke: pull after a random delay in [0, maxDelayMs] unless we already have that version */
    poked(version: number, maxDelayMs: number) {
      if (version <= o.store.lastTrustedVersion()) return;
      schedule(Math.floor(random() * maxDelayMs));
    },
    start() {
      stopped = false;
      if (o.hubUrl) schedule(0);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    idle: () => (running ?? Promise.resolve('none' as PullResult)).then(() => undefined),
    trustedKeyIds: () => [...trusted.keys()],
    /** the keys trusted for releases, also for the county alert state */
    trusted: (): ReadonlyMap<string, KeyObject> => trusted,
    current: () => current,
    metadataStale: () => (current ? Date.parse(current.expiresAt) <= o.clock.now() : false),
    status: () => ({ ...status, checking: running !== undefined, lastTrustedVersion: o.store.lastTrustedVersion() }),
  };
}

export type Agent = ReturnType<typeof createAgent>;
