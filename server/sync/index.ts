// Sync agent capability: serves the last trusted hub release from the moment the site starts, pulls new signed
// releases (start, poke, timer), reports health and figures to the hub through an outbox.
import { join } from 'node:path';
import { Counter, Gauge } from 'prom-client';
import type { BaseDeps, Capability } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService } from '../content/index.ts';
import { readLimited } from './read-limited.ts';
import { createAgent, type Agent } from './agent.ts';
import { createCas } from './cas.ts';
import { createChannel } from './channel.ts';
import { createAlertReceiver, type AlertReceiver } from './alerts.ts';
import { readEnrolment } from './enrolment.ts';
import { createSyncRouter } from './routes.ts';
import { createSyncStore } from './store.ts';
import { createTelemetry, type OutboxPart, type Telemetry } from './telemetry.ts';

export type { OutboxPart } from './telemetry.ts';
export { createAlertReader, type AlertReceiver } from './alerts.ts';

export { readEnrolment, writeEnrolment, enrolmentFile, type Enrolment } from './enrolment.ts';

export interface SyncDeps extends BaseDeps {
  config: Config;
  content: ContentService;
  /** for tests and the benchmark: a fixed random source */
  random?: () => number;
  /** other capabilities' records delivered with the telemetry (feedback) */
  outboxParts?: OutboxPart[];
}

export const SYNC_METRICS = {
  stale: 'peron_sync_stale',
  version: 'peron_sync_release_version',
  refused: 'peron_sync_refused_total',
  pulls: 'peron_sync_pulls_total',
  outbox: 'peron_sync_outbox_heartbeats',
} as const;

export function createSync(deps: SyncDeps): { capability: Capability; agent: Agent; telemetry: Telemetry; alerts: AlertReceiver; status: () => SyncStatus } {
  const { config } = deps;
  const log = deps.log.child({ cap: 'sync' });
  const enrolment = readEnrolment(config.dataDir);
  const hubUrl = config.sync.hubUrl ?? enrolment?.hubUrl;
  const siteId = config.sync.siteId ?? enrolment?.siteId ?? config.location;
  const credential = config.sync.siteToken ?? enrolment?.credential;
  const store = createSyncStore(deps.db);
  const cas = createCas(join(config.dataDir, 'sync', 'blobs', 'sha256'));

  const refused = new Counter({ name: SYNC_METRICS.refused, help: 'hub releases refused, by reason', labelNames: ['reason'], registers: [deps.metrics] });
  const pulls = new Counter({ name: SYNC_METRICS.pulls, help: 'pulls of the release pointer, by result', labelNames: ['result'], registers: [deps.metrics] });
  let telemetry: Telemetry | undefined;

  const agent = createAgent({
    store,
    cas,
    releasesDir: join(config.dataDir, 'sync', 'releases'),
    content: deps.content,
    clock: deps.clock,
    log,
    hubUrl,
    siteId,
    credential,
    baseKeys: [...config.sync.trustedKeys, ...(enrolment?.keys.map((k) => k.publicKey) ?? [])],
    pollSeconds: config.sync.pollSeconds,
    retryBaseMs: config.sync.retryBaseMs,
    retryMaxMs: config.sync.retryMaxMs,
    keepReleases: config.sync.keepReleases,
    random: deps.random,
    onSwitched: () => telemetry?.nudge(),
    onRefused: (reason) => refused.inc({ reason }),
    onPull: (result) => {
      pulls.inc({ result });
      void alerts.pull(); // every poll and retry also asks for the county alert state (a 304 when unchanged)
    },
  });
  const alerts = createAlertReceiver({ db: deps.db, clock: deps.clock, log, trusted: () => agent.trusted(), locationId: () => deps.content.current().location.id, hubUrl, credential });
  const offContent = deps.content.onChange(() => alerts.recheck());
  // Before the server listens: a site that trusted a release serves it, never the YAML.
  agent.loadTrusted();

  telemetry = createTelemetry({
    store,
    metrics: deps.metrics,
    clock: deps.clock,
    log,
    heartbeatSeconds: config.sync.heartbeatSeconds,
    outboxMax: config.sync.outboxMaxHeartbeats,
    retryBaseMs: config.sync.retryBaseMs,
    retryMaxMs: config.sync.retryMaxMs,
    random: deps.random,
    parts: deps.outboxParts,
    snapshot: () => ({ servingVersion: agent.current()?.version ?? null, metadataStale: agent.metadataStale() }),
    send:
      hubUrl && credential
        ? async (body) => {
            const res = await fetch(`${hubUrl.replace(/\/$/, '')}/api/sync/telemetry`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
              body: JSON.stringify(body),
              signal: AbortSignal.timeout(15_000),
            });
            let ack: { ok?: boolean } = {};
            try { ack = JSON.parse((await readLimited(res, 64 * 1024, 'the telemetry answer')).toString('utf8')) as { ok?: boolean }; } catch { /* refused below */ }
            if (!res.ok || ack.ok !== true) throw new Error(`hub refused telemetry: HTTP ${res.status}`);
            return ack;
          }
        : undefined,
  });

  let pokeConnectedSince: number | null = null;
  const channel =
    hubUrl && credential
      ? createChannel({
          hubUrl,
          siteId,
          credential,
          log,
          retryBaseMs: config.sync.retryBaseMs,
          retryMaxMs: config.sync.retryMaxMs,
          random: deps.random,
          onPoke: (version) => agent.poked(version, config.sync.pokeDelayMaxMs),
          // county alerts travel with priority: no jitter, verified and stored on arrival
          onAlerts: (envelope) => alerts.accept(envelope, 'push'),
          // (Re)connected: pokes may have been missed while away.
          onOpen: () => {
            pokeConnectedSince = deps.clock.now();
            void alerts.pull();
            agent.poked(Number.MAX_SAFE_INTEGER, config.sync.pokeDelayMaxMs);
          },
        })
      : undefined;

  const status = (): SyncStatus => {
    const m = agent.current();
    const snap = deps.content.current();
    const st = agent.status();
    return {
      enabled: Boolean(hubUrl),
      hubUrl: hubUrl ?? null,
      siteId,
      enrolled: Boolean(enrolment),
      source: snap.source,
      contentVersion: snap.version,
      servingVersion: m?.version ?? null,
      lastTrustedVersion: st.lastTrustedVersion,
      createdAt: m?.createdAt ?? null,
      expiresAt: m?.expiresAt ?? null,
      stale: agent.metadataStale(),
      staleSince: agent.metadataStale() ? m!.expiresAt : null,
      hubReachable: st.lastCheckAt !== null ? st.unreachableSince === null : null,
      unreachableSince: st.unreachableSince ? new Date(st.unreachableSince).toISOString() : null,
      lastCheckAt: st.lastCheckAt ? new Date(st.lastCheckAt).toISOString() : null,
      lastSuccessAt: st.lastSuccessAt ? new Date(st.lastSuccessAt).toISOString() : null,
      lastError: st.lastError,
      pokeConnected: channel?.connected() ?? false,
      pokeConnectedSince: channel?.connected() && pokeConnectedSince !== null ? new Date(pokeConnectedSince).toISOString() : null,
      checking: st.checking,
      trustedKeys: agent.trustedKeyIds(),
      refusals: st.refusals.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
      telemetry: telemetry!.status(),
      alerts: alerts.status(),
    };
  };

  new Gauge({
    name: SYNC_METRICS.stale,
    help: '1 while the newest trusted release has expired (the site keeps serving it)',
    registers: [deps.metrics],
    collect() {
      this.set(agent.metadataStale() ? 1 : 0);
    },
  });
  new Gauge({
    name: SYNC_METRICS.version,
    help: 'version of the hub release being served (0 = the local location file)',
    registers: [deps.metrics],
    collect() {
      this.set(agent.current()?.version ?? 0);
    },
  });
  new Gauge({
    name: SYNC_METRICS.outbox,
    help: 'heartbeats waiting in the outbox for the hub',
    registers: [deps.metrics],
    collect() {
      this.set(store.countHeartbeats());
    },
  });

  const capability: Capability = {
    name: 'sync',
    router: createSyncRouter({ status, pull: () => agent.pull(), adminToken: config.http.adminToken }),
    start() {
      agent.start();
      channel?.start();
      if (hubUrl) telemetry!.start();
    },
    async stop() {
      agent.stop();
      channel?.stop();
      alerts.stop();
      offContent();
      await telemetry!.stop();
      await agent.idle();
    },
  };
  return { capability, agent, telemetry, alerts, status };
}

export interface SyncStatus {
  enabled: boolean;
  hubUrl: string | null;
  siteId: string;
  enrolled: boolean;
  source: string;
  contentVersion: string;
  servingVersion: number | null;
  lastTrustedVersion: number;
  createdAt: string | null;
  expiresAt: string | null;
  stale: boolean;
  staleSince: string | null;
  hubReachable: boolean | null;
  unreachableSince: string | null;
  lastCheckAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  pokeConnected: boolean;
  /** when the poke channel last (re)connected; every (re)connect triggers a check */
  pokeConnectedSince: string | null;
  /** a check of the hub is in flight */
  checking: boolean;
  trustedKeys: string[];
  refusals: { at: string; reason: string; message: string; version?: number }[];
  telemetry: { outboxHeartbeats: number; unsentHours: number; lastDeliveredAt: number | null };
  alerts: ReturnType<AlertReceiver['status']>;
}
