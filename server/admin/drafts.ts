// Location drafts in the hub database: seeded once from locations/*.yaml, edited section by section, validated
// with locationSchema on every save (an invalid save changes nothing and reports each field), audit-logged.
import type { z } from 'zod';
import { contentVersion, loadAllLocations, locationSchema, type Location } from '../content/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { Audit } from './audit.ts';
import { SECTION_KEYS, applySection, type Section } from './sections.ts';
import type { AdminStore } from './store.ts';

export interface Draft {
  location: Location;
  version: number;
  updatedAt: number;
  updatedBy: string;
  /** hash of the content, the same the site computes (contentVersion) */
  hash: string;
}

export interface FieldIssue {
  /** dotted path in the location, e.g. tiles.2.url */
  path: string;
  code: string;
  message: string;
  /** zod's extra facts (minimum, format …) for the translated message */
  params: Record<string, unknown>;
}

export type SaveResult =
  | { ok: true; draft: Draft; changed: boolean }
  | { ok: false; conflict?: boolean; issues: FieldIssue[]; candidate: Record<string, unknown> };

export function zodIssues(err: z.ZodError): FieldIssue[] {
  return err.issues.map((i) => {
    const { code, message, path, ...rest } = i as unknown as { code: string; message: string; path: PropertyKey[] } & Record<string, unknown>;
    delete rest.input;
    return { path: path.map(String).join('.'), code, message, params: rest };
  });
}

/** Checks the schema cannot express: an end after its start, an emergency message that has not already expired. */
export function ruleIssues(loc: Location, section: Section, now: number): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (section === 'announcements') {
    loc.announcements.forEach((a, i) => {
      if (a.validFrom && a.validTo && Date.parse(a.validTo) <= Date.parse(a.validFrom)) {
        out.push({ path: `announcements.${i}.validTo`, code: 'rule_after', message: 'must be after valid-from', params: {} });
      }
    });
  }
  if (section === 'emergency' && loc.emergency && Date.parse(loc.emergency.expires) <= now) {
    out.push({ path: 'emergency.expires', code: 'rule_future', message: 'must be in the future', params: {} });
  }
  return out;
}

export function createDrafts(deps: { store: AdminStore; clock: Clock; log: Logger; audit: Audit; locationsDir: string }) {
  const { store, clock, audit } = deps;
  const toDraft = (r: { content: string; version: number; updatedAt: number; updatedBy: string }): Draft => {
    const location = locationSchema.parse(JSON.parse(r.content));
    return { location, version: r.version, updatedAt: r.updatedAt, updatedBy: r.updatedBy, hash: contentVersion(location) };
  };
  return {
    /** Adds a draft for every location file that has none yet (first start, or a new station's file). */
    seed(): string[] {
      const added: string[] = [];
      for (const loc of loadAllLocations(deps.locationsDir)) {
        store.transaction(() => {
          if (store.insertDraft(loc.id, JSON.stringify(loc), clock.now(), 'system')) {
            audit.record({ actor: 'system', action: 'draft.seed', locationId: loc.id, after: { source: `locations/${loc.id}.yaml` } });
            added.push(loc.id);
            return;
          }
          // A draft saved under an older location schema that no longer validates (a capability changed its
          // section) is replaced by the file's content; the old draft stays readable in the audit log.
          const row = store.draft(loc.id)!;
          const check = locationSchema.safeParse(JSON.parse(row.content));
          if (check.success) return;
          const problem = zodIssues(check.error).map((i) => `${i.path}: ${i.message}`).join('; ');
          if (!store.updateDraft(loc.id, JSON.stringify(loc), row.version, clock.now(), 'system')) return;
          audit.record({ actor: 'system', action: 'draft.reseed', locationId: loc.id, before: JSON.parse(row.content), after: { source: `locations/${loc.id}.yaml`, reason: problem } });
          deps.log.warn({ location: loc.id, problem }, 'stored draft no longer fits the location schema; replaced by the location file (old draft kept in the audit log)');
        });
      }
      if (added.length) deps.log.info({ added }, 'seeded location drafts from location files');
      return added;
    },
    list(): Draft[] {
      return store.drafts().map(toDraft);
    },
    get(id: string): Draft | undefined {
      const r = store.draft(id);
      return r ? toDraft(r) : undefined;
    },
    /** Validates and saves one section; `expectedVersion` guards against overwriting a colleague's save. */
    save(id: string, section: Section, body: Record<string, unknown>, expectedVersion: number, actor: string, ipHash?: string): SaveResult {
      const cur = this.get(id);
      if (!cur) throw new Error(`no draft for ${id}`);
      const candidate = applySection(cur.location, section, body, clock.now());
      if (cur.version !== expectedVersion) return { ok: false, conflict: true, issues: [], candidate };
      const parsed = locationSchema.safeParse(candidate);
      if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error), candidate };
      const rules = ruleIssues(parsed.data, section, clock.now());
      if (rules.length) return { ok: false, issues: rules, candidate };
      const keys = SECTION_KEYS[section];
      const before = Object.fromEntries(keys.map((k) => [k, cur.location[k]]));
      const after = Object.fromEntries(keys.map((k) => [k, parsed.data[k]]));
      if (JSON.stringify(before) === JSON.stringify(after)) return { ok: true, draft: cur, changed: false };
      const saved = store.transaction(() => {
        if (!store.updateDraft(id, JSON.stringify(parsed.data), expectedVersion, clock.now(), actor)) return false;
        audit.record({ actor, action: `draft.${section}`, locationId: id, before, after, ipHash });
        return true;
      });
      if (!saved) return { ok: false, conflict: true, issues: [], candidate };
      return { ok: true, draft: this.get(id)!, changed: true };
    },
  };
}
export type Drafts = ReturnType<typeof createDrafts>;
