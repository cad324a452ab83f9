// Prometheus counters of the RADIUS capability (names shared in platform/metric-names.ts), with label children
// cached so the hot path does no label hashing.
import { Counter, type Registry } from 'prom-client';
import { METRICS } from '../platform/metric-names.ts';

export interface RadiusMetrics {
  request(nas: string, outcome: string): void;
  accounting(nas: string, status: string): void;
  octets(direction: 'in' | 'out', n: number): void;
}

function cached<T>(make: (a: string, b: string) => T) {
  const m = new Map<string, T>();
  return (a: string, b: string) => {
    const k = a + '\0' + b;
    let c = m.get(k);
    if (!c) m.set(k, (c = make(a, b)));
    return c;
  };
}

export function createRadiusMetrics(registry: Registry): RadiusMetrics {
  const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
  const requests =
    existing<Counter<'nas' | 'outcome'>>(METRICS.radiusRequests) ??
    new Counter({ name: METRICS.radiusRequests, help: 'RADIUS requests by NAS and outcome (accept, reject, duplicate, status, drop_<reason>)', labelNames: ['nas', 'outcome'], registers: [registry] });
  const acct =
    existing<Counter<'nas' | 'status'>>(METRICS.radiusAccounting) ??
    new Counter({ name: METRICS.radiusAccounting, help: 'durably recorded Accounting-Requests by NAS and Acct-Status-Type', labelNames: ['nas', 'status'], registers: [registry] });
  const octets =
    existing<Counter<'direction'>>(METRICS.radiusAcctOctets) ??
    new Counter({ name: METRICS.radiusAcctOctets, help: 'octets reported by accounting (gigawords included); in = from the client', labelNames: ['direction'], registers: [registry] });
  const req = cached((nas, outcome) => requests.labels(nas, outcome));
  const ac = cached((nas, status) => acct.labels(nas, status));
  const oIn = octets.labels('in');
  const oOut = octets.labels('out');
  return {
    request: (nas, outcome) => req(nas, outcome).inc(),
    accounting: (nas, status) => ac(nas, status).inc(),
    octets: (direction, n) => {
      if (n > 0) (direction === 'in' ? oIn : oOut).inc(n);
    },
  };
}
