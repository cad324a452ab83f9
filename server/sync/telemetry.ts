// Telemetry outbox: heartbeats and hourly figures, built from the prom-client counters other capabilities register
// (server/platform/metric-names.ts) as deltas, queued in SQLite and deleted only once the hub acknowledged them.
// Only counts and display ids leave the site — nothing personal.
import type { Registry } from 'prom-client';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { METRICS } from '../platform/metric-names.ts';
import { fullJitter } from '../platform/backoff.ts';
import { hourKey, type TelemetryBatch, type TelemetryBody } from '../protocol/index.ts';
import type { HourDelta, SyncStore } from './store.ts';

type Values = { value: number; labels: Record<string, string | number | undefined> }[];

async function valuesOf(metrics: Registry, name: string): Promise<Values> {
  const m = metrics.getSingleMetric(name);
  if (!m) return [];
  try {
    return ((await m.get()).values ?? []) as Values;
  } catch {
    return [];
  }
}

const sum = (vs: Values, pred: (l: Values[number]['labels']) => boolean = () => true) => vs.filter((v) => pred(v.labels)).reduce((a, v) => a + v.value, 0);

/** Running totals of the counters the hub's figures are made of. */
export async function readTotals(metrics: Registry) {
  const [views, connects, radius, acct, octets, displays] = await Promise.all([
    valuesOf(metrics, METRICS.portalViews),
    valuesOf(metrics, METRICS.portalConnects),
    valuesOf(metrics, METRICS.radiusRequests),
    valuesOf(metrics, METRICS.radiusAccounting),
    valuesOf(metrics, METRICS.radiusAcctOctets),
    valuesOf(metrics, METRICS.kioskDisplayUp),
  ]);
  return {
    totals: {
      portal_views: sum(views),
      connects: sum(connects),
      radius_accepts: sum(radius, (l) => l.outcome === 'accept'),
      radius_rejects: sum(radius, (l) => l.outcome === 'reject'),
      acct_records: sum(acct),
      acct_input_octets: sum(octets, (l) => l.direction === 'in'),
      acct_output_octets: sum(octets, (l) => l.direction === 'out'),
    },
    displays: displays.filter((d) => d.labels.display !== undefined).map((d) => ({ id: String(d.labels.display), up: d.value >= 1 })),
  };
}

type Totals = Awaited<ReturnType<typeof readTotals>>['totals'];

/** Another capability's records riding the same outbox delivery (e.g. feedback): kept durable by its owner until acked. */
export interface OutboxPart {
  /** key of this part in the telemetry body and in the hub's reply */
  key: string;
  /** what to send now, or undefined when there is nothing to send or ask */
  pending(): unknown;
  /** after the hub acknowledged: `sent` is what pending() returned, `reply` the hub's answer under the same key */
  acked(sent: unknown, reply: unknown): void;
}

/** Labelled counters sent per key (open data downloads per dataset/distribution, page views), as running totals. */
export async function readKeyed(metrics: Registry): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const add = (k: string, v: number) => out.set(k, (out.get(k) ?? 0) + v);
  for (const v of await valuesOf(metrics, METRICS.opendataDownloads)) add(`download:${v.labels.dataset}/${v.labels.distribution}`, v.value);
  for (const v of await valuesOf(metrics, METRICS.opendataViews)) add(`view:data-${v.labels.page}`, v.value);
  for (const v of await valuesOf(metrics, METRICS.departuresViews)) add(`view:departures-${v.labels.kind}`, v.value);
  for (const v of await valuesOf(metrics, METRICS.signpostClicks)) add(`click:${v.labels.link}`, v.value);
  return out;
}

export interface TelemetryOptions {
  store: SyncStore;
  metrics: Registry;
  clock: Clock;
  log: Logger;
  heartbeatSeconds: number;
  outboxMax: number;
  retryBaseMs: number;
  retryMaxMs: number;
  snapshot: () => { servingVersion: number | null; metadataStale: boolean };
  /** POSTs the batch to the hub; resolves only on the hub's acknowledgement */
  send?: (body: TelemetryBatch) => Promise<unknown>;
  random?: () => number;
  parts?: OutboxPart[];
}

export function createTelemetry(o: TelemetryOptions) {
  let last: Totals | undefined;
  let lastKeyed = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let attempt = 0;
  let notBefore = 0;
  let delivering: Promise<boolean> | undefined;
  let lastDeliveredAt: number | null = null;

  /** Folds counter deltas since the last tick into the current hour and queues a heartbeat. */
  async function tick() {
    const { totals, displays } = await readTotals(o.metrics);
    const prev = last ?? { portal_views: 0, connects: 0, radius_accepts: 0, radius_rejects: 0, acct_records: 0, acct_input_octets: 0, acct_output_octets: 0 };
    // A counter lower than last time was reset (process restart): count it from zero.
    const d = (k: keyof Totals) => (totals[k] >= prev[k] ? totals[k] - prev[k] : totals[k]);
    const delta: HourDelta = {
      portal_views: d('portal_views'),
      connects: d('connects'),
      radius_accepts: d('radius_accepts'),
      radius_rejects: d('radius_rejects'),
      acct_records: d('acct_records'),
      acct_input_octets: d('acct_input_octets'),
      acct_output_octets: d('acct_output_octets'),
      displays_up: displays.filter((x) => x.up).length,
    };
    last = totals;
    const now = o.clock.now();
    const snap = o.snapshot();
    o.store.addHour(hourKey(now), delta);
    const keyed = await readKeyed(o.metrics);
    for (const [k, v] of keyed) {
      const p = lastKeyed.get(k) ?? 0;
      const dk = v >= p ? v - p : v;
      if (dk > 0) o.store.addCount(hourKey(now), k, dk);
    }
    lastKeyed = keyed;
    o.store.addHeartbeat(now, JSON.stringify({ ...snap, displays, heartbeatSeconds: o.heartbeatSeconds }), o.outboxMax);
  }

  async function deliverOnce(): Promise<boolean> {
    if (!o.send) return false;
    const beats = o.store.heartbeats(1000);
    const hours = o.store.unsentHours();
    const extras = (o.parts ?? []).map((p) => ({ p, sent: p.pending() })).filter((x) => x.sent !== undefined);
    const counts = o.store.unsentCounts();
    if (!beats.length && !hours.length && !extras.length && !counts.length) return true;
    const body: TelemetryBatch = {
      heartbeats: beats.map((b) => ({ seq: b.seq, at: b.at, ...(JSON.parse(b.body) as Omit<TelemetryBody['heartbeats'][number], 'seq' | 'at'>) })),
      hours: hours.map((h) => ({
        hour: h.hour,
        rev: h.rev,
        portalViews: h.portal_views,
        connects: h.connects,
        radiusAccepts: h.radius_accepts,
        radiusRejects: h.radius_rejects,
        acctRecords: h.acct_records,
        acctInputOctets: h.acct_input_octets,
        acctOutputOctets: h.acct_output_octets,
        displaysUp: h.displays_up,
      })),
      ...(counts.length ? { counts } : {}),
    };
    for (const x of extras) body[x.p.key] = x.sent;
    const reply = ((await o.send(body)) ?? {}) as Record<string, unknown>;
    for (const x of extras) x.p.acked(x.sent, reply[x.p.key]);
    o.store.ack(beats.length ? beats[beats.length - 1].seq : 0, hours.map((h) => ({ hour: h.hour, rev: h.rev })), hourKey(o.clock.now()), counts);
    return true;
  }

  /** Delivers the outbox unless a backoff is running; errors only postpone (nothing is dropped). */
  async function deliver(force = false): Promise<boolean> {
    if (delivering) return delivering;
    if (!force && Date.now() < notBefore) return false;
    delivering = (async () => {
      try {
        // Several batches when the hub was away for long.
        for (let i = 0; i < 20; i++) {
          await deliverOnce();
          if (o.store.countHeartbeats() === 0 && o.store.unsentHours().length === 0 && o.store.unsentCounts().length === 0) break;
        }
        attempt = 0;
        notBefore = 0;
        lastDeliveredAt = o.clock.now();
        return true;
      } catch (err) {
        attempt++;
        notBefore = Date.now() + fullJitter(attempt, o.retryBaseMs, o.retryMaxMs, o.random);
        o.log.debug({ err: (err as Error).message, attempt }, 'telemetry not delivered; kept in the outbox');
        return false;
      } finally {
        delivering = undefined;
      }
    })();
    return delivering;
  }

  async function beat() {
    try {
      await tick();
    } catch (err) {
      o.log.error({ err }, 'telemetry tick failed');
    }
    await deliver();
  }

  return {
    tick,
    deliver,
    /** heartbeat now (after a switch, so the hub sees the new version at once) */
    nudge: () => void beat(),
    start() {
      void beat();
      timer = setInterval(() => void beat(), o.heartbeatSeconds * 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await delivering;
    },
    status: () => ({ outboxHeartbeats: o.store.countHeartbeats(), unsentHours: o.store.unsentHours().length, lastDeliveredAt }),
  };
}

export type Telemetry = ReturnType<typeof createTelemetry>;
