// The county alert state (hub → every site): one signed document (DSSE envelope, the hub's release keys) listing the
// county-wide emergencies in force, each for all locations or a chosen set, with its own expiry. `seq` only grows,
// so a site never goes back to an older state; an alert ended early is simply absent from the next state.
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { signDocument, verifyDsse, type Envelope, type RefusalReason } from './release.ts';

export const ALERTS_PAYLOAD_TYPE = 'application/vnd.peron.alerts+json';
export const ALERTS_PATH = '/api/sync/alerts';
export const SEVERITIES = ['minor', 'moderate', 'severe', 'extreme'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALERT_LANGS = ['cs', 'en', 'de', 'pl'] as const;

const text = z.string().trim().min(1).max(2000);
export const alertSchema = z.strictObject({
  id: z.string().min(1).max(200),
  text: z.strictObject({ cs: text, en: text.optional(), de: text.optional(), pl: text.optional() }),
  severity: z.enum(SEVERITIES),
  /** 'all' or the location ids it is for */
  locations: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]),
  issuedAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
  /** 'admin' or 'cap:<feed id>' */
  source: z.string().min(1).max(200),
});
export type CountyAlert = z.infer<typeof alertSchema>;

export const alertStateSchema = z.strictObject({
  schema: z.literal(1),
  seq: z.number().int().nonnegative(),
  issuedAt: z.iso.datetime({ offset: true }),
  alerts: z.array(alertSchema).max(200),
});
export type AlertState = z.infer<typeof alertStateSchema>;

/** What a page or a board shows: the alert in force for one location, text completed in every language. */
export interface CountyAlertView {
  id: string;
  severity: Severity;
  text: Record<(typeof ALERT_LANGS)[number], string>;
  /** ms since epoch */
  expires: number;
  /** changes whenever what is shown changes (cache keys, board pushes) */
  key: string;
}

/** The fast-channel frame a hub pushes to every connected site. */
export interface AlertsPush {
  type: 'alerts';
  envelope: Envelope;
}

export function signAlertState(state: AlertState, key: { id: string; privateKey: KeyObject }): Envelope {
  return signDocument(state, ALERTS_PAYLOAD_TYPE, key);
}

export type VerifiedAlerts = { ok: true; state: AlertState; keyId: string } | { ok: false; reason: RefusalReason; message: string };

export function verifyAlertState(raw: unknown, trusted: ReadonlyMap<string, KeyObject>): VerifiedAlerts {
  const d = verifyDsse(raw, trusted, ALERTS_PAYLOAD_TYPE, 'alert state');
  if (!d.ok) return d;
  let json: unknown;
  try {
    json = JSON.parse(d.body.toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed', message: 'the signed alert state is not JSON' };
  }
  const s = alertStateSchema.safeParse(json);
  if (!s.success) return { ok: false, reason: 'malformed', message: `alert state ${s.error.issues[0].path.join('.')}: ${s.error.issues[0].message}` };
  return { ok: true, state: s.data, keyId: d.keyId };
}

const RANK: Record<Severity, number> = { minor: 0, moderate: 1, severe: 2, extreme: 3 };

/** The alert a location shows now: the most severe in force for it (the newest among equals); never one past its expiry. */
export function alertFor(state: AlertState | null, locationId: string, now: number): CountyAlertView | null {
  if (!state) return null;
  const live = state.alerts.filter((a) => Date.parse(a.expiresAt) > now && (a.locations === 'all' || a.locations.includes(locationId)));
  if (!live.length) return null;
  live.sort((a, b) => RANK[b.severity] - RANK[a.severity] || Date.parse(b.issuedAt) - Date.parse(a.issuedAt));
  const a = live[0];
  const cs = a.text.cs;
  return {
    id: a.id,
    severity: a.severity,
    text: { cs, en: a.text.en ?? cs, de: a.text.de ?? cs, pl: a.text.pl ?? cs },
    expires: Date.parse(a.expiresAt),
    key: `${state.seq}:${a.id}`,
  };
}

/** The nearest future expiry among a location's alerts (a site's and a board's timer), or null. */
export function nextExpiry(state: AlertState | null, locationId: string, now: number): number | null {
  if (!state) return null;
  const t = state.alerts
    .filter((a) => a.locations === 'all' || a.locations.includes(locationId))
    .map((a) => Date.parse(a.expiresAt))
    .filter((x) => x > now);
  return t.length ? Math.min(...t) : null;
}
