// The content form's sections: each turns its posted fields (plain inputs, rows for lists) into a candidate
// location; the whole location is then validated with locationSchema before anything is saved.
import { randomBytes } from 'node:crypto';
import type { Location } from '../content/index.ts';
import { LANGUAGES } from '../platform/i18n.ts';
import { localToIso } from './local-time.ts';
import { linkRows } from './county.ts';

export const SECTIONS = ['names', 'terms', 'tiles', 'announcements', 'emergency', 'departures', 'guest', 'county'] as const;
export type Section = (typeof SECTIONS)[number];

/** The location keys a section edits (what the audit log records before/after). */
export const SECTION_KEYS: Record<Section, (keyof Location)[]> = {
  names: ['names'],
  terms: ['terms'],
  tiles: ['tiles'],
  announcements: ['announcements'],
  emergency: ['emergency'],
  departures: ['departures'],
  guest: ['guestProfile'],
  county: ['county'],
};

type Body = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Rows of a list field: qs gives an array, or an object keyed by index beyond its array limit. */
function rows(v: unknown): Body[] {
  if (Array.isArray(v)) return v.filter((x): x is Body => !!x && typeof x === 'object');
  if (v && typeof v === 'object') {
    return Object.entries(v as Body)
      .filter(([k]) => /^\d+$/.test(k))
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .map(([, x]) => x as Body)
      .filter((x) => !!x && typeof x === 'object');
  }
  return [];
}

/** A text in four languages from fields like name[cs], name[en] …; undefined when all four are empty. */
function localizedField(v: unknown): Record<string, string> | undefined {
  const o = (v && typeof v === 'object' ? v : {}) as Body;
  const out: Record<string, string> = {};
  for (const l of LANGUAGES) out[l] = typeof o[l] === 'string' ? (o[l] as string).replace(/\r\n/g, '\n').trim() : '';
  return LANGUAGES.every((l) => out[l] === '') ? undefined : out;
}

function num(v: unknown): number {
  const s = str(v);
  return s === '' ? NaN : Number(s);
}

const isBlankRow = (r: Body): boolean =>
  Object.entries(r).every(([k, v]) => k === 'remove' || k === 'icon' || k === 'priority' || k === 'topic' || (typeof v === 'string' ? v.trim() === '' : v && typeof v === 'object' ? isBlankRow(v as Body) : true));

const keep = (r: Body) => r.remove !== '1' && !isBlankRow(r);

/** A terms version that differs from the old one: the date at the location, then .2, .3 … on the same day. */
export function nextTermsVersion(old: string, now: number, tz: string): string {
  const d = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
  if (old !== d && !old.startsWith(d + '.')) return d;
  const n = old === d ? 1 : Number(old.slice(d.length + 1)) || 1;
  return `${d}.${n + 1}`;
}

/** Applies one section's posted fields to a copy of the draft; the result is not yet validated. */
export function applySection(draft: Location, section: Section, body: Body, now: number): Record<string, unknown> {
  const next: Record<string, unknown> = structuredClone(draft);
  const tz = draft.timezone;
  switch (section) {
    case 'names':
      next.names = localizedField(body.names) ?? {};
      break;
    case 'terms': {
      const summary = localizedField(body.summary) ?? {};
      const text = localizedField(body.text) ?? {};
      // Compared as the form shows them (trimmed, LF): a text that only lost its trailing newline is unchanged.
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(localizedField(b));
      if (same(summary, draft.terms.summary) && same(text, draft.terms.text)) break;
      next.terms = { version: nextTermsVersion(draft.terms.version, now, tz), summary, text };
      break;
    }
    case 'tiles':
      next.tiles = rows(body.tiles)
        .filter(keep)
        .map((r) => {
          const t: Record<string, unknown> = { id: str(r.id), icon: str(r.icon), title: localizedField(r.title) ?? {} };
          const text = localizedField(r.text);
          if (text) t.text = text;
          if (str(r.url)) t.url = str(r.url);
          if (str(r.phone)) t.phone = str(r.phone);
          if (str(r.topic)) t.topic = str(r.topic); // the portal section; empty: one fitting the icon
          return t;
        });
      break;
    case 'announcements':
      next.announcements = rows(body.announcements)
        .filter(keep)
        .map((r) => {
          const a: Record<string, unknown> = {
            id: str(r.id) || `a-${now.toString(36)}-${randomBytes(3).toString('hex')}`,
            text: localizedField(r.text) ?? {},
            priority: str(r.priority) || 'info',
          };
          const from = localToIso(str(r.validFrom), tz);
          const to = localToIso(str(r.validTo), tz);
          if (from) a.validFrom = from;
          if (to) a.validTo = to;
          return a;
        });
      break;
    case 'emergency': {
      const text = localizedField(body.text);
      next.emergency = text || str(body.expires) ? { text: text ?? {}, expires: localToIso(str(body.expires), tz) ?? '' } : null;
      break;
    }
    case 'departures':
      next.departures = {
        limit: num(body.limit),
        stations: rows(body.stations)
          .filter(keep)
          .map((r) => ({ feed: str(r.feed), stopIds: str(r.stopIds).split(/[\s,]+/).filter(Boolean) })),
      };
      break;
    case 'guest': {
      const g = (body.guest && typeof body.guest === 'object' ? body.guest : {}) as Body;
      next.guestProfile = {
        sessionTimeout: num(g.sessionTimeout),
        idleTimeout: num(g.idleTimeout),
        interimInterval: num(g.interimInterval),
        downKbps: num(g.downKbps),
        upKbps: num(g.upKbps),
        rememberDays: num(g.rememberDays),
        randomizedMacs: str(g.randomizedMacs),
      };
      break;
    }
    case 'county': {
      // this location's view of the county signpost: ids hidden (checkboxes), ids first (typed), its own links
      const c = (body.county && typeof body.county === 'object' ? body.county : {}) as Body;
      const hide = Array.isArray(c.hide) ? c.hide : c.hide && typeof c.hide === 'object' ? Object.values(c.hide as Body) : c.hide ? [c.hide] : [];
      next.county = { hide: hide.map(str).filter(Boolean), order: str(c.order).split(/[\s,]+/).filter(Boolean), links: linkRows(c.links) };
      break;
    }
  }
  return next;
}
