// Publishing a location: the validated draft plus the last good regional feed files go to the hub core
// (HubApi.publish), which builds, signs and distributes the releases; the outcome is kept and audit-logged.
import type { HubApi } from '../hub/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Audit } from './audit.ts';
import type { Drafts } from './drafts.ts';
import type { Feeds } from './feeds/feeds.ts';
import type { AdminStore, PublicationRow } from './store.ts';

export type PublicationState = 'never' | 'published' | 'changed';

export interface PublicationView {
  row: PublicationRow;
  sites: { siteId: string; version: number }[];
  error: string | null;
  files: string[];
}

export function viewPublication(row: PublicationRow | undefined): PublicationView | undefined {
  if (!row) return undefined;
  const r = JSON.parse(row.result) as { sites?: { siteId: string; version: number }[]; error?: string; files?: string[] };
  return { row, sites: r.sites ?? [], error: r.error ?? null, files: r.files ?? [] };
}

export function createPublisher(deps: { store: AdminStore; clock: Clock; hub: HubApi; drafts: Drafts; feeds: Feeds; audit: Audit; releaseFiles?: (locationId: string) => Record<string, Buffer>; countyFile?: () => Record<string, Buffer> }) {
  const { store, clock, audit } = deps;
  return {
    state(locationId: string, hash: string): PublicationState {
      const last = store.lastGoodPublication(locationId);
      return !last ? 'never' : last.contentHash === hash ? 'published' : 'changed';
    },
    last: (locationId: string) => viewPublication(store.lastPublication(locationId)),
    lastGood: (locationId: string) => viewPublication(store.lastGoodPublication(locationId)),
    async publish(locationId: string, actor: string, ipHash?: string): Promise<PublicationView> {
      const draft = deps.drafts.get(locationId);
      if (!draft) throw new Error(`no draft for ${locationId}`);
      // every location's release carries the county signpost as edited at the hub (county/signpost.json)
      const files = { ...deps.feeds.filesFor(locationId), ...deps.releaseFiles?.(locationId), ...deps.countyFile?.() };
      const before = store.lastGoodPublication(locationId);
      let result: { sites?: { siteId: string; version: number }[]; error?: string; files: string[] };
      let ok: boolean;
      try {
        const r = await deps.hub.publish(locationId, { location: draft.location, files }, actor);
        result = { sites: r.sites, files: Object.keys(files) };
        ok = true;
      } catch (err) {
        result = { error: (err as Error).message || String(err), files: Object.keys(files) };
        ok = false;
      }
      const row = { locationId, draftVersion: draft.version, contentHash: draft.hash, actor, at: clock.now(), ok, result: JSON.stringify(result) };
      store.transaction(() => {
        store.insertPublication(row);
        audit.record({
          actor,
          action: ok ? 'publish' : 'publish.failed',
          locationId,
          before: before ? { draftVersion: before.draftVersion, contentHash: before.contentHash } : null,
          after: { draftVersion: draft.version, contentHash: draft.hash, ...result },
          ipHash,
        });
      });
      return viewPublication(store.lastPublication(locationId))!;
    },
  };
}
export type Publisher = ReturnType<typeof createPublisher>;
