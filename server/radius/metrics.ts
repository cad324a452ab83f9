// Prometheus counters of the RADIUS capability (names shared in platform/metric-names.ts). The hot path adds to
// plain numbers; prom-client reads them at scrape time through collect(), so a packet costs no label hashing.
import { Counter, type Registry } from 'prom-client';
import { METRICS } from '../platform/metric-names.ts';

export interface RadiusMetrics {
  request(nas: string, outcome: string): void;
  accounting(nas: string, status: string): void;
  octets(direction: 'in' | 'out', n: number): void;
}

type Cell = { labels: Record<string, string>; value: number; reported: number };

function counter(registry: Registry, name: string, help: string, labelNames: string[]) {
  const cells = new Map<string, Cell>();
  const existing = registry.getSingleMetric(name);
  if (existing) registry.removeSingleMetric(name);
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      // add what happened since the last scrape (not reset + refill: other code may count on the same metric)
      for (const c of cells.values()) {
        if (c.value > c.reported) this.inc(c.labels, c.value - c.reported);
        c.reported = c.value;
      }
    },
  });
  return (a: string, b: string | undefined, n: number) => {
    const k = b === undefined ? a : a + '\0' + b;
    let c = cells.get(k);
    if (!c) {
      const labels: Record<string, string> = { [labelNames[0]]: a };
      if (b !== undefined) labels[labelNames[1]] = b;
      cells.set(k, (c = { labels, value: 0, reported: 0 }));
    }
    c.value += n;
  };
}

export function createRadiusMetrics(registry: Registry): RadiusMetrics {
  const requests = counter(registry, METRICS.radiusRequests, 'RADIUS requests by NAS and outcome (accept, reject, duplicate, status, drop_<reason>)', ['nas', 'outcome']);
  const acct = counter(registry, METRICS.radiusAccounting, 'durably recorded Accounting-Requests by NAS and Acct-Status-Type', ['nas', 'status']);
  const octets = counter(registry, METRICS.radiusAcctOctets, 'octets reported by accounting (gigawords included); in = from the client', ['direction']);
  return {
    request: (nas, outcome) => requests(nas, outcome, 1),
    accounting: (nas, status) => acct(nas, status, 1),
    octets: (direction, n) => {
      if (n > 0) octets(direction, undefined, n);
    },
  };
}
