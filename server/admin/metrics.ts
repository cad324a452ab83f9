// Prometheus metrics of the admin UI: sign-in outcomes (a spike of failures is an attack or a forgotten password)
// and regional feed fetches (a source failing for hours shows up in monitoring, not only on the feeds screen).
import { Counter, Gauge, type Registry } from 'prom-client';

export function createAdminMetrics(registry: Registry) {
  return {
    signIns: new Counter({ name: 'peron_admin_signins_total', help: 'admin sign-in attempts by outcome (ok, invalid, locked)', labelNames: ['outcome'], registers: [registry] }),
    feedFetches: new Counter({ name: 'peron_admin_feed_fetches_total', help: 'regional feed fetches by feed and outcome (ok, error)', labelNames: ['feed', 'outcome'], registers: [registry] }),
    feedLastSuccess: new Gauge({ name: 'peron_admin_feed_last_success_timestamp_seconds', help: 'when each regional feed was last fetched and parsed successfully', labelNames: ['feed'], registers: [registry] }),
  };
}
export type AdminMetrics = ReturnType<typeof createAdminMetrics>;
