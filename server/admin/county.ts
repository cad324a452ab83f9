// The county signpost at the hub: one document (links under the region's topics, county announcements), seeded
// from locations/county/signpost.yaml, edited by county administrators on /admin/county, validated with
// countySchema (each problem names its field), audit-logged, and sent as county/signpost.json in every release.
import { COUNTY_FILE, TOPICS, countySchema, loadCountyDefault, type County } from '../content/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { DB } from '../platform/db.ts';
import { LANGUAGES } from '../platform/i18n.ts';
import type { Audit } from './audit.ts';
import { zodIssues, type FieldIssue } from './drafts.ts';
import { localToIso } from './local-time.ts';

type Body = Record<string, unknown>;

export interface CountyDoc {
  county: County;
  version: number;
  updatedAt: number;
  updatedBy: string;
}

export type CountySave = { ok: true; doc: CountyDoc; changed: boolean } | { ok: false; conflict?: boolean; issues: FieldIssue[]; candidate: Record<string, unknown> };

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function rows(v: unknown): Body[] {
  const list = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.entries(v as Body).filter(([k]) => /^\d+$/.test(k)).sort((a, b) => Number(a[0]) - Number(b[0])).map(([, x]) => x) : [];
  return list.filter((x): x is Body => !!x && typeof x === 'object');
}

function localizedField(v: unknown): Record<string, string> | undefined {
  const o = (v && typeof v === 'object' ? v : {}) as Body;
  const out: Record<string, string> = {};
  for (const l of LANGUAGES) out[l] = typeof o[l] === 'string' ? (o[l] as string).replace(/\r\n/g, '\n').trim() : '';
  return LANGUAGES.every((l) => out[l] === '') ? undefined : out;
}

const blank = (r: Body): boolean => Object.entries(r).every(([k, v]) => k === 'remove' || k === 'topic' || k === 'priority' || (typeof v === 'string' ? v.trim() === '' : v && typeof v === 'object' ? blank(v as Body) : true));
const keep = (r: Body) => r.remove !== '1' && !blank(r);

/** Signpost links from the form's rows (links[i][id|topic|url|title][lang]|text[lang]); not yet validated. */
export function linkRows(v: unknown): Record<string, unknown>[] {
  return rows(v)
    .filter(keep)
    .map((r) => {
      const l: Record<string, unknown> = { id: str(r.id), topic: str(r.topic), title: localizedField(r.title) ?? {}, url: str(r.url) };
      const text = localizedField(r.text);
      if (text) l.text = text;
      return l;
    });
}

/** The county document a form post describes (links and announcements rows); not yet validated. */
export function countyFromForm(body: Body, tz = 'Europe/Prague'): Record<string, unknown> {
  return {
    links: linkRows(body.links),
    announcements: rows(body.announcements)
      .filter(keep)
      .map((r) => {
        const a: Record<string, unknown> = { id: str(r.id), text: localizedField(r.text) ?? {}, priority: str(r.priority) || 'info' };
        const from = localToIso(str(r.validFrom), tz);
        const to = localToIso(str(r.validTo), tz);
        if (from) a.validFrom = from;
        if (to) a.validTo = to;
        return a;
      }),
  };
}

export function createCountySignpost(deps: { db: DB; clock: Clock; audit: Audit; locationsDir: string }) {
  const { db, clock, audit } = deps;
  const s = {
    get: db.prepare<[], { content: string; version: number; updatedAt: number; updatedBy: string }>('SELECT content, version, updated_at AS updatedAt, updated_by AS updatedBy FROM admin_county WHERE id = 1'),
    insert: db.prepare('INSERT OR IGNORE INTO admin_county (id, content, version, updated_at, updated_by) VALUES (1, ?, 1, ?, ?)'),
    update: db.prepare('UPDATE admin_county SET content = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = 1 AND version = ?'),
  };
  const doc = (): CountyDoc => {
    let r = s.get.get();
    if (!r) {
      s.insert.run(JSON.stringify(loadCountyDefault(deps.locationsDir)), clock.now(), 'system');
      r = s.get.get()!;
    }
    return { county: countySchema.parse(JSON.parse(r.content)), version: r.version, updatedAt: r.updatedAt, updatedBy: r.updatedBy };
  };
  return {
    topics: TOPICS,
    get: doc,
    /** The release file every location's publication carries. */
    file: (): Record<string, Buffer> => ({ [COUNTY_FILE]: Buffer.from(JSON.stringify(doc().county)) }),
    save(body: Body, expectedVersion: number, actor: string, ipHash?: string): CountySave {
      const cur = doc();
      const candidate = countyFromForm(body);
      if (cur.version !== expectedVersion) return { ok: false, conflict: true, issues: [], candidate };
      const parsed = countySchema.safeParse(candidate);
      if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error), candidate };
      const after = parsed.data.announcements.flatMap((a, i) => (a.validFrom && a.validTo && Date.parse(a.validTo) <= Date.parse(a.validFrom) ? [{ path: `announcements.${i}.validTo`, code: 'rule_after', message: 'must be after valid-from', params: {} }] : []));
      if (after.length) return { ok: false, issues: after, candidate };
      if (JSON.stringify(parsed.data) === JSON.stringify(cur.county)) return { ok: true, doc: cur, changed: false };
      const saved = db.transaction(() => {
        if (s.update.run(JSON.stringify(parsed.data), clock.now(), actor, expectedVersion).changes !== 1) return false;
        audit.record({ actor, action: 'county.save', before: cur.county, after: parsed.data, ipHash });
        return true;
      })();
      if (!saved) return { ok: false, conflict: true, issues: [], candidate };
      return { ok: true, doc: doc(), changed: true };
    },
  };
}
export type CountySignpost = ReturnType<typeof createCountySignpost>;
