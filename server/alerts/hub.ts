// The hub's county alert state: alerts issued by a county administrator (or taken from CAP feeds) for all locations
// or a chosen set, ended early or at expiry; every change is stored, signed with the hub's release key as one state
// (seq only grows) and pushed at once to every connected site; sites also pull it (GET /api/sync/alerts).
import { randomBytes, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { AppError } from '../platform/errors.ts';
import { alertSchema, signAlertState, SEVERITIES, type AlertState, type CountyAlert } from '../protocol/index.ts';
import { AlertErrors } from './errors.ts';
import type { AlertRow, AlertsStore } from './store.ts';

export interface AlertsHubDeps {
  store: AlertsStore;
  clock: Clock;
  log: Logger;
  maxHours: number;
  /** the hub's active signing key */
  key: () => { id: string; privateKey: KeyObject };
  /** one frame to every connected site (the poke channel) */
  broadcast: (text: string) => number;
  /** known location ids (a chosen set must name them) */
  locations: () => string[];
  audit: (e: { actor: string; action: string; before?: unknown; after?: unknown }) => void;
}

const text = z.string().trim().max(2000);
export const issueInput = z.strictObject({
  cs: text.min(1, 'the Czech text is required'),
  en: text.optional(),
  de: text.optional(),
  pl: text.optional(),
  severity: z.enum(SEVERITIES),
  minutes: z.coerce.number().int().min(1).max(60 * 24 * 31),
  locations: z.union([z.literal('all'), z.array(z.string().min(1)).min(1, 'choose at least one location')]),
});
export type IssueInput = z.infer<typeof issueInput>;

/** the most alerts in force: one signed state carries at most 200 (protocol/alerts.ts), sites refuse more */
export const MAX_LIVE = 200;

export interface NewAlert {
  id?: string;
  text: CountyAlert['text'];
  severity: CountyAlert['severity'];
  locations: CountyAlert['locations'];
  expiresAt: number;
  source: string;
}

export function createAlertsHub(d: AlertsHubDeps) {
  const { store, clock, log } = d;
  let cached: { seq: number; body: string } | null = null;

  const toWire = (a: AlertRow): CountyAlert =>
    alertSchema.parse({
      id: a.id,
      text: a.text,
      severity: a.severity,
      locations: a.locations,
      issuedAt: new Date(a.issuedAt).toISOString(),
      expiresAt: new Date(a.expiresAt).toISOString(),
      source: a.source,
    });

  /** Signs the alerts now in force as the next state, stores it, pushes it to every connected site. */
  function publish(): AlertState {
    const now = clock.now();
    const prev = store.state()?.seq ?? 0;
    // wall-clock based so a restored hub database still moves forward
    const state: AlertState = { schema: 1, seq: Math.max(now, prev + 1), issuedAt: new Date(now).toISOString(), alerts: store.live(now).map(toWire) };
    const body = JSON.stringify(signAlertState(state, d.key()));
    store.setState(state.seq, body);
    cached = { seq: state.seq, body };
    const sent = d.broadcast(`{"type":"alerts","envelope":${body}}`);
    log.info({ seq: state.seq, alerts: state.alerts.length, sent }, 'county alert state signed and pushed');
    return state;
  }

  /** Stores an alert (a new one, or replaces one with the same id) and publishes (unless told not to, to publish a
   * batch once); durable before it returns. */
  function put(a: NewAlert, actor: string, o: { publish?: boolean } = {}): AlertRow {
    const now = clock.now();
    if (a.expiresAt <= now) throw new AppError(AlertErrors.ALERT_INVALID, 'expires: must be in the future');
    if (a.locations !== 'all') {
      const known = new Set(d.locations());
      const bad = a.locations.find((l) => !known.has(l));
      if (bad) throw new AppError(AlertErrors.ALERT_INVALID, `locations: unknown location ${bad}`);
    }
    const id = a.id ?? `a-${now.toString(36)}-${randomBytes(3).toString('hex')}`;
    const before = store.get(id);
    const row = { id, text: a.text, severity: a.severity, locations: a.locations, issuedAt: now, expiresAt: a.expiresAt, actor, source: a.source };
    store.upsert(row);
    d.audit({ actor, action: before ? 'alert.update' : 'alert.issue', before: before ?? undefined, after: row });
    if (o.publish !== false) publish();
    return { ...row, endedAt: null };
  }

  return {
    /** The form of /admin/alerts, checked: cs required, severity, a duration within alerts.maxHours, locations. */
    issue(input: unknown, actor: string): AlertRow {
      const p = issueInput.safeParse(input);
      if (!p.success) {
        const i = p.error.issues[0];
        throw new AppError(AlertErrors.ALERT_INVALID, `${i.path.join('.') || 'form'}: ${i.message}`, { details: { field: i.path.join('.') } });
      }
      const v = p.data;
      if (v.minutes > d.maxHours * 60) throw new AppError(AlertErrors.ALERT_INVALID, `minutes: at most ${d.maxHours} hours (alerts.maxHours)`, { details: { field: 'minutes' } });
      if (store.live(clock.now()).length >= MAX_LIVE) throw new AppError(AlertErrors.ALERT_INVALID, `form: ${MAX_LIVE} alerts are in force already (the most one signed state carries); end one first`, { details: { field: 'limit' } });
      const opt = (s?: string) => (s && s.trim() ? s.trim() : undefined);
      const textOf = { cs: v.cs.trim(), ...(opt(v.en) ? { en: opt(v.en) } : {}), ...(opt(v.de) ? { de: opt(v.de) } : {}), ...(opt(v.pl) ? { pl: opt(v.pl) } : {}) };
      return put({ text: textOf, severity: v.severity, locations: v.locations, expiresAt: clock.now() + v.minutes * 60_000, source: 'admin' }, actor);
    },
    put,
    /** Ends an alert before its expiry; false when it was not in force. */
    end(id: string, actor: string, o: { publish?: boolean } = {}): boolean {
      const before = store.get(id);
      if (!before) throw new AppError(AlertErrors.ALERT_NOT_FOUND, `no alert ${id}`);
      const ended = store.end(id, clock.now());
      if (ended) {
        d.audit({ actor, action: 'alert.end', before, after: { id, endedAt: clock.now() } });
        if (o.publish !== false) publish();
      }
      return ended;
    },
    publish,
    get: (id: string) => store.get(id),
    live: () => store.live(clock.now()),
    recent: () => store.recent(),
    /** the signed state as sent to sites (signed once at first use) */
    envelope(): { seq: number; body: string } {
      if (!cached) {
        const s = store.state();
        if (s) cached = { seq: s.seq, body: s.envelope };
        else publish();
      }
      return cached!;
    },
  };
}

export type AlertsHub = ReturnType<typeof createAlertsHub>;
