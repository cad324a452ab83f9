// The telemetry batch a site sends the hub (POST /api/sync/telemetry): heartbeats, hourly figures (counts only;
// no identifier of any kind leaves a site), labelled counts, and the parts other capabilities add (feedback …,
// passed through as their own keys). The site builds it (sync/telemetry.ts), the hub checks it (hub/routes.ts).
import { z } from 'zod';

/** The hour an instant falls in, as the key both ends use: ISO, UTC, e.g. 2026-12-01T08:00:00Z. */
export function hourKey(t: number): string {
  return new Date(Math.floor(t / 3_600_000) * 3_600_000).toISOString().replace('.000Z', 'Z');
}

/** One site's figures of one hour. */
export interface HourFigures {
  /** ISO hour start, UTC (hourKey) */
  hour: string;
  portalViews: number;
  connects: number;
  radiusAccepts: number;
  radiusRejects: number;
  acctRecords: number;
  acctInputOctets: number;
  acctOutputOctets: number;
  displaysUp: number;
}

const displays = z.array(z.strictObject({ id: z.string().max(100), up: z.boolean() })).max(200);
/** Bounds a site's figures can reach honestly (a busy station sees thousands of guests an hour, not 2^53). */
export const TELEMETRY_MAX_COUNT = 100_000_000;
export const TELEMETRY_MAX_OCTETS = 1e14; // 100 TB in one hour: far beyond any site uplink
export const TELEMETRY_MAX_PAST_DAYS = 400;
export const TELEMETRY_MAX_FUTURE_HOURS = 24;
const count = z.number().int().nonnegative().max(TELEMETRY_MAX_COUNT);
const octetCount = z.number().int().nonnegative().max(TELEMETRY_MAX_OCTETS);
export const telemetrySchema = z.strictObject({
  heartbeats: z
    .array(
      z.strictObject({
        seq: z.number().int().positive(),
        at: z.number().int().nonnegative().max(8.64e15),
        servingVersion: z.number().int().nonnegative().nullable(),
        metadataStale: z.boolean(),
        displays,
        heartbeatSeconds: z.number().int().positive(),
      }),
    )
    .max(5000)
    .default([]),
  hours: z
    .array(
      z.strictObject({
        hour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/),
        rev: z.number().int().positive(),
        portalViews: count,
        connects: count,
        radiusAccepts: count,
        radiusRejects: count,
        acctRecords: count,
        acctInputOctets: octetCount,
        acctOutputOctets: octetCount,
        displaysUp: z.number().int().nonnegative().max(10_000),
      }),
    )
    .max(2000)
    .default([]),
  counts: z
    .array(z.strictObject({ hour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/), key: z.string().regex(/^[a-z]+:[a-z0-9._/-]{1,200}$/), n: count, rev: z.number().int().positive() }))
    .max(5000)
    .default([]),
});

/** The batch as the site sends it (defaults not yet applied) and as the hub has it after parsing. */
export type TelemetryBatch = z.input<typeof telemetrySchema> & Record<string, unknown>;
export type TelemetryBody = z.infer<typeof telemetrySchema>;

/** A heartbeat or an hour outside [now − 400 days, now + 1 day] is refused: a wrong clock, or a forged report. */
export function telemetryTimeProblem(data: TelemetryBody, now: number): string | null {
  const from = now - TELEMETRY_MAX_PAST_DAYS * 86_400_000;
  const to = now + TELEMETRY_MAX_FUTURE_HOURS * 3_600_000;
  const when = (t: number) => (t > to ? `more than ${TELEMETRY_MAX_FUTURE_HOURS} h in the future` : t < from ? `more than ${TELEMETRY_MAX_PAST_DAYS} days in the past` : null);
  for (const [i, h] of data.hours.entries()) {
    const p = when(Date.parse(h.hour));
    if (p) return `hours.${i}.hour: ${h.hour} is ${p}`;
  }
  for (const [i, b] of data.heartbeats.entries()) {
    const p = when(b.at);
    if (p) return `heartbeats.${i}.at: ${new Date(b.at).toISOString()} is ${p}`;
  }
  for (const [i, c] of data.counts.entries()) {
    const p = when(Date.parse(c.hour));
    if (p) return `counts.${i}.hour: ${c.hour} is ${p}`;
  }
  return null;
}
