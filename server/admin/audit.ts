// The audit log: who did what, when, to which location, with before/after JSON. Append-only: the table's
// triggers RAISE on UPDATE and DELETE, so not even the hub's own code can rewrite history.
import type { Clock } from '../platform/clock.ts';
import type { AdminStore, AuditRow } from './store.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  locationId?: string | null;
  before?: unknown;
  after?: unknown;
  ipHash?: string | null;
}

export function createAudit(deps: { store: AdminStore; clock: Clock }) {
  return {
    record(e: AuditEntry) {
      deps.store.insertAudit({ at: deps.clock.now(), actor: e.actor, action: e.action, locationId: e.locationId ?? null, before: e.before, after: e.after, ipHash: e.ipHash });
    },
    /** Newest first; `locationIds` limits an editor to their locations (null = everything). */
    list(q: { locationIds: string[] | null; locationId?: string; action?: string; beforeId?: number; limit?: number }): AuditRow[] {
      return deps.store.audit({ ...q, limit: Math.min(q.limit ?? 100, 500) });
    },
  };
}
export type Audit = ReturnType<typeof createAudit>;
