// The display capability's service: keeps the current board payloads, pushes every change to the connected
// boards, renders board pages, and keeps the display registry and its metric.
import { Gauge } from 'prom-client';
import type { BaseDeps } from '../platform/capability.ts';
import type { Config } from '../config-schema.ts';
import type { ContentService, ContentSnapshot } from '../content/index.ts';
import { completeBoard, type DeparturesService } from '../departures/index.ts';
import { METRICS } from '../platform/metric-names.ts';
import type { Lang } from '../platform/i18n.ts';
import { announcementsPayload, departuresPayload, nextAnnouncementBoundary, shortHash, type AnnouncementPayload, type DeparturesPayload } from './board-feed.ts';
import { boardPageContext, type DisplayConfig } from './board-view.ts';
import { createDisplayHub, type CommandName } from './display-hub.ts';
import { createEmergency, type CountyAlertSource, type EmergencyView } from './emergency.ts';
import { createKioskStore, type DisplayRow } from './store.ts';
import { createDisplayRegistry } from './registry.ts';
import { displayKey, originMatcher } from './display-auth.ts';
import { clientVersion } from './client-version.ts';

const FORGET_AFTER_MS = 7 * 86_400_000;
export interface KioskServiceDeps extends BaseDeps {
  config: Config;
  content: ContentService;
  departures: DeparturesService;
  /** the county-wide alert in force here (shown full-screen when the location has no emergency of its own) */
  county?: CountyAlertSource;
}

export interface DisplayStatus extends Partial<Omit<DisplayRow, 'id'>> {
  id: string;
  configured: boolean;
  layout: string | null;
  /** connected and a heartbeat within kiosk.displayDownAfterSeconds */
  up: boolean;
  lastSeenAgoSeconds: number | null;
}

export function createKioskService(deps: KioskServiceDeps) {
  const cfg = deps.config.kiosk;
  const log = deps.log.child({ cap: 'kiosk' });
  const store = createKioskStore(deps.db);
  const emergency = createEmergency({ store, content: deps.content, clock: deps.clock, log, county: deps.county });
  const limit = Math.max(cfg.rows.landscape, cfg.rows.portrait) + 6;

  const displayOf = (id: string): DisplayConfig | undefined => deps.content.current().location.displays.find((d) => d.id === id);

  const emptyBoard = (notice: string): DeparturesPayload =>
    departuresPayload(completeBoard({ generatedAt: new Date(deps.clock.now()).toISOString(), departures: [], notices: [notice], live: false }));

  let departures: DeparturesPayload = emptyBoard('starting');
  let announcements: AnnouncementPayload[] = [];
  let announcementsKey = '';
  let emergencyKey = 'null';
  let lastEmergency: EmergencyView | null = null;

  const registry = createDisplayRegistry({ store, log });
  const originAllowed = originMatcher(deps.config.http.publicUrl, cfg.displayHosts);
  const hub = createDisplayHub({
    log,
    clock: deps.clock,
    registry,
    originAllowed,
    displayKey: (id) => displayKey(deps.privacy, id),
    isDisplay: (id) => !!displayOf(id),
    tickPayload: () => ({ boardVersion: departures.version }),
    snapshot: (id) => [
      ['hello', { displayId: id, display: displayOf(id) ?? null, contentVersion: deps.content.current().version, clientVersion: clientVersion() }],
      ['departures.updated', { board: departures }],
      ['announcements.updated', { announcements }],
      ['emergency.updated', { emergency: lastEmergency }],
    ],
  });

  function readBoard(): DeparturesPayload | null {
    try {
      return departuresPayload(deps.departures.board({ limit }));
    } catch (err) {
      log.error({ err }, 'departures board failed; boards keep the last one');
      return null;
    }
  }

  function refreshDepartures() {
    const next = readBoard();
    if (!next || next.version === departures.version) return;
    departures = next;
    hub.broadcast('departures.updated', { board: departures });
  }

  let annTimer: NodeJS.Timeout | undefined;
  function refreshAnnouncements() {
    const loc = deps.content.current().location;
    const now = deps.clock.now();
    const next = announcementsPayload(loc, now);
    const key = shortHash(next);
    clearTimeout(annTimer);
    const boundary = nextAnnouncementBoundary(loc, now);
    if (boundary !== null) {
      annTimer = setTimeout(refreshAnnouncements, Math.min(boundary - now + 5, 2 ** 31 - 1));
      annTimer.unref();
    }
    if (key === announcementsKey) return;
    announcements = next;
    announcementsKey = key;
    hub.broadcast('announcements.updated', { announcements });
  }

  function refreshEmergency() {
    const cur = emergency.current();
    const key = JSON.stringify(cur);
    if (key === emergencyKey) return;
    emergencyKey = key;
    lastEmergency = cur;
    hub.broadcast('emergency.updated', { emergency: cur });
  }

  /** the registry keeps a display removed from the location for FORGET_AFTER_MS after its last heartbeat */
  function forgetRemovedDisplays() {
    try {
      registry.forgetRemoved(deps.content.current().location.displays.map((d) => d.id), deps.clock.now() - FORGET_AFTER_MS);
    } catch (err) {
      log.error({ err }, 'display registry purge failed');
    }
  }

  let lastDisplays = new Map<string, string>();
  function onContent(snap: ContentSnapshot) {
    refreshAnnouncements();
    refreshEmergency();
    refreshDepartures();
    const now = new Map(snap.location.displays.map((d) => [d.id, JSON.stringify(d)]));
    for (const id of hub.connectedIds()) {
      if (now.get(id) !== lastDisplays.get(id)) {
        hub.broadcast('config.updated', { display: displayOf(id) ?? null, contentVersion: snap.version }, (x) => x === id);
      }
    }
    hub.broadcast('content.updated', { contentVersion: snap.version });
    lastDisplays = now;
  }

  // coalesce bursts of departures changes into one read of the board, pushed in the same event-loop turn
  let pending = false;
  const onDepartures = () => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      refreshDepartures();
    });
  };

  function displays(): DisplayStatus[] {
    const now = deps.clock.now();
    const rows = new Map(registry.displays().map((r) => [r.id, r]));
    const configured = deps.content.current().location.displays;
    const ids = [...new Set([...configured.map((d) => d.id), ...rows.keys()])];
    return ids.map((id) => {
      const r = rows.get(id);
      const conf = configured.find((d) => d.id === id);
      return {
        ...(r ?? {}),
        id,
        configured: !!conf,
        layout: conf?.layout ?? null,
        up: !!r && r.connected && now - r.lastSeen < cfg.displayDownAfterSeconds * 1000,
        lastSeenAgoSeconds: r ? Math.round((now - r.lastSeen) / 1000) : null,
      };
    });
  }

  new Gauge({
    name: METRICS.kioskDisplayUp,
    help: 'Station display with a fresh heartbeat (1) or not (0)',
    labelNames: ['display'],
    registers: [deps.metrics],
    collect() {
      this.reset();
      for (const d of displays()) this.set({ display: d.id }, d.up ? 1 : 0);
    },
  });

  const offs: (() => void)[] = [];
  let refresher: NodeJS.Timeout | undefined;

  return {
    emergency,
    isDisplay: (id: string) => !!displayOf(id),
    /** the key a display's box presents (kiosk.env PERON_KIOSK_KEY), for the operator provisioning it */
    displayKey: (id: string) => displayKey(deps.privacy, id),
    displays,
    command: (id: string, name: CommandName, seconds?: number) => hub.command(id, name, seconds ? { seconds } : {}),
    boardPage(id: string): string | null {
      const display = displayOf(id);
      if (!display) return null;
      const snap = deps.content.current();
      const ctx = boardPageContext({
        displayId: id,
        display,
        location: snap.location,
        contentVersion: snap.version,
        clientVersion: clientVersion(),
        cfg,
        now: deps.clock.now(),
        departures,
        announcements,
        emergency: lastEmergency,
        i18n: deps.i18n,
      });
      return deps.render.render('kiosk/board.njk', ctx.lang, ctx);
    },
    unknownPage(id: string): string {
      const loc = deps.content.current().location;
      const lang = (loc.languages[0] ?? 'cs') as Lang;
      return deps.render.render('kiosk/unknown.njk', lang, { id, displays: loc.displays.map((d) => d.id) });
    },
    indexPage(): string {
      const loc = deps.content.current().location;
      const lang = (loc.languages[0] ?? 'cs') as Lang;
      return deps.render.render('kiosk/index.njk', lang, { station: loc.names[lang] ?? loc.names.cs, displays: loc.displays });
    },
    start(server: import('node:http').Server) {
      hub.start(server);
      forgetRemovedDisplays();
      departures = readBoard() ?? departures;
      refreshAnnouncements();
      refreshEmergency();
      lastDisplays = new Map(deps.content.current().location.displays.map((d) => [d.id, JSON.stringify(d)]));
      offs.push(deps.departures.onChange(onDepartures));
      offs.push(deps.content.onChange(onContent));
      offs.push(emergency.onChange(refreshEmergency));
      refresher = setInterval(() => {
        forgetRemovedDisplays();
        refreshDepartures();
        refreshAnnouncements();
        refreshEmergency();
      }, cfg.boardRefreshSeconds * 1000);
      refresher.unref();
    },
    async stop() {
      clearInterval(refresher);
      clearTimeout(annTimer);
      for (const off of offs.splice(0)) off();
      emergency.stop();
      await hub.stop();
    },
  };
}

export type KioskService = ReturnType<typeof createKioskService>;
