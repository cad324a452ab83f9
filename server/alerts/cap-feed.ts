// The hub's CAP 1.2 feed reader: every alerts.capPollSeconds it reads each configured feed (bounded in size and
// time), follows Atom/RSS entries to their CAP documents, and turns the alerts for the region into county alerts
// (source and audit actor cap:<feed id>). Keyed by CAP sender + identifier, so re-reading changes nothing and signs
// no new state. A document that is not CAP is refused with its error on /admin/alerts; what was taken stays.
import type { Clock } from '../platform/clock.ts';
import { fetchLimited } from '../platform/http-fetch.ts';
import type { Logger } from '../platform/log.ts';
import { repeat } from '../platform/repeat.ts';
import { decide, type CapDecision } from './cap-ingest.ts';
import { readFeedDocument, type CapAlert } from './cap-parse.ts';
import type { AlertsConfig, CapFeed } from './config.ts';
import { MAX_LIVE, type AlertsHub } from './hub.ts';

export interface CapFeedStatus {
  id: string;
  url: string;
  /** ms since epoch of the last read (good or not) */
  lastReadAt: number | null;
  lastOkAt: number | null;
  lastError: string | null;
  /** CAP alerts of the region in the last good read */
  inRegion: number;
}

const MAX_LINKS = 50;
const TIMEOUT_MS = 15_000;

export function createCapFeedReader(d: { hub: AlertsHub; clock: Clock; log: Logger; config: AlertsConfig }) {
  const { hub, clock, log, config: cfg } = d;
  const status = new Map<string, CapFeedStatus>(cfg.capFeeds.map((f) => [f.id, { id: f.id, url: f.url, lastReadAt: null, lastOkAt: null, lastError: null, inRegion: 0 }]));
  /** linked CAP documents by URL, re-read only when their entry's updated/pubDate changes */
  const linked = new Map<string, { updated: string; alert: CapAlert }>();
  const rules = { region: cfg.region, minSeverity: cfg.capMinSeverity, urgency: cfg.capUrgency, maxHours: cfg.maxHours };

  const download = async (url: string) => (await fetchLimited(url, { timeoutMs: TIMEOUT_MS, maxBytes: cfg.capMaxBytes, userAgent: 'peron-hub (CAP reader)' })).toString('utf8');

  /** The CAP alerts a feed holds now, and the errors of the documents refused (named by URL). */
  async function collect(feed: CapFeed): Promise<{ alerts: CapAlert[]; errors: string[] }> {
    let doc;
    try {
      doc = readFeedDocument(await download(feed.url));
    } catch (err) {
      return { alerts: [], errors: [`${feed.url}: ${(err as Error).message}`] };
    }
    const alerts = [...doc.alerts];
    const errors: string[] = [];
    for (const link of doc.links.slice(0, MAX_LINKS)) {
      let url: string;
      try {
        url = new URL(link.url, feed.url).href;
        if (!/^https?:$/.test(new URL(url).protocol)) throw new Error('only http(s) links are followed');
      } catch (err) {
        errors.push(`${link.url}: ${(err as Error).message}`);
        continue;
      }
      const hit = linked.get(url);
      if (hit && link.updated && hit.updated === link.updated) {
        alerts.push(hit.alert);
        continue;
      }
      try {
        const one = readFeedDocument(await download(url));
        if (one.alerts.length !== 1 || one.links.length) throw new Error('an entry must link to one CAP <alert> document');
        linked.set(url, { updated: link.updated, alert: one.alerts[0] });
        alerts.push(one.alerts[0]);
      } catch (err) {
        errors.push(`${url}: ${(err as Error).message}`);
      }
    }
    return { alerts, errors };
  }

  /** Applies the decisions in the order the alerts were sent; true when the alert state changed. */
  function apply(feed: CapFeed, alerts: CapAlert[], errors: string[]): { changed: boolean; inRegion: number } {
    const now = clock.now();
    const actor = `cap:${feed.id}`;
    const decisions: [CapAlert, CapDecision][] = [...alerts].sort((a, b) => a.sent - b.sent).map((a) => [a, decide(a, rules, now)]);
    const superseded = new Set(decisions.flatMap(([, x]) => (x.kind === 'ignore' ? [] : x.ends)));
    let changed = false;
    let inRegion = 0;
    for (const [a, x] of decisions) {
      if (x.kind === 'ignore') continue;
      for (const id of x.ends) if (hub.get(id) && hub.end(id, actor, { publish: false })) changed = true;
      if (x.kind !== 'issue') continue;
      inRegion++;
      if (superseded.has(x.id) || hub.get(x.id)) continue; // taken before (maybe ended since), or replaced already
      if (hub.live().length >= MAX_LIVE) {
        errors.push(`${a.sender} ${a.identifier}: not taken, ${MAX_LIVE} alerts are in force already (the most one signed state carries)`);
        continue;
      }
      try {
        hub.put({ id: x.id, text: x.text, severity: x.severity, locations: feed.locations, expiresAt: x.expiresAt, source: actor }, actor, { publish: false });
        changed = true;
        log.info({ feed: feed.id, id: x.id, identifier: a.identifier, severity: x.severity }, 'CAP alert taken as a county alert');
      } catch (err) {
        errors.push(`${a.sender} ${a.identifier}: ${(err as Error).message}`);
      }
    }
    return { changed, inRegion };
  }

  let stopped = false;
  async function readFeed(feed: CapFeed): Promise<boolean> {
    const { alerts, errors } = await collect(feed);
    if (stopped) return false; // the hub closed during the download
    const { changed, inRegion } = apply(feed, alerts, errors);
    const s = status.get(feed.id)!;
    const now = clock.now();
    const error = errors.length ? errors.join('; ') : null;
    if (error && error !== s.lastError) log.warn({ feed: feed.id, url: feed.url, error }, 'CAP feed: document refused, the last good state is kept');
    Object.assign(s, { lastReadAt: now, lastError: error, ...(error ? {} : { lastOkAt: now, inRegion }) });
    return changed;
  }

  let running: Promise<void> = Promise.resolve();
  /** Reads every feed once (one read at a time; a call during a read waits for it and reads again). */
  function readAll(): Promise<void> {
    running = running.catch(() => undefined).then(async () => {
      let changed = false;
      for (const f of cfg.capFeeds) if (!stopped && (await readFeed(f))) changed = true;
      if (changed && !stopped) hub.publish();
    });
    return running;
  }

  const timer = repeat('CAP feed read', cfg.capPollSeconds * 1000, readAll, log);
  return {
    readAll,
    status: () => [...status.values()].map((s) => ({ ...s })),
    start: () => {
      stopped = false;
      if (cfg.capFeeds.length) timer.start();
    },
    /** stops the timer; a download under way is dropped when it ends (it is bounded in time) */
    stop: () => {
      stopped = true;
      timer.stop();
    },
  };
}

export type CapFeedReader = ReturnType<typeof createCapFeedReader>;
